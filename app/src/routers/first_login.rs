//! First logins, whoever saw them (router webhook, session poller, uptime scan): the
//! matching unactivated vouchers are activated; the first report wins, later ones are
//! no-ops in the aggregate.

use chrono::{DateTime, Utc};
use tagih_aggregates::voucher::ActivationSource;
use tagih_commands::vouchers::activate;
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
