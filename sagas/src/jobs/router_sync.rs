//! Router sync, per active router: make sure it has a webhook token, sync profiles and the
//! on-login script, catch first logins the other detectors missed (uptime > 0), and check
//! (and by policy repair) drift.

use async_trait::async_trait;
use chrono::Duration;
use tagih_aggregates::voucher::ActivationSource;
use tagih_commands::{Metadata, locations};
use tagih_projections::locations::LocationRow;

use super::fleet::visit_routers;
use super::{DriftPolicy, Job, JobContext, drift, profile_sync};
use crate::ports::RouterTarget;
use crate::routers::target_of;
use tagih_app::routers::first_login::activate_logins;

pub struct RouterSync;

#[async_trait]
impl Job for RouterSync {
    fn name(&self) -> &'static str {
        "router_sync"
    }

    fn default_schedule(&self) -> &'static str {
        "0 */10 * * * *"
    }

    async fn run(&self, ctx: &JobContext) -> Result<String, String> {
        let repair = ctx.routers.drift_policy == DriftPolicy::Restore;
        let lines = visit_routers(ctx, |l, target| async move {
            let result = match target {
                Ok(t) => sync_router(ctx, &l, &t, repair).await.map(|s| s.summary),
                Err(e) => Err(e.to_string()),
            };
            result.unwrap_or_else(|e| format!("{}: {e}", l.id))
        })
        .await?;
        Ok(lines.join("; "))
    }
}

/// The location's webhook token in clear, issuing one the first time.
async fn ensure_token(ctx: &JobContext, location: &LocationRow) -> Result<String, String> {
    if let Some(sealed) = &location.router_token_enc {
        return ctx
            .secrets
            .open(sealed)
            .map_err(|_| "router token cannot be decrypted with this key".to_string());
    }
    let meta = Metadata::system("job:router_sync");
    locations::issue_router_token(&ctx.bus, &ctx.secrets, &location.id, &meta)
        .await
        .map(|(token, _)| token)
        .map_err(|e| e.to_string())
}

pub use tagih_app::routers::SyncSummary;

/// One router's full sync; also what the `syncRouter` mutation runs.
pub async fn sync_router(
    ctx: &JobContext,
    location: &LocationRow,
    router: &RouterTarget,
    repair: bool,
) -> Result<SyncSummary, String> {
    let token = ensure_token(ctx, location).await?;
    let profiles = profile_sync::sync_profiles(ctx, router, &token).await?;
    // Both tables in one round over the router's one connection.
    let (users, secrets) = tokio::join!(
        ctx.gateway.hotspot_users(router),
        ctx.gateway.ppp_secrets(router)
    );
    let users = users.map_err(|e| e.to_string())?;
    let secrets = secrets.map_err(|e| format!("ppp secrets: {e}"))?;
    let now = ctx.clock.now();
    let used: Vec<_> = users
        .iter()
        .filter(|u| u.uptime_secs > 0)
        .map(|u| (u.name.clone(), now - Duration::seconds(u.uptime_secs)))
        .collect();
    let meta = Metadata::system("job:router_sync");
    let activated = activate_logins(
        &ctx.bus,
        &location.id,
        &used,
        ActivationSource::UptimeScan,
        &meta,
    )
    .await
    .map_err(|e| e.to_string())?;
    let drift = drift::check(ctx, router, &users, &secrets, repair).await?;
    let left_alone = if profiles.left_alone.is_empty() {
        String::new()
    } else {
        format!(
            "; left alone (router profiles not managed by Tagih; put {} in a profile's on-login \
             script or comment to adopt it): {}",
            ctx.routers.voucher_marker,
            profiles.left_alone.join(", ")
        )
    };
    let summary = format!(
        "{}: {} profiles imported, {} ppp imported, {} ppp updated, {} ppp unchanged, \
         {} scripts installed, {activated} first logins, {} drift items, {} repaired, {} repair failures{left_alone}",
        location.id,
        profiles.imported_hotspot,
        profiles.ppp.imported,
        profiles.ppp.updated,
        profiles.ppp.unchanged,
        profiles.installed_scripts,
        drift.found,
        drift.repaired,
        drift.failed
    );
    Ok(SyncSummary {
        summary,
        written: drift.written.max(profiles.written),
    })
}

/// Sync of one location on demand (the API), whatever the policy says about repairs.
pub async fn sync_location(
    ctx: &JobContext,
    location: &LocationRow,
    repair: bool,
) -> Result<SyncSummary, String> {
    let router = target_of(location, &ctx.secrets).map_err(|e| e.to_string())?;
    sync_router(ctx, location, &router, repair).await
}

/// The router jobs' context syncs one router for the application (`syncRouter`).
#[async_trait]
impl tagih_app::routers::RouterSync for JobContext {
    async fn sync(&self, location: &LocationRow, repair: bool) -> Result<SyncSummary, String> {
        sync_location(self, location, repair).await
    }

    async fn takeover(&self, location: &LocationRow, name: &str) -> Option<String> {
        let theirs = crate::profile_ownership::unowned_clash(self, location, name).await?;
        Some(format!(
            "the router at location {} already has a hotspot profile '{}' that Tagih does not \
             manage (no {} marker); adopt it with adoptRouterProfile or choose another name",
            location.id, theirs.name, self.routers.voucher_marker
        ))
    }

    async fn adopt_profile(
        &self,
        location: &LocationRow,
        name: &str,
        meta: &tagih_commands::Metadata,
    ) -> tagih_app::error::AppResult<tagih_commands::Written> {
        use crate::profile_ownership::AdoptError;
        use tagih_app::AppError;
        crate::profile_ownership::adopt(self, location, name, meta)
            .await
            .map_err(|e| match e {
                AdoptError::NotFound(m) => AppError::NotFound(m),
                AdoptError::AlreadyManaged(m) => AppError::BadInput(m),
                AdoptError::Router(m) | AdoptError::Other(m) => AppError::Rejected(m),
            })
    }
}
