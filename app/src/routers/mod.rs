//! Routers: a full sync of one router on demand (through the `RouterSync` port; adapter:
//! `tagih-sagas::jobs::router_sync`), the webhook token, PPP profile prices, and logins
//! the routers report (`login`, `first_login`).

pub mod first_login;
pub mod login;

use async_trait::async_trait;
use rust_decimal::Decimal;
use tagih_aggregates::voucher_profile::VoucherProfile;
use tagih_commands::{Metadata, Written, locations, ppp_profiles, voucher_profiles};
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

    /// Why writing Tagih's hotspot profile `name` would take over a router profile Tagih
    /// does not manage (unmarked, not adopted), if it would; `None` also when the router
    /// cannot be asked now (ADR 0025).
    async fn takeover(&self, location: &LocationRow, name: &str) -> Option<String>;

    /// `adoptRouterProfile`: records the adoption with what the router profile held, then
    /// syncs; the last write.
    async fn adopt_profile(
        &self,
        location: &LocationRow,
        name: &str,
        meta: &Metadata,
    ) -> AppResult<Written>;
}

async fn location(app: &App, location_id: &str) -> AppResult<LocationRow> {
    queries::location(&app.pool, location_id.trim())
        .await?
        .ok_or_else(|| AppError::NotFound("location not found".into()))
}

/// CONFLICT when saving voucher profile `name` would take over an unmanaged router profile.
/// An unknown location is not this check's business (the command answers it).
pub async fn refuse_takeover(app: &App, location_id: &str, name: &str) -> AppResult<()> {
    // Only a profile new to Tagih can take a router profile over: one Tagih holds was
    // checked when it was created (or adopted), and every sync reports a clash that
    // appears on the router later. Updating a held profile asks neither the read model
    // nor the router (a slow router must not stall every price change); the cached state
    // is enough for this advisory check.
    let id = voucher_profiles::profile_id(location_id.trim(), name);
    let held = match app.bus.cached::<VoucherProfile>(&id) {
        Some(profile) => Some(profile),
        None => app.bus.load::<VoucherProfile>(&id).await.ok(),
    };
    if held.is_some_and(|p| p.spec.is_some() && !p.retired) {
        return Ok(());
    }
    let Some(location) = queries::location(&app.pool, location_id.trim()).await? else {
        return Ok(());
    };
    match app.ports.routers.takeover(&location, name).await {
        Some(why) => Err(AppError::Conflict(why)),
        None => Ok(()),
    }
}

/// Adopts the router's profile `name` as Tagih's; answers once the voucher profiles read
/// model has the adoption.
pub async fn adopt_profile(
    app: &App,
    location_id: &str,
    name: &str,
    meta: &Metadata,
) -> AppResult<()> {
    let location = location(app, location_id).await?;
    let written = app
        .ports
        .routers
        .adopt_profile(&location, name, meta)
        .await?;
    app.settle(names::VOUCHER_PROFILES, written).await;
    Ok(())
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

/// Sets a PPP profile's selling price and, when given, its cost price per period.
pub async fn set_ppp_profile_price(
    app: &App,
    id: &str,
    price: Decimal,
    cost: Option<Decimal>,
    meta: &Metadata,
) -> AppResult<()> {
    let mut written = ppp_profiles::set_price(&app.bus, id, price, meta).await?;
    if let Some(cost) = cost {
        written = written.max(ppp_profiles::set_cost(&app.bus, id, cost, meta).await?);
    }
    app.settle(names::PPP_PROFILES, written).await;
    Ok(())
}
