//! First logins, whoever saw them (router webhook, session poller, uptime scan): the
//! matching unactivated vouchers are activated; the first report wins, later ones are
//! no-ops in the aggregate.

use chrono::{DateTime, Utc};
use tagih_aggregates::voucher::{ActivationSource, Voucher, VoucherStatus};
use tagih_commands::vouchers::{activate, id_by_code};
use tagih_commands::{CommandBus, CommandError, Metadata};
use tagih_projections::router_queries::unactivated_by_codes;

/// Activates the vouchers of `location_id` among `logins` (code, first login); returns how
/// many were still unactivated when looked up (a racing detector may have won some).
pub async fn activate_logins(
    bus: &CommandBus,
    location_id: &str,
    logins: &[(String, DateTime<Utc>)],
    source: ActivationSource,
    meta: &Metadata,
) -> Result<usize, CommandError> {
    if logins.is_empty() {
        return Ok(0);
    }
    let codes: Vec<String> = logins.iter().map(|(c, _)| c.clone()).collect();
    let vouchers = unactivated_by_codes(bus.pool(), location_id, &codes).await?;
    let mut activated = 0;
    for v in vouchers {
        let Some((_, at)) = logins.iter().find(|(c, _)| *c == v.code) else {
            continue;
        };
        match activate(bus, &v.id, *at, source, meta).await {
            Ok(_) => activated += 1,
            // Revoked meanwhile: nothing to activate.
            Err(CommandError::Domain { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(activated)
}

/// One login a router reported: the voucher is found by its code in the write-side
/// `voucher_codes` table and judged by its aggregate, never a read model (ADR 0022), so a
/// voucher generated a moment ago is activated even while the projections lag. Returns 1
/// when the voucher was still unactivated when looked up, 0 otherwise (no such code, already
/// activated or expired, revoked).
pub async fn activate_reported_login(
    bus: &CommandBus,
    location_id: &str,
    code: &str,
    at: DateTime<Utc>,
    source: ActivationSource,
    meta: &Metadata,
) -> Result<usize, CommandError> {
    let Some(id) = id_by_code(bus, location_id, code).await? else {
        return Ok(0);
    };
    let voucher: Voucher = bus.load(&id).await?;
    if voucher.issue.is_none()
        || !matches!(
            voucher.status,
            VoucherStatus::Generated | VoucherStatus::Provisioned
        )
    {
        return Ok(0);
    }
    match activate(bus, &id, at, source, meta).await {
        Ok(_) => Ok(1),
        // Revoked meanwhile: nothing to activate.
        Err(CommandError::Domain { .. }) => Ok(0),
        Err(e) => Err(e),
    }
}
