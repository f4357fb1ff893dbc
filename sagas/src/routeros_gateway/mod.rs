//! The real `RouterGateway`: Tagih's own RouterOS client, one pooled connection per
//! location, every voucher of a batch added in one pipelined round trip. Reads live in
//! `read`, user and profile changes in `change`.

mod change;
mod read;

use async_trait::async_trait;
use rust_decimal::Decimal;
use tagih_routeros::client::{self, Command, Connection, Pool, RouterConfig, TlsMode};

use crate::ports::{
    ActiveSession, HotspotProfileSpec, HotspotVoucher, RouterError, RouterGateway, RouterProfile,
    RouterReading, RouterTarget, RouterUser, TlsTrustSetting, UserChange, UserTable,
};

/// The comment marking a voucher Tagih owns: `VOUCHER_SYSTEM|<price>|<first_login_unix>|
/// <valid_until_unix>`, the last two empty until the first login.
pub fn voucher_comment(price_sell: Decimal) -> String {
    format!("VOUCHER_SYSTEM|{price_sell}||")
}

/// RouterOS time values: "1d2h3m4s" (zero parts left out).
pub fn routeros_duration(secs: i64) -> String {
    tagih_routeros::values::format_duration(u64::try_from(secs).unwrap_or(0))
}

/// The comment of an activated voucher: first login and valid-until as unix seconds.
pub fn activated_comment(
    price_sell: Decimal,
    first_login: chrono::DateTime<chrono::Utc>,
    valid_until: chrono::DateTime<chrono::Utc>,
) -> String {
    format!(
        "VOUCHER_SYSTEM|{price_sell}|{}|{}",
        first_login.timestamp(),
        valid_until.timestamp()
    )
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
        "API_TLS" => Ok(config
            .with_tls(tls_mode(&router.tls_trust)?)
            .with_port(router.port)),
        other => Err(RouterError::Unreachable(format!(
            "transport {other} is not supported by the API client"
        ))),
    }
}

fn tls_mode(trust: &TlsTrustSetting) -> Result<TlsMode, RouterError> {
    Ok(match trust {
        // No CA bundle is configured per location yet, so strict verification refuses
        // every certificate: routers use self-signed ones, which the operator pins or
        // explicitly accepts. Refusing is the honest default.
        TlsTrustSetting::Verify => TlsMode::Verify {
            ca_certificates: vec![],
        },
        TlsTrustSetting::AcceptSelfSigned => TlsMode::AcceptSelfSigned,
        TlsTrustSetting::Pinned(hex) => TlsMode::Pinned(
            client::parse_fingerprint(hex)
                .ok_or_else(|| RouterError::Refused("malformed pinned fingerprint".into()))?,
        ),
    })
}

pub(crate) fn add_command(router: &RouterTarget, u: &HotspotVoucher) -> Command {
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
pub(crate) fn port_error(e: client::RouterError) -> RouterError {
    // While backing off, report the failure that caused it, not the changing countdown.
    if let client::RouterError::Backoff { last_error, .. } = e {
        return RouterError::Unreachable(last_error);
    }
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

impl RouterOsGateway {
    async fn connection(
        &self,
        router: &RouterTarget,
    ) -> Result<std::sync::Arc<Connection>, RouterError> {
        let config = router_config(router)?;
        self.pool
            .get(&router.location_id, &config)
            .await
            .map_err(port_error)
    }
}

#[async_trait]
impl RouterGateway for RouterOsGateway {
    async fn add_hotspot_users(
        &self,
        router: &RouterTarget,
        users: &[HotspotVoucher],
    ) -> Result<Vec<Result<(), RouterError>>, RouterError> {
        let conn = self.connection(router).await?;
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

    async fn probe(&self, router: &RouterTarget) -> Result<RouterReading, RouterError> {
        read::probe(&*self.connection(router).await?).await
    }

    async fn hotspot_active(
        &self,
        router: &RouterTarget,
    ) -> Result<Vec<ActiveSession>, RouterError> {
        read::sessions(
            &*self.connection(router).await?,
            "/ip/hotspot/active",
            "user",
        )
        .await
    }

    async fn ppp_active(&self, router: &RouterTarget) -> Result<Vec<ActiveSession>, RouterError> {
        read::sessions(&*self.connection(router).await?, "/ppp/active", "name").await
    }

    async fn hotspot_users(&self, router: &RouterTarget) -> Result<Vec<RouterUser>, RouterError> {
        read::accounts(&*self.connection(router).await?, "/ip/hotspot/user").await
    }

    async fn hotspot_profiles(
        &self,
        router: &RouterTarget,
    ) -> Result<Vec<RouterProfile>, RouterError> {
        read::profiles(&*self.connection(router).await?, "/ip/hotspot/user/profile").await
    }

    async fn ppp_profiles(&self, router: &RouterTarget) -> Result<Vec<RouterProfile>, RouterError> {
        read::profiles(&*self.connection(router).await?, "/ppp/profile").await
    }

    async fn upsert_hotspot_profiles(
        &self,
        router: &RouterTarget,
        profiles: &[HotspotProfileSpec],
    ) -> Result<Vec<Result<(), RouterError>>, RouterError> {
        change::upsert_profiles(&*self.connection(router).await?, profiles).await
    }

    async fn apply_user_changes(
        &self,
        router: &RouterTarget,
        table: UserTable,
        changes: &[UserChange],
    ) -> Result<Vec<Result<u32, RouterError>>, RouterError> {
        let changes: Vec<(UserTable, UserChange)> =
            changes.iter().map(|c| (table, c.clone())).collect();
        self.apply_account_changes(router, &changes).await
    }

    async fn apply_account_changes(
        &self,
        router: &RouterTarget,
        changes: &[(UserTable, UserChange)],
    ) -> Result<Vec<Result<u32, RouterError>>, RouterError> {
        let conn = self.connection(router).await?;
        change::apply(&conn, router, changes).await
    }

    async fn ppp_secrets(&self, router: &RouterTarget) -> Result<Vec<RouterUser>, RouterError> {
        read::accounts(&*self.connection(router).await?, "/ppp/secret").await
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
        assert_eq!(routeros_duration(8 * 86_400), "1w1d");
        assert_eq!(routeros_duration(1_800), "30m");
        assert_eq!(routeros_duration(0), "0s");
    }
}
