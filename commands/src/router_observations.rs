//! What jobs observe on routers, recorded as events: health probes and drift checks, each
//! on the location's stream of the day.

use chrono::{DateTime, Utc};
use tagih_aggregates::router_drift::{DriftItem, RepairFailure, RouterDrift, RouterDriftCommand};
use tagih_aggregates::router_health::{self, HealthCheck, RouterHealth, RouterHealthCommand};

use crate::bus::{CommandBus, Written};
use crate::error::CommandError;
use crate::metadata::Metadata;

pub async fn record_health(
    bus: &CommandBus,
    check: HealthCheck,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let id = router_health::stream_id(&check.location_id, check.at);
    bus.execute::<RouterHealth>(
        &id,
        RouterHealthCommand::RecordHealth(check),
        &meta.with_command("RecordHealth"),
    )
    .await
}

pub async fn record_drift_check(
    bus: &CommandBus,
    location_id: &str,
    at: DateTime<Utc>,
    users_on_router: u32,
    items: Vec<DriftItem>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<RouterDrift>(
        &router_health::stream_id(location_id, at),
        RouterDriftCommand::RecordDriftCheck {
            location_id: location_id.to_string(),
            at,
            users_on_router,
            items,
        },
        &meta.with_command("RecordDriftCheck"),
    )
    .await
}

pub async fn record_drift_repair(
    bus: &CommandBus,
    location_id: &str,
    at: DateTime<Utc>,
    repaired: Vec<DriftItem>,
    failed: Vec<RepairFailure>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<RouterDrift>(
        &router_health::stream_id(location_id, at),
        RouterDriftCommand::RecordDriftRepair {
            location_id: location_id.to_string(),
            at,
            repaired,
            failed,
        },
        &meta.with_command("RecordDriftRepair"),
    )
    .await
}
