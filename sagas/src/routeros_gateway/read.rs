//! Reading a router: the health probe, live sessions, users and profiles, always with a
//! `.proplist` so large tables cost only the fields we use.

use std::time::Instant;

use tagih_routeros::client::{Command, Connection, Record};
use tagih_routeros::values::{parse_bool, parse_duration};

use super::port_error;
use crate::ports::{ActiveSession, RouterError, RouterProfile, RouterReading, RouterUser};

fn text(row: &Record, key: &str) -> Option<String> {
    row.get(key).filter(|v| !v.is_empty()).cloned()
}

fn number(row: &Record, key: &str) -> Option<i64> {
    row.get(key).and_then(|v| v.parse().ok())
}

fn seconds(row: &Record, key: &str) -> Option<i64> {
    row.get(key)
        .and_then(|v| parse_duration(v))
        .and_then(|s| i64::try_from(s).ok())
}

pub(super) async fn probe(conn: &Connection) -> Result<RouterReading, RouterError> {
    let started = Instant::now();
    let replies = conn
        .call_many(vec![
            Command::new("/system/resource/print"),
            Command::new("/system/identity/print"),
        ])
        .await;
    let latency_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let mut replies = replies.into_iter();
    let resource = replies.next().unwrap_or(Ok(vec![])).map_err(port_error)?;
    let identity = replies.next().unwrap_or(Ok(vec![])).map_err(port_error)?;
    let r = resource.first().cloned().unwrap_or_default();
    Ok(RouterReading {
        identity: identity.first().and_then(|i| text(i, "name")),
        version: text(&r, "version"),
        board: text(&r, "board-name"),
        uptime_secs: seconds(&r, "uptime"),
        cpu_load: number(&r, "cpu-load").and_then(|c| i32::try_from(c).ok()),
        free_memory: number(&r, "free-memory"),
        total_memory: number(&r, "total-memory"),
        latency_ms,
    })
}

/// Sessions of `menu`; `user_field` is `user` for hotspot and `name` for PPP.
pub(super) async fn sessions(
    conn: &Connection,
    menu: &str,
    user_field: &str,
) -> Result<Vec<ActiveSession>, RouterError> {
    let mac_field = if user_field == "user" {
        "mac-address"
    } else {
        "caller-id"
    };
    let rows = conn
        .call(Command::new(format!("{menu}/print")).proplist(&[
            ".id",
            user_field,
            "address",
            mac_field,
            "uptime",
            "bytes-in",
            "bytes-out",
        ]))
        .await
        .map_err(port_error)?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(ActiveSession {
                router_id: text(r, ".id")?,
                user: text(r, user_field)?,
                address: text(r, "address"),
                mac_address: text(r, mac_field),
                uptime_secs: seconds(r, "uptime").unwrap_or(0),
                bytes_in: number(r, "bytes-in").unwrap_or(0),
                bytes_out: number(r, "bytes-out").unwrap_or(0),
            })
        })
        .collect())
}

/// Hotspot users or PPP secrets (`menu`); PPP secrets have no uptime (0).
pub(super) async fn accounts(
    conn: &Connection,
    menu: &str,
) -> Result<Vec<RouterUser>, RouterError> {
    let rows = conn
        .call(Command::new(format!("{menu}/print")).proplist(&[
            "name", "password", "profile", "disabled", "comment", "uptime",
        ]))
        .await
        .map_err(port_error)?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(RouterUser {
                name: text(r, "name")?,
                password: r.get("password").cloned(),
                profile: text(r, "profile").unwrap_or_else(|| "default".into()),
                disabled: r
                    .get("disabled")
                    .and_then(|d| parse_bool(d))
                    .unwrap_or(false),
                comment: text(r, "comment"),
                uptime_secs: seconds(r, "uptime").unwrap_or(0),
            })
        })
        .collect())
}

pub(super) async fn profiles(
    conn: &Connection,
    menu: &str,
) -> Result<Vec<RouterProfile>, RouterError> {
    let rows = conn
        .call(Command::new(format!("{menu}/print")))
        .await
        .map_err(port_error)?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(RouterProfile {
                name: text(r, "name")?,
                rate_limit: text(r, "rate-limit"),
                on_login: text(r, "on-login"),
                comment: text(r, "comment"),
                session_timeout_secs: seconds(r, "session-timeout").filter(|s| *s > 0),
                local_address: text(r, "local-address"),
                remote_address: text(r, "remote-address"),
            })
        })
        .collect())
}
