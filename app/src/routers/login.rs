//! A login the hotspot profile's on-login script reports (`POST /webhooks/routers/{id}`):
//! the router proves itself with the location's webhook token, compared in constant time
//! with the sealed one read from the Location aggregate (the write side: a token is good
//! the moment it is issued, however far behind the read models are, ADR 0022); the login
//! activates the matching voucher, found through `voucher_codes` (first detector wins).

use subtle::ConstantTimeEq;
use tagih_aggregates::location::Location;
use tagih_aggregates::voucher::ActivationSource;
use tagih_commands::{CommandError, Metadata};

use super::first_login::activate_reported_login;
use crate::App;

/// Why a report is not taken.
#[derive(Debug, thiserror::Error)]
pub enum LoginRefused {
    #[error("unknown location")]
    UnknownLocation,
    #[error("bad router token")]
    BadToken,
    /// The database failed: the router should try again.
    #[error("try again: {0}")]
    Unavailable(String),
}

fn token_matches(expected: &str, given: &str) -> bool {
    expected.as_bytes().ct_eq(given.as_bytes()).into()
}

/// The location, when `given` is its router token.
pub async fn authenticate(
    app: &App,
    location_id: &str,
    given: &str,
) -> Result<Location, LoginRefused> {
    let location = match app.bus.load::<Location>(location_id).await {
        Ok(l) if l.settings.is_some() => l,
        Ok(_) => return Err(LoginRefused::UnknownLocation),
        Err(e) => return Err(LoginRefused::Unavailable(e.to_string())),
    };
    let expected = location
        .router_token_enc
        .as_deref()
        .and_then(|sealed| app.secrets.open(sealed).ok());
    if !expected.is_some_and(|t| !given.is_empty() && token_matches(&t, given)) {
        return Err(LoginRefused::BadToken);
    }
    Ok(location)
}

/// Activates the voucher `user` logged in with at `location_id`, now; returns how many
/// were activated.
pub async fn record_login(
    app: &App,
    location_id: &str,
    user: &str,
    meta: &Metadata,
) -> Result<usize, CommandError> {
    activate_reported_login(
        &app.bus,
        location_id,
        user,
        app.clock.now(),
        ActivationSource::RouterWebhook,
        meta,
    )
    .await
}
