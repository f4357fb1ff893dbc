//! Commands on single vouchers and bulk outcome recording for the provisioning saga.

use chrono::{DateTime, Utc};
use tagih_aggregates::voucher::{ActivationSource, Voucher, VoucherCommand as C};

use crate::bulk::execute_many;
use crate::bus::{CommandBus, Written, jitter};
use crate::error::CommandError;
use crate::metadata::Metadata;

/// First login seen (router webhook, poller, or scan): valid_until = first login + validity.
/// Idempotent: the first report wins, later ones change nothing.
/// The voucher with this code at `location_id`, from the write-side `voucher_codes` table
/// (reserved in the transaction that generates the voucher): found the moment it exists,
/// whatever the read models' lag (ADR 0022).
pub async fn id_by_code(
    bus: &CommandBus,
    location_id: &str,
    code: &str,
) -> Result<Option<String>, CommandError> {
    Ok(sqlx::query_scalar(
        "select voucher_id from voucher_codes where location_id = $1 and code = $2",
    )
    .bind(location_id)
    .bind(code)
    .fetch_optional(bus.pool())
    .await?)
}

pub async fn activate(
    bus: &CommandBus,
    id: &str,
    first_login_at: DateTime<Utc>,
    source: ActivationSource,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<Voucher>(
        id,
        C::ActivateVoucher {
            first_login_at,
            source,
        },
        &meta.with_command("ActivateVoucher"),
    )
    .await
}

pub async fn revoke(
    bus: &CommandBus,
    id: &str,
    reason: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<Voucher>(
        id,
        C::RevokeVoucher {
            reason: reason.to_string(),
        },
        &meta.with_command("RevokeVoucher"),
    )
    .await
}

pub async fn expire(
    bus: &CommandBus,
    id: &str,
    now: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<Voucher>(
        id,
        C::ExpireVoucher { now },
        &meta.with_command("ExpireVoucher"),
    )
    .await
}

/// What a router-effect worker reports for one voucher.
#[derive(Debug, Clone)]
pub enum RouterOutcome {
    ActivationWrittenBack,
    DisabledOnRouter { sessions_removed: u32 },
    Removed,
}

/// Records router outcomes in one transaction (retried on conflicts); outcomes for
/// vouchers already past them are no-ops.
pub async fn record_router_outcomes(
    bus: &CommandBus,
    outcomes: &[(String, RouterOutcome)],
    meta: &Metadata,
) -> Result<(), CommandError> {
    let meta = meta.with_command("RecordRouterOutcome");
    let items: Vec<(String, C)> = outcomes
        .iter()
        .map(|(id, o)| {
            let cmd = match o {
                RouterOutcome::ActivationWrittenBack => C::RecordActivationWrittenBack,
                RouterOutcome::DisabledOnRouter { sessions_removed } => C::RecordDisabledOnRouter {
                    sessions_removed: *sessions_removed,
                },
                RouterOutcome::Removed => C::RecordRemoved,
            };
            (id.clone(), cmd)
        })
        .collect();
    execute_many_retrying(bus, items, &meta).await
}

/// Expires many vouchers at `now` in one transaction; ones already expired are no-ops.
pub async fn expire_many(
    bus: &CommandBus,
    ids: &[String],
    now: DateTime<Utc>,
    meta: &Metadata,
) -> Result<(), CommandError> {
    let items = ids
        .iter()
        .map(|id| (id.clone(), C::ExpireVoucher { now }))
        .collect();
    execute_many_retrying(bus, items, &meta.with_command("ExpireVoucher")).await
}

async fn execute_many_retrying(
    bus: &CommandBus,
    items: Vec<(String, C)>,
    meta: &Metadata,
) -> Result<(), CommandError> {
    if items.is_empty() {
        return Ok(());
    }
    for attempt in 1..=5 {
        let mut tx = bus.pool().begin().await?;
        match execute_many::<Voucher>(&mut tx, items.clone(), meta).await {
            Ok(_) => return Ok(tx.commit().await?),
            Err(CommandError::Conflict(_)) if attempt < 5 => jitter(attempt).await,
            Err(e) => return Err(e),
        }
    }
    Err(CommandError::Conflict("voucher"))
}

/// An outcome the provisioning saga reports for one voucher.
#[derive(Debug, Clone)]
pub enum ProvisioningOutcome {
    Provisioned { attempt: i32 },
    Failed { attempt: i32, error: String },
}

/// Records many outcomes in one transaction; retried as a whole on a concurrent change.
/// Outcomes for vouchers that moved on are no-ops, so replays are harmless.
pub async fn record_outcomes(
    bus: &CommandBus,
    outcomes: &[(String, ProvisioningOutcome)],
    meta: &Metadata,
) -> Result<(), CommandError> {
    let items = outcomes
        .iter()
        .map(|(id, o)| {
            let cmd = match o.clone() {
                ProvisioningOutcome::Provisioned { attempt } => C::RecordProvisioned { attempt },
                ProvisioningOutcome::Failed { attempt, error } => {
                    C::RecordProvisioningFailed { attempt, error }
                }
            };
            (id.clone(), cmd)
        })
        .collect();
    execute_many_retrying(bus, items, &meta.with_command("RecordProvisioningOutcome")).await
}
