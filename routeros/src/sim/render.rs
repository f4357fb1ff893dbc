//! Turns stored items into the rows a client sees: `.id` plus stored fields plus what
//! the router computes (uptime, counters, flags).

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::menus::{self, Menu};
use super::query::Fields;
use super::state::{Item, State};
use crate::values::{format_duration, format_id, parse_duration};

/// A row as printed: property name to value, `.id` included.
pub type Row = BTreeMap<String, String>;

/// A stored row as a client would see it at clock second `now`, read one property at a
/// time: a query tests a few properties of every candidate and only the rows it selects
/// are rendered, with only the `.proplist` properties (ADR 0015).
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub state: &'a State,
    pub menu: &'a Menu,
    pub item: &'a Item,
    pub now: u64,
}

impl View<'_> {
    /// One property as printed; computed properties win over stored ones, as they
    /// would in [`View::render`].
    pub(crate) fn get(&self, key: &str) -> Option<Cow<'_, str>> {
        if key == ".id" {
            return Some(Cow::Owned(format_id(self.item.id)));
        }
        if computed_keys(self.menu).contains(&key)
            && let Some(value) = self.computed(key)
        {
            return Some(Cow::Owned(value));
        }
        self.item.get(key).map(Cow::Borrowed)
    }

    /// Every property: `.id`, the stored fields, and what the router computes.
    pub(crate) fn render(&self) -> Row {
        let mut row = self.item.fields.clone();
        row.insert(".id".to_owned(), format_id(self.item.id));
        for key in computed_keys(self.menu) {
            if let Some(value) = self.computed(key) {
                row.insert((*key).to_owned(), value);
            }
        }
        row
    }

    /// Only the listed properties (all of them without a `.proplist`); a listed property
    /// the row lacks is simply absent.
    pub(crate) fn project(&self, proplist: Option<&[String]>) -> Row {
        let Some(keys) = proplist else {
            return self.render();
        };
        keys.iter()
            .filter_map(|key| Some((key.clone(), self.get(key)?.into_owned())))
            .collect()
    }

    fn computed(&self, key: &str) -> Option<String> {
        let (state, item, now) = (self.state, self.item, self.now);
        let u = &item.usage;
        let count = |n: u64| Some(n.to_string());
        match (self.menu.path, key) {
            (menus::HOTSPOT_USER, "uptime") => Some(format_duration(user_uptime(state, item, now))),
            (menus::HOTSPOT_USER, "dynamic") => Some("false".to_owned()),
            (menus::HOTSPOT_USER | menus::HOTSPOT_ACTIVE, "bytes-in") => count(u.bytes_in),
            (menus::HOTSPOT_USER | menus::HOTSPOT_ACTIVE, "bytes-out") => count(u.bytes_out),
            (menus::HOTSPOT_USER | menus::HOTSPOT_ACTIVE, "packets-in") => count(u.packets_in),
            (menus::HOTSPOT_USER | menus::HOTSPOT_ACTIVE, "packets-out") => count(u.packets_out),
            (menus::HOTSPOT_ACTIVE | menus::PPP_ACTIVE, "uptime") => {
                let since = u.since.unwrap_or(now);
                Some(format_duration(now.saturating_sub(since)))
            }
            (menus::HOTSPOT_ACTIVE | menus::PPP_ACTIVE, "idle-time") => Some("0s".to_owned()),
            (menus::HOTSPOT_ACTIVE, "session-time-left") => {
                session_time_left(state, item, now).map(format_duration)
            }
            (menus::SYSTEM_SCRIPT, "run-count") => Some("0".to_owned()),
            (menus::SYSTEM_SCRIPT, "invalid") => Some("false".to_owned()),
            _ => None,
        }
    }
}

/// The properties the router computes for a menu's rows, in the order they print.
fn computed_keys(menu: &Menu) -> &'static [&'static str] {
    match menu.path {
        menus::HOTSPOT_USER => &[
            "uptime",
            "bytes-in",
            "bytes-out",
            "packets-in",
            "packets-out",
            "dynamic",
        ],
        menus::HOTSPOT_ACTIVE => &[
            "uptime",
            "idle-time",
            "bytes-in",
            "bytes-out",
            "packets-in",
            "packets-out",
            "session-time-left",
        ],
        menus::PPP_ACTIVE => &["uptime", "idle-time"],
        menus::SYSTEM_SCRIPT => &["run-count", "invalid"],
        _ => &[],
    }
}

impl Fields for View<'_> {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name)
    }
}

/// The printed form of `item` at clock second `now`.
pub(crate) fn render(state: &State, menu: &Menu, item: &Item, now: u64) -> Row {
    View {
        state,
        menu,
        item,
        now,
    }
    .render()
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
