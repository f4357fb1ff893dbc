//! Hotspot and PPP sessions that tests start and end, standing in for real clients.

use std::collections::BTreeMap;

use super::menus;
use super::render::{session_time_left, user_uptime};
use super::state::{State, Usage};
use crate::values::{mac_for, parse_bool, parse_duration};

/// Why the simulated hotspot refused a login.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum LoginRefused {
    #[error("no such user {0}")]
    NoSuchUser(String),
    #[error("user {0} is disabled")]
    Disabled(String),
    #[error("user {0} has reached its uptime limit")]
    LimitReached(String),
}

/// Starts a hotspot session for `name` from `address`, as a client logging in on the
/// captive portal would; returns the new `/ip/hotspot/active` number.
pub(crate) fn start_hotspot(
    state: &mut State,
    name: &str,
    address: &str,
    now: u64,
) -> Result<u64, LoginRefused> {
    let server = admit(state, name, now)?;
    let fields = fields(&[
        ("server", &server),
        ("user", name),
        ("domain", ""),
        ("address", address),
        ("mac-address", &mac_for(address)),
        ("login-by", "http-chap"),
        ("keepalive-timeout", "2m"),
        ("radius", "false"),
    ]);
    let usage = Usage {
        since: Some(now),
        ..Usage::default()
    };
    let table = state
        .tables
        .entry(menus::HOTSPOT_ACTIVE.to_owned())
        .or_default();
    Ok(table.insert(fields, usage))
}

/// Whether the hotspot lets `name` in now; the hotspot server the session runs on.
fn admit(state: &State, name: &str, now: u64) -> Result<String, LoginRefused> {
    let users = state.table(menus::HOTSPOT_USER);
    let user = users
        .and_then(|t| t.by_name(name).next())
        .ok_or_else(|| LoginRefused::NoSuchUser(name.to_owned()))?;
    if user.get("disabled").and_then(parse_bool) == Some(true) {
        return Err(LoginRefused::Disabled(name.to_owned()));
    }
    // Limits are cumulative per user: once used up, the user cannot log in again.
    let limit = user
        .get("limit-uptime")
        .and_then(parse_duration)
        .unwrap_or(0);
    if limit > 0 && user_uptime(state, user, now) >= limit {
        return Err(LoginRefused::LimitReached(name.to_owned()));
    }
    Ok(match user.get("server") {
        Some("all") | None => "hotspot1".to_owned(),
        Some(server) => server.to_owned(),
    })
}

/// Ends a hotspot session: its time and traffic are added to the user's counters.
pub(crate) fn end_hotspot(state: &mut State, id: u64, now: u64) -> bool {
    let Some(session) = state
        .table_mut(menus::HOTSPOT_ACTIVE)
        .and_then(|t| t.remove(id))
    else {
        return false;
    };
    let name = session.get("user").unwrap_or_default().to_owned();
    let users = state.table_mut(menus::HOTSPOT_USER);
    let user_id = users
        .as_ref()
        .and_then(|t| t.by_name(&name).next())
        .map(|u| u.id);
    if let Some(user) = users.zip(user_id).and_then(|(t, id)| t.get_mut(id)) {
        let u = &mut user.usage;
        u.uptime = u
            .uptime
            .saturating_add(now.saturating_sub(session.usage.since.unwrap_or(now)));
        u.bytes_in = u.bytes_in.saturating_add(session.usage.bytes_in);
        u.bytes_out = u.bytes_out.saturating_add(session.usage.bytes_out);
        u.packets_in = u.packets_in.saturating_add(session.usage.packets_in);
        u.packets_out = u.packets_out.saturating_add(session.usage.packets_out);
    }
    true
}

/// The active sessions of `name`.
pub(crate) fn hotspot_sessions_of(state: &State, name: &str) -> Vec<u64> {
    state
        .table(menus::HOTSPOT_ACTIVE)
        .map(|t| {
            t.rows()
                .filter(|s| s.get("user") == Some(name))
                .map(|s| s.id)
                .collect()
        })
        .unwrap_or_default()
}

/// Sessions whose user has used up its `limit-uptime`; the hotspot logs them out.
pub(crate) fn expired_hotspot_sessions(state: &State, now: u64) -> Vec<u64> {
    state
        .table(menus::HOTSPOT_ACTIVE)
        .map(|t| {
            t.rows()
                .filter(|s| session_time_left(state, s, now) == Some(0))
                .map(|s| s.id)
                .collect()
        })
        .unwrap_or_default()
}

/// Starts a PPP session for secret `name`; returns the `/ppp/active` number, or `None`
/// when there is no enabled secret of that name.
pub(crate) fn start_ppp(state: &mut State, name: &str, address: &str, now: u64) -> Option<u64> {
    let secret = state.table(menus::PPP_SECRET)?.by_name(name).next()?;
    if secret.get("disabled").and_then(parse_bool) == Some(true) {
        return None;
    }
    let service = match secret.get("service") {
        Some("any") | None => "pppoe",
        Some(service) => service,
    };
    let session_id = format!("0x{:X}", 0x8100_0000u64 + now);
    let fields = fields(&[
        ("name", name),
        ("service", service),
        ("caller-id", &mac_for(address)),
        ("encoding", ""),
        ("address", address),
        ("session-id", &session_id),
        ("radius", "false"),
    ]);
    let usage = Usage {
        since: Some(now),
        ..Usage::default()
    };
    Some(
        state
            .tables
            .entry(menus::PPP_ACTIVE.to_owned())
            .or_default()
            .insert(fields, usage),
    )
}

/// The PPP sessions of `name`.
pub(crate) fn ppp_sessions_of(state: &State, name: &str) -> Vec<u64> {
    state
        .table(menus::PPP_ACTIVE)
        .map(|t| {
            t.rows()
                .filter(|s| s.name() == Some(name))
                .map(|s| s.id)
                .collect()
        })
        .unwrap_or_default()
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
