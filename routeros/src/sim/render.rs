//! Turns stored items into the rows a client sees: `.id` plus stored fields plus what
//! the router computes (uptime, counters, flags).

use std::collections::BTreeMap;

use super::menus::{self, Menu};
use super::state::{Item, State};
use crate::values::{format_duration, format_id, parse_duration};

/// A row as printed: property name to value, `.id` included.
pub type Row = BTreeMap<String, String>;

/// The printed form of `item` at clock second `now`.
pub(crate) fn render(state: &State, menu: &Menu, item: &Item, now: u64) -> Row {
    let mut row = item.fields.clone();
    row.insert(".id".to_owned(), format_id(item.id));
    match menu.path {
        menus::HOTSPOT_USER => {
            let uptime = user_uptime(state, item, now);
            row.insert("uptime".to_owned(), format_duration(uptime));
            counters(&mut row, item);
            row.insert("dynamic".to_owned(), "false".to_owned());
        }
        menus::HOTSPOT_ACTIVE => {
            session_clock(&mut row, item, now);
            counters(&mut row, item);
            if let Some(left) = session_time_left(state, item, now) {
                row.insert("session-time-left".to_owned(), format_duration(left));
            }
        }
        menus::PPP_ACTIVE => session_clock(&mut row, item, now),
        menus::SYSTEM_SCRIPT => {
            row.insert("run-count".to_owned(), "0".to_owned());
            row.insert("invalid".to_owned(), "false".to_owned());
        }
        _ => {}
    }
    row
}

fn counters(row: &mut Row, item: &Item) {
    let u = &item.usage;
    for (key, value) in [
        ("bytes-in", u.bytes_in),
        ("bytes-out", u.bytes_out),
        ("packets-in", u.packets_in),
        ("packets-out", u.packets_out),
    ] {
        row.insert(key.to_owned(), value.to_string());
    }
}

fn session_clock(row: &mut Row, item: &Item, now: u64) {
    let since = item.usage.since.unwrap_or(now);
    row.insert(
        "uptime".to_owned(),
        format_duration(now.saturating_sub(since)),
    );
    row.insert("idle-time".to_owned(), "0s".to_owned());
}

/// Seconds of finished sessions plus those still running: a user scan for uptime > 0
/// sees a login as soon as it happens, as on a router.
pub(crate) fn user_uptime(state: &State, user: &Item, now: u64) -> u64 {
    let Some(name) = user.name() else {
        return user.usage.uptime;
    };
    let live: u64 = state
        .table(menus::HOTSPOT_ACTIVE)
        .map(|t| {
            t.rows()
                .filter(|s| s.get("user") == Some(name))
                .map(|s| now.saturating_sub(s.usage.since.unwrap_or(now)))
                .sum()
        })
        .unwrap_or(0);
    user.usage.uptime.saturating_add(live)
}

/// Remaining time of a session whose user has a `limit-uptime`.
pub(crate) fn session_time_left(state: &State, session: &Item, now: u64) -> Option<u64> {
    let user = state
        .table(menus::HOTSPOT_USER)?
        .by_name(session.get("user")?)
        .next()?;
    let limit = parse_duration(user.get("limit-uptime")?).filter(|l| *l > 0)?;
    Some(limit.saturating_sub(user_uptime(state, user, now)))
}

/// `/system/resource/print`: one row shaped like a CHR's (routeros.md §3.5).
pub(crate) fn resource(version: &str, uptime: u64) -> Row {
    let fixed = [
        ("build-time", "2025-02-24 12:44:40"),
        ("factory-software", "7.1"),
        ("free-memory", "912179200"),
        ("total-memory", "1073741824"),
        ("cpu", "QEMU"),
        ("cpu-count", "2"),
        ("cpu-frequency", "2400"),
        ("cpu-load", "1"),
        ("free-hdd-space", "92803072"),
        ("total-hdd-space", "134217728"),
        ("architecture-name", "x86_64"),
        ("board-name", "CHR"),
        ("platform", "MikroTik"),
    ];
    let mut row: Row = fixed
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    row.insert("uptime".to_owned(), format_duration(uptime));
    row.insert("version".to_owned(), format!("{version} (stable)"));
    row
}
