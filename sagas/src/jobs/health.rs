//! Router health: probes `/system/resource` and `/system/identity` of every active router
//! and records a `RouterHealthChecked` when something changed (online, version, identity,
//! error) or the heartbeat is due — so the log is not flooded with identical probes.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tagih_aggregates::router_health::HealthCheck;
use tagih_commands::Metadata;
use tagih_commands::router_observations::record_health;
use tagih_projections::location_health::HealthRow;
use tagih_projections::router_queries;

use super::JobContext;
use super::fleet::visit_routers;
use crate::ports::RouterReading;

const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

pub struct RouterHealthJob;

fn reading_check(location_id: &str, at: DateTime<Utc>, r: RouterReading) -> HealthCheck {
    HealthCheck {
        location_id: location_id.to_string(),
        at,
        online: true,
        latency_ms: Some(r.latency_ms),
        identity: r.identity,
        version: r.version,
        board: r.board,
        uptime_secs: r.uptime_secs,
        cpu_load: r.cpu_load,
        free_memory: r.free_memory,
        total_memory: r.total_memory,
        error: None,
    }
}

fn error_check(location_id: &str, at: DateTime<Utc>, error: String) -> HealthCheck {
    HealthCheck {
        location_id: location_id.to_string(),
        at,
        online: false,
        latency_ms: None,
        identity: None,
        version: None,
        board: None,
        uptime_secs: None,
        cpu_load: None,
        free_memory: None,
        total_memory: None,
        error: Some(error),
    }
}

/// Whether this check says something the last recorded one did not.
pub fn worth_recording(last: Option<&HealthRow>, check: &HealthCheck, heartbeat_secs: i64) -> bool {
    let Some(last) = last else { return true };
    last.online != check.online
        || last.error != check.error
        || last.version != check.version
        || last.identity != check.identity
        || (check.at - last.checked_at).num_seconds() >= heartbeat_secs
}

/// Probes one location and records the result when worth it; returns a summary line.
pub async fn check_location(ctx: &JobContext, location_id: &str, probe: HealthCheck) -> String {
    let last = router_queries::location_health(ctx.bus.pool(), location_id)
        .await
        .ok()
        .flatten();
    let line = match &probe.error {
        None => format!("{location_id}: online"),
        Some(e) => format!("{location_id}: {e}"),
    };
    if worth_recording(last.as_ref(), &probe, ctx.routers.health_heartbeat_secs) {
        let meta = Metadata::system("job:router_health");
        if let Err(e) = record_health(&ctx.bus, probe, &meta).await {
            return format!("{location_id}: could not record: {e}");
        }
    }
    line
}

#[async_trait]
impl super::Job for RouterHealthJob {
    fn name(&self) -> &'static str {
        "router_health"
    }

    fn default_schedule(&self) -> &'static str {
        "0 * * * * *"
    }

    async fn run(&self, ctx: &JobContext) -> Result<String, String> {
        let lines = visit_routers(ctx, |l, target| async move {
            let at = ctx.clock.now();
            let probe = match target {
                Err(e) => error_check(&l.id, at, e.to_string()),
                Ok(t) => match tokio::time::timeout(PROBE_TIMEOUT, ctx.gateway.probe(&t)).await {
                    Ok(Ok(r)) => reading_check(&l.id, at, r),
                    Ok(Err(e)) => error_check(&l.id, at, e.to_string()),
                    Err(_) => error_check(&l.id, at, "router did not answer in time".into()),
                },
            };
            check_location(ctx, &l.id, probe).await
        })
        .await?;
        Ok(lines.join("; "))
    }
}
