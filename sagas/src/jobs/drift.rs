//! Drift between a router and Tagih: users Tagih expects that are missing or altered
//! (profile, password, disabled flag), users Tagih does not know — reported, and by policy
//! repaired to Tagih's view (unknown users are never touched). Vouchers here; the
//! subscriptions' PPP secrets and hotspot users in `drift_accounts`.

use std::collections::{HashMap, HashSet};

use tagih_aggregates::router_drift::{DriftItem, DriftKind, RepairFailure};
use tagih_commands::router_observations::{record_drift_check, record_drift_repair};
use tagih_commands::{Metadata, Written};
use tagih_projections::router_queries;
use tagih_projections::vouchers::VoucherRow;

use super::{JobContext, drift_accounts};
use crate::ports::{HotspotVoucher, RouterTarget, RouterUser, UserChange, UserTable};
use crate::routeros_gateway::{activated_comment, voucher_comment};

/// Built-in users every router has.
const BUILT_IN: &[&str] = &["default-trial"];
/// A report lists at most this many unknown users (a foreign system's thousands would
/// only bloat the event).
const MAX_UNKNOWN: usize = 500;

/// Whether Tagih expects the user disabled, or `None` when either is fine (expiry not yet
/// enforced on the router).
fn expected_disabled(v: &VoucherRow) -> Option<bool> {
    match v.status.as_str() {
        "PROVISIONED" | "ACTIVATED" => Some(false),
        "EXPIRED" if v.router_disabled => Some(true),
        _ => None,
    }
}

fn item(
    kind: DriftKind,
    v: &VoucherRow,
    expected: Option<String>,
    actual: Option<String>,
) -> DriftItem {
    DriftItem {
        kind,
        username: v.code.clone(),
        voucher_id: Some(v.id.clone()),
        expected,
        actual,
        subscription_id: None,
        ppp: false,
    }
}

/// Compares the router's users with the vouchers Tagih expects there. Pure.
pub fn compare(
    users: &[RouterUser],
    expected: &[VoucherRow],
    known: &HashSet<String>,
) -> Vec<DriftItem> {
    let by_name: HashMap<&str, &RouterUser> = users.iter().map(|u| (u.name.as_str(), u)).collect();
    let mut items = Vec::new();
    for v in expected {
        let Some(u) = by_name.get(v.code.as_str()) else {
            if expected_disabled(v) == Some(false) {
                items.push(item(DriftKind::Missing, v, None, None));
            }
            continue;
        };
        if u.profile != v.profile_name {
            items.push(item(
                DriftKind::ProfileChanged,
                v,
                Some(v.profile_name.clone()),
                Some(u.profile.clone()),
            ));
        }
        // Passwords are compared, never copied into the report.
        if u.password.as_ref().is_some_and(|p| *p != v.password) {
            items.push(item(DriftKind::PasswordChanged, v, None, None));
        }
        if let Some(want) = expected_disabled(v).filter(|w| *w != u.disabled) {
            items.push(item(
                DriftKind::DisabledMismatch,
                v,
                Some(want.to_string()),
                Some(u.disabled.to_string()),
            ));
        }
    }
    let unknown = users
        .iter()
        .filter(|u| !known.contains(&u.name) && !BUILT_IN.contains(&u.name.as_str()))
        .take(MAX_UNKNOWN)
        .map(|u| DriftItem {
            kind: DriftKind::Unknown,
            username: u.name.clone(),
            voucher_id: None,
            expected: None,
            actual: Some(u.profile.clone()),
            subscription_id: None,
            ppp: false,
        });
    items.extend(unknown);
    items.sort();
    items
}

fn restore(v: &VoucherRow) -> UserChange {
    let comment = match (v.first_login_at, v.valid_until) {
        (Some(first), Some(until)) => activated_comment(v.price_sell, first, until),
        _ => voucher_comment(v.price_sell),
    };
    UserChange::Restore {
        user: HotspotVoucher {
            voucher_id: v.id.clone(),
            code: v.code.clone(),
            password: v.password.clone(),
            profile_name: v.profile_name.clone(),
            price_sell: v.price_sell,
            uptime_limit_secs: v.uptime_limit_secs,
            data_quota_bytes: v.data_quota_bytes,
        },
        comment,
        disabled: expected_disabled(v).unwrap_or(false),
    }
}

#[derive(Debug, Default)]
pub struct DriftOutcome {
    pub found: usize,
    pub repaired: usize,
    pub failed: usize,
    /// The last of its writes (the check, or the repair after it).
    pub written: Written,
}

/// Checks one router — vouchers, and the PPP secrets and named hotspot users of
/// subscriptions — records the report, and repairs when asked (or by policy), every repair
/// in one pipelined round of look-ups and one of writes.
pub async fn check(
    ctx: &JobContext,
    router: &RouterTarget,
    users: &[RouterUser],
    secrets: &[RouterUser],
    repair: bool,
) -> Result<DriftOutcome, String> {
    let pool = ctx.bus.pool();
    let loc = &router.location_id;
    let expected = router_queries::vouchers_on_router(pool, loc)
        .await
        .map_err(|e| e.to_string())?;
    let accounts = drift_accounts::check(ctx, loc, users, secrets).await?;
    let names: Vec<String> = users.iter().map(|u| u.name.clone()).collect();
    let mut known: HashSet<String> = router_queries::known_codes(pool, loc, &names)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect();
    known.extend(accounts.hotspot_names.iter().cloned());
    let mut items = compare(users, &expected, &known);
    items.extend(accounts.items.iter().map(|(i, _)| i.clone()));
    items.sort();
    let now = ctx.clock.now();
    let meta = Metadata::system("job:router_sync");
    let on_router = u32::try_from(users.len() + secrets.len()).unwrap_or(u32::MAX);
    let written = record_drift_check(&ctx.bus, loc, now, on_router, items.clone(), &meta)
        .await
        .map_err(|e| e.to_string())?;
    let mut outcome = DriftOutcome {
        found: items.len(),
        written,
        ..Default::default()
    };
    if !repair {
        return Ok(outcome);
    }
    let by_id: HashMap<&str, &VoucherRow> = expected.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut fixable: Vec<(DriftItem, (UserTable, UserChange))> = Vec::new();
    for i in items.into_iter().filter(|i| i.voucher_id.is_some()) {
        let Some(v) = i.voucher_id.as_deref().and_then(|id| by_id.get(id)) else {
            continue;
        };
        // One restore per user fixes all its findings.
        if !fixable.iter().any(|(f, _)| f.username == i.username) {
            let change = restore(v);
            fixable.push((i, (UserTable::Hotspot, change)));
        }
    }
    fixable.extend(
        accounts
            .items
            .into_iter()
            .filter_map(|(i, fix)| Some((i, fix?))),
    );
    let changes: Vec<(UserTable, UserChange)> = fixable.iter().map(|(_, c)| c.clone()).collect();
    let results = ctx
        .gateway
        .apply_account_changes(router, &changes)
        .await
        .map_err(|e| e.to_string())?;
    let (mut repaired, mut failed) = (Vec::new(), Vec::new());
    for ((item, _), result) in fixable.into_iter().zip(results) {
        match result {
            Ok(_) => repaired.push(item),
            Err(e) => failed.push(RepairFailure {
                item,
                error: e.to_string(),
            }),
        }
    }
    outcome.repaired = repaired.len();
    outcome.failed = failed.len();
    outcome.written = record_drift_repair(&ctx.bus, loc, ctx.clock.now(), repaired, failed, &meta)
        .await
        .map_err(|e| e.to_string())?;
    Ok(outcome)
}
