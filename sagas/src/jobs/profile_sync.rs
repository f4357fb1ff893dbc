//! Profile sync for one router: imports hotspot profiles carrying the voucher marker and
//! PPP profiles carrying the PPPoE marker (Tagih's prices are kept), and installs our
//! on-login script (and rate limit) on every hotspot profile Tagih manages. A router profile
//! that shares a name with one of Tagih's but carries no marker belongs to someone else: it
//! is left untouched and named in the report, never rewritten (the operator adopts it by
//! putting the marker in its on-login script or comment).

use rust_decimal::Decimal;
use tagih_aggregates::ppp_profile::PppProfileSpec;
use tagih_aggregates::voucher_profile::VoucherProfileSpec;
use tagih_commands::ppp_profiles::ImportOutcome;
use tagih_commands::{Metadata, Written, ppp_profiles, voucher_profiles};
use tagih_projections::queries;

use super::JobContext;
use super::on_login_script::{is_marked, on_login_script};
use crate::ports::{HotspotProfileSpec, RouterProfile, RouterTarget};

/// Imported profiles get this validity until an admin sets Tagih's own.
const DEFAULT_VALIDITY_SECS: i64 = 86_400;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PppImportCounts {
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ProfileSyncReport {
    pub imported_hotspot: usize,
    /// PPP profiles by what the import did: new to Tagih, changed, already as on the router.
    pub ppp: PppImportCounts,
    pub installed_scripts: usize,
    /// Router profiles named like one of Tagih's that carry no marker: someone else's
    /// profile, left exactly as it is (never taken over silently).
    pub left_alone: Vec<String>,
    /// The last of its writes (read-your-writes for the `syncRouter` mutation).
    pub written: Written,
}

pub async fn sync_profiles(
    ctx: &JobContext,
    router: &RouterTarget,
    token: &str,
) -> Result<ProfileSyncReport, String> {
    let mut report = ProfileSyncReport::default();
    let on_router = ctx
        .gateway
        .hotspot_profiles(router)
        .await
        .map_err(|e| e.to_string())?;
    let pool = ctx.bus.pool();
    let loc = &router.location_id;
    let meta = Metadata::system("job:router_sync");
    let known = queries::voucher_profiles(pool, loc)
        .await
        .map_err(|e| e.to_string())?;
    let marker = &ctx.routers.voucher_marker;
    let mut managed: Vec<(String, Option<String>)> = known
        .iter()
        .filter(|p| !p.retired)
        .map(|p| (p.name.clone(), p.rate_limit.clone()))
        .collect();
    for rp in &on_router {
        let is_known = known.iter().any(|k| k.name.eq_ignore_ascii_case(&rp.name));
        if is_known {
            continue;
        }
        if !is_marked(marker, rp.on_login.as_deref(), rp.comment.as_deref()) {
            // Adopted a moment ago (adoptRouterProfile syncs at once): the read model may
            // not show it yet, the write side does.
            if let Some(profile) =
                crate::profile_ownership::adopted_profile(ctx, loc, &rp.name).await
            {
                let rate_limit = profile.spec.and_then(|s| s.rate_limit);
                managed.push((rp.name.clone(), rate_limit));
            }
            continue;
        }
        let written = import_hotspot(ctx, loc, rp, &meta).await?;
        report.written = report.written.max(written);
        report.imported_hotspot += 1;
        managed.push((rp.name.clone(), None));
    }
    let script = on_login_script(marker, &ctx.routers.webhook_base_url, loc, token);
    let mut specs = Vec::new();
    for (name, rate_limit) in managed {
        let current = on_router
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(&name));
        if let Some(c) =
            current.filter(|c| !is_marked(marker, c.on_login.as_deref(), c.comment.as_deref()))
            && !crate::profile_ownership::adopted(ctx, loc, &name).await
        {
            report.left_alone.push(c.name.clone());
            continue;
        }
        let up_to_date = current.is_some_and(|c| {
            c.on_login.as_deref() == Some(script.as_str())
                && (rate_limit.is_none() || c.rate_limit == rate_limit)
        });
        if up_to_date {
            continue;
        }
        specs.push(HotspotProfileSpec {
            name: current.map_or(name, |c| c.name.clone()),
            rate_limit,
            on_login: script.clone(),
        });
    }
    report.installed_scripts = install(ctx, router, &specs).await?;
    let (ppp, written) = import_ppp(ctx, router, &meta).await?;
    report.ppp = ppp;
    report.written = report.written.max(written);
    Ok(report)
}

/// Every profile's script and rate limit in one pipelined round (ADR 0025); the profiles
/// the router refused are named together.
async fn install(
    ctx: &JobContext,
    router: &RouterTarget,
    specs: &[HotspotProfileSpec],
) -> Result<usize, String> {
    if specs.is_empty() {
        return Ok(0);
    }
    let results = ctx
        .gateway
        .upsert_hotspot_profiles(router, specs)
        .await
        .map_err(|e| e.to_string())?;
    let failed: Vec<String> = specs
        .iter()
        .zip(&results)
        .filter_map(|(s, r)| r.as_ref().err().map(|e| format!("profile {}: {e}", s.name)))
        .collect();
    if failed.is_empty() {
        Ok(specs.len())
    } else {
        Err(failed.join("; "))
    }
}

pub(crate) async fn import_hotspot(
    ctx: &JobContext,
    location_id: &str,
    rp: &RouterProfile,
    meta: &Metadata,
) -> Result<Written, String> {
    let spec = VoucherProfileSpec {
        location_id: location_id.to_string(),
        name: rp.name.clone(),
        price_sell: Decimal::ZERO,
        price_cost: Decimal::ZERO,
        validity_secs: rp.session_timeout_secs.unwrap_or(DEFAULT_VALIDITY_SECS),
        rate_limit: rp.rate_limit.clone(),
        uptime_limit_secs: None,
        data_quota_bytes: None,
    };
    if let Ok((_, written)) = voucher_profiles::upsert(&ctx.bus, spec.clone(), meta).await {
        return Ok(written);
    }
    // A rate limit our validation does not know stays on the router only.
    let plain = VoucherProfileSpec {
        rate_limit: None,
        ..spec
    };
    voucher_profiles::upsert(&ctx.bus, plain, meta)
        .await
        .map(|(_, written)| written)
        .map_err(|e| format!("import of profile {}: {e}", rp.name))
}

async fn import_ppp(
    ctx: &JobContext,
    router: &RouterTarget,
    meta: &Metadata,
) -> Result<(PppImportCounts, Written), String> {
    let profiles = ctx
        .gateway
        .ppp_profiles(router)
        .await
        .map_err(|e| e.to_string())?;
    let (mut counts, mut last) = (PppImportCounts::default(), Written::default());
    for p in profiles
        .into_iter()
        .filter(|p| is_marked(&ctx.routers.pppoe_marker, None, p.comment.as_deref()))
    {
        let spec = PppProfileSpec {
            location_id: router.location_id.clone(),
            name: p.name,
            rate_limit: p.rate_limit,
            local_address: p.local_address,
            remote_address: p.remote_address,
            price: Decimal::ZERO,
        };
        let (_, written, outcome) = ppp_profiles::import(&ctx.bus, spec, meta)
            .await
            .map_err(|e| e.to_string())?;
        match outcome {
            ImportOutcome::Imported => counts.imported += 1,
            ImportOutcome::Updated => counts.updated += 1,
            ImportOutcome::Unchanged => counts.unchanged += 1,
        }
        last = last.max(written);
    }
    Ok((counts, last))
}
