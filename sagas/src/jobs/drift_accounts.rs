//! Drift of subscriptions' accounts (issue 12, item 9): the `/ppp/secret`s and named
//! `/ip/hotspot/user`s of a location's subscriptions compared with what Tagih wants there —
//! the same account the router-effects saga writes (`subscription_effects::desired`) — and
//! repaired by the voucher policy: put back as Tagih has it, never deleted. A secret carrying
//! the PPPoE marker that no subscription wants is disabled; one without it is someone
//! else's and only reported.

use std::collections::{HashMap, HashSet};

use tagih_aggregates::router_drift::{DriftItem, DriftKind};
use tagih_aggregates::subscription::Subscription;
use tagih_commands::subscriptions;
use tagih_projections::router_queries;

use super::JobContext;
use crate::ports::{RouterUser, UserChange, UserTable};
use crate::subscription_effects::desired;
use crate::voucher_effects::CleanupPolicy;

/// A report lists at most this many unknown secrets.
const MAX_UNKNOWN: usize = 500;

/// One account Tagih wants on the router, as the router-effects saga would write it.
#[derive(Debug, Clone)]
pub struct Expected {
    pub subscription_id: String,
    pub table: UserTable,
    pub name: String,
    pub password: String,
    pub profile: String,
    pub disabled: bool,
    /// The change that puts it back (the saga's upsert; with `kick` when disabled).
    pub change: UserChange,
}

/// What the drift check found in the accounts of subscriptions, with a repair per item
/// that has one.
#[derive(Debug, Default)]
pub struct AccountDrift {
    pub items: Vec<(DriftItem, Option<(UserTable, UserChange)>)>,
    /// Hotspot user names that belong to subscriptions (not unknown to the voucher check).
    pub hotspot_names: HashSet<String>,
}

fn field<'a>(fields: &'a [(String, String)], key: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// What every subscription wants. Cancelled ones are wanted disabled: a repair never
/// deletes, whatever the cancel policy removes on the way.
pub fn expected(subs: &HashMap<String, Subscription>, marker: &str) -> Vec<Expected> {
    let mut out: Vec<Expected> = subs
        .iter()
        .filter_map(|(id, s)| {
            let (table, change, _) = desired(s, id, marker, CleanupPolicy::Disable)?;
            let UserChange::Upsert { name, fields, .. } = &change else {
                return None;
            };
            Some(Expected {
                subscription_id: id.clone(),
                table,
                name: name.clone(),
                password: field(fields, "password")?.to_string(),
                profile: field(fields, "profile")?.to_string(),
                disabled: field(fields, "disabled") == Some("yes"),
                change: change.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn item(
    kind: DriftKind,
    e: &Expected,
    expected: Option<String>,
    actual: Option<String>,
) -> DriftItem {
    DriftItem {
        kind,
        username: e.name.clone(),
        voucher_id: None,
        expected,
        actual,
        subscription_id: Some(e.subscription_id.clone()),
        ppp: e.table == UserTable::Ppp,
    }
}

/// Compares one table of the router with the accounts Tagih wants in it. Pure.
pub fn compare(
    table: UserTable,
    on_router: &[RouterUser],
    wanted: &[Expected],
    marker: &str,
) -> Vec<(DriftItem, Option<(UserTable, UserChange)>)> {
    let by_name: HashMap<&str, &RouterUser> =
        on_router.iter().map(|u| (u.name.as_str(), u)).collect();
    let mut out = Vec::new();
    let mine: Vec<&Expected> = wanted.iter().filter(|e| e.table == table).collect();
    for e in &mine {
        let repair = Some((table, e.change.clone()));
        let Some(u) = by_name.get(e.name.as_str()) else {
            // A disabled account that is gone is as good as disabled.
            if !e.disabled {
                out.push((item(DriftKind::Missing, e, None, None), repair));
            }
            continue;
        };
        let mut found = Vec::new();
        if u.profile != e.profile {
            found.push(item(
                DriftKind::ProfileChanged,
                e,
                Some(e.profile.clone()),
                Some(u.profile.clone()),
            ));
        }
        // Passwords are compared, never copied into the report.
        if u.password.as_ref().is_some_and(|p| *p != e.password) {
            found.push(item(DriftKind::PasswordChanged, e, None, None));
        }
        if u.disabled != e.disabled {
            found.push(item(
                DriftKind::DisabledMismatch,
                e,
                Some(e.disabled.to_string()),
                Some(u.disabled.to_string()),
            ));
        }
        // One upsert fixes every finding of the account: it rides on the first.
        for (k, i) in found.into_iter().enumerate() {
            out.push((i, if k == 0 { repair.clone() } else { None }));
        }
    }
    let names: HashSet<&str> = wanted.iter().map(|e| e.name.as_str()).collect();
    let prefix = format!("{marker}|");
    let mut unknown = 0;
    for u in on_router
        .iter()
        .filter(|u| !names.contains(u.name.as_str()))
    {
        let marked = u.comment.as_deref().is_some_and(|c| c.starts_with(&prefix));
        let ppp = table == UserTable::Ppp;
        let base = DriftItem {
            kind: DriftKind::Extra,
            username: u.name.clone(),
            voucher_id: None,
            expected: None,
            actual: Some(u.profile.clone()),
            subscription_id: None,
            ppp,
        };
        if marked && !u.disabled {
            let disable = UserChange::Disable {
                name: u.name.clone(),
            };
            out.push((base, Some((table, disable))));
        } else if !marked && ppp && unknown < MAX_UNKNOWN {
            // Hotspot users unknown to Tagih are the voucher check's to report.
            unknown += 1;
            let unknown_item = DriftItem {
                kind: DriftKind::Unknown,
                ..base
            };
            out.push((unknown_item, None));
        }
    }
    out
}

/// Loads the location's subscriptions and compares both tables.
pub async fn check(
    ctx: &JobContext,
    location_id: &str,
    hotspot_users: &[RouterUser],
    ppp_secrets: &[RouterUser],
) -> Result<AccountDrift, String> {
    let ids = router_queries::subscription_ids_at(ctx.bus.pool(), location_id)
        .await
        .map_err(|e| e.to_string())?;
    let subs = subscriptions::load_many(&ctx.bus, &ids)
        .await
        .map_err(|e| e.to_string())?;
    let marker = &ctx.routers.pppoe_marker;
    let wanted = expected(&subs, marker);
    let prefix = format!("{marker}|");
    let mut hotspot_names: HashSet<String> = wanted
        .iter()
        .filter(|e| e.table == UserTable::Hotspot)
        .map(|e| e.name.clone())
        .collect();
    // Marked hotspot users are subscriptions' accounts, never vouchers gone astray.
    hotspot_names.extend(
        hotspot_users
            .iter()
            .filter(|u| u.comment.as_deref().is_some_and(|c| c.starts_with(&prefix)))
            .map(|u| u.name.clone()),
    );
    let mut items = compare(UserTable::Ppp, ppp_secrets, &wanted, marker);
    items.extend(compare(UserTable::Hotspot, hotspot_users, &wanted, marker));
    Ok(AccountDrift {
        items,
        hotspot_names,
    })
}
