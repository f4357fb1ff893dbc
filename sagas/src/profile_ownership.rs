//! Router profiles Tagih does not own (ADR 0017, ADR 0025): a voucher profile whose name
//! matches an unmarked hotspot profile on the router is refused when it is written, unless
//! the operator adopted that router profile explicitly — which records what it replaces
//! and lets profile sync install Tagih's script (with the marker) on it.

use std::time::Duration;

use sha2::{Digest, Sha256};
use tagih_aggregates::voucher_profile::{ReplacedRouterProfile, VoucherProfile};
use tagih_commands::{Metadata, Written, voucher_profiles};
use tagih_projections::locations::LocationRow;

use crate::jobs::JobContext;
use crate::jobs::on_login_script::is_marked;
use crate::jobs::{profile_sync, router_sync};
use crate::ports::RouterProfile;
use crate::routers::target_of;

/// The check at profile creation waits this long for the router; a router that does not
/// answer is checked again by every sync, which leaves a clash alone and reports it.
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

/// Whether Tagih's profile `name` at the location was adopted.
pub async fn adopted(ctx: &JobContext, location_id: &str, name: &str) -> bool {
    adopted_profile(ctx, location_id, name).await.is_some()
}

/// Tagih's profile `name` at the location when it was adopted and is not retired, from
/// the write side (a sync right after the adoption must not wait for the read model).
pub async fn adopted_profile(
    ctx: &JobContext,
    location_id: &str,
    name: &str,
) -> Option<VoucherProfile> {
    let id = voucher_profiles::profile_id(location_id, name);
    ctx.bus
        .load::<VoucherProfile>(&id)
        .await
        .ok()
        .filter(|p| p.adopted.is_some() && !p.retired)
}

/// The router's profile of this name when it exists, carries no marker and was not
/// adopted: writing Tagih's profile would take it over. `None` also when the router cannot
/// be asked now.
pub async fn unowned_clash(
    ctx: &JobContext,
    location: &LocationRow,
    name: &str,
) -> Option<RouterProfile> {
    let router = target_of(location, &ctx.secrets).ok()?;
    let profiles = tokio::time::timeout(CHECK_TIMEOUT, ctx.gateway.hotspot_profiles(&router))
        .await
        .ok()?
        .ok()?;
    let marker = &ctx.routers.voucher_marker;
    let theirs = profiles.into_iter().find(|p| {
        p.name.eq_ignore_ascii_case(name.trim())
            && !is_marked(marker, p.on_login.as_deref(), p.comment.as_deref())
    })?;
    if adopted(ctx, &location.id, name.trim()).await {
        return None;
    }
    Some(theirs)
}

#[derive(Debug, thiserror::Error)]
pub enum AdoptError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    AlreadyManaged(String),
    #[error("{0}")]
    Router(String),
    #[error("{0}")]
    Other(String),
}

fn replaced(p: &RouterProfile) -> ReplacedRouterProfile {
    let script = p.on_login.as_deref().filter(|s| !s.is_empty());
    ReplacedRouterProfile {
        router_profile: p.name.clone(),
        rate_limit: p.rate_limit.clone(),
        comment: p.comment.clone(),
        session_timeout_secs: p.session_timeout_secs,
        on_login_sha256: script.map(|s| hex::encode(Sha256::digest(s.as_bytes()))),
        on_login_chars: script.map(|s| u32::try_from(s.chars().count()).unwrap_or(u32::MAX)),
    }
}

/// `adoptRouterProfile`: imports the router profile into Tagih when Tagih has none of that
/// name, records the adoption with what the profile held, then syncs the router so the
/// profile gets Tagih's script and rate limit. Returns the last write.
pub async fn adopt(
    ctx: &JobContext,
    location: &LocationRow,
    name: &str,
    meta: &Metadata,
) -> Result<Written, AdoptError> {
    let router = target_of(location, &ctx.secrets).map_err(|e| AdoptError::Other(e.to_string()))?;
    let profiles = ctx
        .gateway
        .hotspot_profiles(&router)
        .await
        .map_err(|e| AdoptError::Router(format!("cannot read the router's profiles: {e}")))?;
    let Some(theirs) = profiles
        .into_iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
    else {
        return Err(AdoptError::NotFound(format!(
            "the router at location {} has no hotspot profile named '{}'",
            location.id,
            name.trim()
        )));
    };
    let marker = &ctx.routers.voucher_marker;
    if is_marked(
        marker,
        theirs.on_login.as_deref(),
        theirs.comment.as_deref(),
    ) {
        return Err(AdoptError::AlreadyManaged(format!(
            "router profile '{}' already carries {marker}: Tagih manages it",
            theirs.name
        )));
    }
    let id = voucher_profiles::profile_id(&location.id, &theirs.name);
    let exists = ctx
        .bus
        .load::<VoucherProfile>(&id)
        .await
        .is_ok_and(|p| p.spec.is_some());
    if !exists {
        profile_sync::import_hotspot(ctx, &location.id, &theirs, meta)
            .await
            .map_err(AdoptError::Other)?;
    }
    let (_, written) = voucher_profiles::adopt_router_profile(
        &ctx.bus,
        &location.id,
        &theirs.name,
        replaced(&theirs),
        meta,
    )
    .await
    .map_err(|e| AdoptError::Other(e.to_string()))?;
    let sync = router_sync::sync_router(ctx, location, &router, false)
        .await
        .map_err(|e| {
            AdoptError::Router(format!(
                "adopted; the router sync failed (retried by the next sync): {e}"
            ))
        })?;
    Ok(written.max(sync.written))
}
