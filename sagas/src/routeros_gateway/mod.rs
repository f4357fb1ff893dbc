//! The real `RouterGateway`: Tagih's own RouterOS client, one pooled connection per
//! location, every voucher of a batch added in one pipelined round trip.

use async_trait::async_trait;
use rust_decimal::Decimal;
use tagih_routeros::client::{self, Command, Connection, Pool, RouterConfig, TlsMode};

use crate::ports::{HotspotVoucher, RouterError, RouterGateway, RouterTarget};

/// The comment marking a voucher Tagih owns: `VOUCHER_SYSTEM|<price>|<first_login_unix>|
/// <valid_until_unix>`, the last two empty until the first login.
pub fn voucher_comment(price_sell: Decimal) -> String {
    format!("VOUCHER_SYSTEM|{price_sell}||")
}

/// RouterOS time values: "1d2h3m4s" (zero parts left out).
pub fn routeros_duration(secs: i64) -> String {
    let parts = [
        (secs / 86_400, "d"),
        (secs % 86_400 / 3600, "h"),
        (secs % 3600 / 60, "m"),
        (secs % 60, "s"),
    ];
    let text: String = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| format!("{n}{u}"))
        .collect();
    if text.is_empty() { "0s".into() } else { text }
}

pub struct RouterOsGateway {
    pool: Pool<String>,
}

impl Default for RouterOsGateway {
    fn default() -> Self {
        Self {
            pool: Pool::new(client::Backoff::default()),
        }
    }
}

fn router_config(router: &RouterTarget) -> Result<RouterConfig, RouterError> {
    let config = RouterConfig::new(
        router.host.clone(),
        router.username.clone(),
        router.password.clone(),
    );
    match router.transport.as_str() {
        "API" => Ok(config.with_port(router.port)),
        // Strict verification until locations carry a pinned fingerprint or CA (RouterOS issue).
        "API_TLS" => Ok(config
            .with_tls(TlsMode::Verify {
                ca_certificates: vec![],
            })
            .with_port(router.port)),
        other => Err(RouterError::Unreachable(format!(
            "transport {other} is not supported by the API client"
        ))),
    }
}

fn add_command(router: &RouterTarget, u: &HotspotVoucher) -> Command {
    let mut cmd = Command::new("/ip/hotspot/user/add")
        .attr("name", &u.code)
        .attr("password", &u.password)
        .attr("profile", &u.profile_name)
        .attr("comment", voucher_comment(u.price_sell));
    if !router.hotspot_server.is_empty() && router.hotspot_server != "all" {
        cmd = cmd.attr("server", &router.hotspot_server);
    }
    if let Some(secs) = u.uptime_limit_secs {
        cmd = cmd.attr("limit-uptime", routeros_duration(secs));
    }
    if let Some(bytes) = u.data_quota_bytes {
        cmd = cmd.attr("limit-bytes-total", bytes.to_string());
    }
    cmd
}

/// Session-level failures leave rows waiting (the router comes back); item-level refusals
/// count as attempts.
fn port_error(e: client::RouterError) -> RouterError {
    if e.is_transient()
        || matches!(
            e,
            client::RouterError::Login(_) | client::RouterError::Tls(_)
        )
    {
        RouterError::Unreachable(e.to_string())
    } else {
        RouterError::Refused(e.to_string())
    }
}

/// A name that already exists is ours (a retry after a lost reply) only if it carries our
/// marker and this voucher's password; anything else is somebody else's user.
async fn confirm_ours(conn: &Connection, u: &HotspotVoucher) -> Result<(), RouterError> {
    let found = conn
        .call(
            Command::new("/ip/hotspot/user/print")
                .where_eq("name", &u.code)
                .proplist(&["comment", "password"]),
        )
        .await
        .map_err(port_error)?;
    let ours = found.iter().any(|r| {
        r.get("comment")
            .is_some_and(|c| c.starts_with("VOUCHER_SYSTEM|"))
            && r.get("password").is_none_or(|p| p == &u.password)
    });
    if ours {
        Ok(())
    } else {
        Err(RouterError::Refused(
            "a different user with this name exists on the router".into(),
        ))
    }
}

#[async_trait]
impl RouterGateway for RouterOsGateway {
    async fn add_hotspot_users(
        &self,
        router: &RouterTarget,
        users: &[HotspotVoucher],
    ) -> Result<Vec<Result<(), RouterError>>, RouterError> {
        let config = router_config(router)?;
        let conn = self
            .pool
            .get(&router.location_id, &config)
            .await
            .map_err(port_error)?;
        let results = conn
            .call_many(users.iter().map(|u| add_command(router, u)).collect())
            .await;
        let mut out = Vec::with_capacity(users.len());
        for (u, result) in users.iter().zip(results) {
            out.push(match result {
                Ok(_) => Ok(()),
                Err(client::RouterError::DuplicateName) => confirm_ours(&conn, u).await,
                Err(e) => Err(port_error(e)),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn comments_and_durations_use_routeros_formats() {
        assert_eq!(voucher_comment(dec!(5000)), "VOUCHER_SYSTEM|5000||");
        assert_eq!(routeros_duration(86_400 + 3_600 * 2 + 5), "1d2h5s");
        assert_eq!(routeros_duration(1_800), "30m");
        assert_eq!(routeros_duration(0), "0s");
    }
}
