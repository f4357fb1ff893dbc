//! Live sessions: polls `/ip/hotspot/active` and `/ppp/active` of every active router,
//! keeps the `router_sessions` cache the dashboard reads (with a notification when a
//! location's sessions changed), and activates vouchers whose first login it sees.

use std::collections::BTreeSet;

use async_trait::async_trait;
use chrono::Duration;
use sqlx::PgPool;
use tagih_aggregates::voucher::ActivationSource;
use tagih_commands::Metadata;

use super::fleet::visit_routers;
use super::{Job, JobContext};
use crate::ports::{ActiveSession, RouterTarget};
use tagih_app::routers::first_login::activate_logins;

pub const CHANNEL: &str = "router_sessions";

pub struct SessionPoll;

#[async_trait]
impl Job for SessionPoll {
    fn name(&self) -> &'static str {
        "session_poll"
    }

    fn default_schedule(&self) -> &'static str {
        "*/15 * * * * *"
    }

    async fn run(&self, ctx: &JobContext) -> Result<String, String> {
        let lines = visit_routers(ctx, |l, target| async move {
            match target {
                Ok(t) => poll(ctx, &t)
                    .await
                    .unwrap_or_else(|e| format!("{}: {e}", l.id)),
                Err(e) => format!("{}: {e}", l.id),
            }
        })
        .await?;
        Ok(lines.join("; "))
    }
}

async fn poll(ctx: &JobContext, router: &RouterTarget) -> Result<String, String> {
    let hotspot = ctx
        .gateway
        .hotspot_active(router)
        .await
        .map_err(|e| e.to_string())?;
    // PPP may be absent (hotspot-only router); its failure must not hide hotspot sessions.
    let ppp = ctx.gateway.ppp_active(router).await.unwrap_or_default();
    let changed = store(
        ctx.bus.pool(),
        &router.location_id,
        &hotspot,
        &ppp,
        ctx.clock.now(),
    )
    .await
    .map_err(|e| e.to_string())?;
    let now = ctx.clock.now();
    let logins: Vec<_> = hotspot
        .iter()
        .map(|s| (s.user.clone(), now - Duration::seconds(s.uptime_secs)))
        .collect();
    let meta = Metadata::system("job:session_poll");
    let activated = activate_logins(
        &ctx.bus,
        &router.location_id,
        &logins,
        ActivationSource::ActivePoll,
        &meta,
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(format!(
        "{}: {} hotspot, {} ppp sessions{}, {activated} first logins",
        router.location_id,
        hotspot.len(),
        ppp.len(),
        if changed { " (changed)" } else { "" }
    ))
}

fn fingerprint(rows: &[(&str, &ActiveSession)]) -> BTreeSet<(String, String, String)> {
    rows.iter()
        .map(|(k, s)| (k.to_string(), s.router_id.clone(), s.user.clone()))
        .collect()
}

/// Replaces the location's cached sessions in one short transaction; returns whether the
/// set of sessions changed (and notifies listeners if so).
async fn store(
    pool: &PgPool,
    location_id: &str,
    hotspot: &[ActiveSession],
    ppp: &[ActiveSession],
    now: chrono::DateTime<chrono::Utc>,
) -> sqlx::Result<bool> {
    let rows: Vec<(&str, &ActiveSession)> = hotspot
        .iter()
        .map(|s| ("hotspot", s))
        .chain(ppp.iter().map(|s| ("ppp", s)))
        .collect();
    let mut tx = pool.begin().await?;
    let before: Vec<(String, String, String)> = sqlx::query_as(
        "delete from router_sessions where location_id = $1 returning kind, router_id, username",
    )
    .bind(location_id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "insert into router_sessions (location_id, kind, router_id, username, address,
                                      mac_address, uptime_secs, bytes_in, bytes_out, observed_at)
         select $1, *, $10 from unnest($2::text[], $3::text[], $4::text[], $5::text[],
                                       $6::text[], $7::bigint[], $8::bigint[], $9::bigint[])",
    )
    .bind(location_id)
    .bind(rows.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>())
    .bind(
        rows.iter()
            .map(|(_, s)| s.router_id.clone())
            .collect::<Vec<_>>(),
    )
    .bind(rows.iter().map(|(_, s)| s.user.clone()).collect::<Vec<_>>())
    .bind(
        rows.iter()
            .map(|(_, s)| s.address.clone())
            .collect::<Vec<_>>(),
    )
    .bind(
        rows.iter()
            .map(|(_, s)| s.mac_address.clone())
            .collect::<Vec<_>>(),
    )
    .bind(rows.iter().map(|(_, s)| s.uptime_secs).collect::<Vec<_>>())
    .bind(rows.iter().map(|(_, s)| s.bytes_in).collect::<Vec<_>>())
    .bind(rows.iter().map(|(_, s)| s.bytes_out).collect::<Vec<_>>())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let changed = before.into_iter().collect::<BTreeSet<_>>() != fingerprint(&rows);
    if changed {
        sqlx::query("select pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(location_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(changed)
}
