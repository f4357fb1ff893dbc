//! Routers: a full sync of one router on demand (through the `RouterSync` port; adapter:
//! `tagih-sagas::jobs::router_sync`), the webhook token, PPP profile prices, and logins
//! the routers report (`login`, `first_login`).

pub mod first_login;
pub mod login;

use async_trait::async_trait;
use rust_decimal::Decimal;
use tagih_commands::{Metadata, Written, locations, ppp_profiles};
use tagih_projections::locations::LocationRow;
use tagih_projections::{names, queries};

use crate::App;
use crate::error::{AppError, AppResult};

/// What one router's sync did, and where its last write landed.
#[derive(Debug, Clone, Default)]
pub struct SyncSummary {
    pub summary: String,
    pub written: Written,
}

#[async_trait]
pub trait RouterSync: Send + Sync {
    /// Token, profiles and on-login script, first logins, drift (repaired when `repair`).
    async fn sync(&self, location: &LocationRow, repair: bool) -> Result<SyncSummary, String>;
}

/// Syncs one router now; returns the run's summary once the drift report and profiles
/// the caller asks for next include this sync's own writes.
pub async fn sync(app: &App, location_id: &str, repair: bool) -> AppResult<String> {
    let location = queries::location(&app.pool, location_id)
        .await?
        .ok_or_else(|| AppError::NotFound("location not found".into()))?;
    let sync = app
        .ports
        .routers
        .sync(&location, repair)
        .await
        .map_err(|e| AppError::Rejected(format!("router sync failed: {e}")))?;
    for projection in [
        names::ROUTER_DRIFT,
        names::PPP_PROFILES,
        names::VOUCHER_PROFILES,
    ] {
        app.settle(projection, sync.written).await;
    }
    Ok(sync.summary)
}

/// Issues a new webhook token; routers get it with the next sync.
pub async fn rotate_token(app: &App, location_id: &str, meta: &Metadata) -> AppResult<()> {
    // No wait for the read model: the router webhook checks the Location aggregate's
    // token (ADR 0022), which has the new one now.
    locations::issue_router_token(&app.bus, &app.secrets, location_id, meta).await?;
    Ok(())
}

pub async fn set_ppp_profile_price(
    app: &App,
    id: &str,
    price: Decimal,
    meta: &Metadata,
) -> AppResult<()> {
    let written = ppp_profiles::set_price(&app.bus, id, price, meta).await?;
    app.settle(names::PPP_PROFILES, written).await;
    Ok(())
}
