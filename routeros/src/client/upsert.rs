//! Create-or-update by `name`. Always by name, never by a remembered `.id`: ids are only
//! stable within a session and may not survive a reboot (routeros.md §1.8).

use super::command::Command;
use super::connection::Connection;
use super::error::RouterError;

/// What an upsert did, with the item's `.id` in this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upserted {
    Added(String),
    Updated(String),
}

impl Upserted {
    /// The `.id` of the item.
    pub fn id(&self) -> &str {
        match self {
            Upserted::Added(id) | Upserted::Updated(id) => id,
        }
    }
}

/// Creates or updates the `/ip/hotspot/user` called `name` with `fields` (`profile`,
/// `password`, `limit-uptime`, `comment`, …).
pub async fn upsert_hotspot_user(
    connection: &Connection,
    name: &str,
    fields: &[(&str, &str)],
) -> Result<Upserted, RouterError> {
    upsert_by_name(connection, "/ip/hotspot/user", name, fields).await
}

/// Creates or updates the `/ppp/secret` called `name` with `fields`.
pub async fn upsert_ppp_secret(
    connection: &Connection,
    name: &str,
    fields: &[(&str, &str)],
) -> Result<Upserted, RouterError> {
    upsert_by_name(connection, "/ppp/secret", name, fields).await
}

/// Creates or updates the item called `name` in `menu`: looks it up by `?name=`, then
/// `set`s it by the `.id` just returned, or `add`s it. Each race with another writer is
/// retried once the other way round: an `add` that finds the name taken becomes a `set`,
/// a `set` whose item vanished becomes an `add`.
pub async fn upsert_by_name(
    connection: &Connection,
    menu: &str,
    name: &str,
    fields: &[(&str, &str)],
) -> Result<Upserted, RouterError> {
    if let Some(id) = find_id_by_name(connection, menu, name).await? {
        match set(connection, menu, &id, fields).await {
            Err(RouterError::NoSuchItem) => {}
            other => return other.map(|()| Upserted::Updated(id)),
        }
    }
    match add(connection, menu, name, fields).await {
        Err(RouterError::DuplicateName) => {
            let id = find_id_by_name(connection, menu, name)
                .await?
                .ok_or(RouterError::DuplicateName)?;
            set(connection, menu, &id, fields).await?;
            Ok(Upserted::Updated(id))
        }
        other => other.map(Upserted::Added),
    }
}

/// The `.id` of the item called `name` in `menu`, in this session. With several matches
/// (hotspot names are unique per server only) the first is returned.
pub async fn find_id_by_name(
    connection: &Connection,
    menu: &str,
    name: &str,
) -> Result<Option<String>, RouterError> {
    let print = Command::new(format!("{menu}/print"))
        .where_eq("name", name)
        .proplist(&[".id", "name"]);
    let rows = connection.call(print).await?;
    // A router that ignored the query must not make us update a different item.
    Ok(rows
        .into_iter()
        .filter(|row| row.get("name").is_none_or(|n| n == name))
        .find_map(|mut row| row.remove(".id")))
}

async fn set(
    connection: &Connection,
    menu: &str,
    id: &str,
    fields: &[(&str, &str)],
) -> Result<(), RouterError> {
    // `name` is the key; it is never rewritten by an upsert.
    let set = Command::new(format!("{menu}/set"))
        .attr(".id", id)
        .attrs(fields.iter().copied().filter(|(k, _)| *k != "name"));
    connection.call(set).await.map(drop)
}

async fn add(
    connection: &Connection,
    menu: &str,
    name: &str,
    fields: &[(&str, &str)],
) -> Result<String, RouterError> {
    let add = Command::new(format!("{menu}/add"))
        .attr("name", name)
        .attrs(fields.iter().copied().filter(|(k, _)| *k != "name"));
    let rows = connection.call(add).await?;
    Ok(ret(&rows).unwrap_or_default())
}

/// The `=ret=` of a `!done` (the new `.id` after `add`).
fn ret(rows: &[super::Record]) -> Option<String> {
    rows.iter().rev().find_map(|row| row.get("ret").cloned())
}
