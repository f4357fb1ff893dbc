//! Changing users, PPP secrets and profiles by name, a whole batch at a time: one
//! pipelined round of look-ups (`print ?name=`, accounts and their sessions together),
//! then one pipelined round of writes with the `.id`s just returned — never ids
//! remembered from an earlier session (docs/adr/0025-every-router-change-pipelined.md).

use tagih_routeros::client::{self, Command, Connection};

use super::{add_command, port_error};
use crate::ports::{HotspotProfileSpec, RouterError, RouterTarget, UserChange, UserTable};

/// The menus of one kind of account: its table, its sessions, and the session field that
/// names the account.
struct Menus {
    users: &'static str,
    active: &'static str,
    active_user: &'static str,
}

fn menus(table: UserTable) -> Menus {
    match table {
        UserTable::Hotspot => Menus {
            users: "/ip/hotspot/user",
            active: "/ip/hotspot/active",
            active_user: "user",
        },
        UserTable::Ppp => Menus {
            users: "/ppp/secret",
            active: "/ppp/active",
            active_user: "name",
        },
    }
}

fn kicks(change: &UserChange) -> bool {
    matches!(
        change,
        UserChange::Disable { .. }
            | UserChange::Remove { .. }
            | UserChange::Upsert { kick: true, .. }
    )
}

/// One look-up: the rows of `menu` whose `field` equals `name`.
struct Lookup<'a> {
    menu: &'a str,
    field: &'a str,
    name: &'a str,
}

/// The `.id`s each look-up found, in order — all of them in one pipelined round.
async fn lookup(conn: &Connection, wanted: &[Lookup<'_>]) -> Result<Vec<Vec<String>>, RouterError> {
    let prints = wanted
        .iter()
        .map(|l| {
            Command::new(format!("{}/print", l.menu))
                .where_eq(l.field, l.name)
                .proplist(&[".id", l.field])
        })
        .collect();
    let mut out = Vec::with_capacity(wanted.len());
    for (l, rows) in wanted.iter().zip(conn.call_many(prints).await) {
        let rows = rows.map_err(port_error)?;
        out.push(
            rows.into_iter()
                .filter(|r| r.get(l.field).is_none_or(|v| v == l.name))
                .filter_map(|mut r| r.remove(".id"))
                .collect(),
        );
    }
    Ok(out)
}

/// What one change turns into, once ids are known.
fn writes(
    router: &RouterTarget,
    m: &Menus,
    change: &UserChange,
    user_ids: &[String],
    session_ids: &[String],
) -> Result<Vec<Command>, RouterError> {
    let kick = || {
        session_ids
            .iter()
            .map(|id| Command::new(format!("{}/remove", m.active)).attr(".id", id))
    };
    let by_id = |verb: &str| {
        user_ids
            .iter()
            .map(move |id| Command::new(format!("{}/{verb}", m.users)).attr(".id", id))
            .collect::<Vec<_>>()
    };
    Ok(match change {
        UserChange::Upsert {
            name,
            fields,
            kick: k,
        } => {
            let fields = fields.iter().map(|(a, b)| (a.as_str(), b.as_str()));
            let write = if user_ids.is_empty() {
                vec![
                    Command::new(format!("{}/add", m.users))
                        .attr("name", name)
                        .attrs(fields),
                ]
            } else {
                by_id("set")
                    .into_iter()
                    .map(|c| c.attrs(fields.clone()))
                    .collect()
            };
            // Write first, then end sessions: a disabled account cannot log straight back in.
            let sessions: Vec<Command> = if *k { kick().collect() } else { vec![] };
            write.into_iter().chain(sessions).collect()
        }
        UserChange::SetComment { comment, .. } if !user_ids.is_empty() => by_id("set")
            .into_iter()
            .map(|c| c.attr("comment", comment))
            .collect(),
        UserChange::SetComment { .. } => {
            return Err(RouterError::Refused("user is not on the router".into()));
        }
        UserChange::Disable { .. } => kick().chain(by_id("disable")).collect(),
        UserChange::Remove { .. } => kick().chain(by_id("remove")).collect(),
        UserChange::Restore {
            user,
            comment,
            disabled,
        } => {
            let flag = if *disabled { "yes" } else { "no" };
            if user_ids.is_empty() {
                vec![
                    add_command(router, user)
                        .attr("comment", comment)
                        .attr("disabled", flag),
                ]
            } else {
                by_id("set")
                    .into_iter()
                    .map(|c| {
                        c.attr("password", &user.password)
                            .attr("profile", &user.profile_name)
                            .attr("comment", comment)
                            .attr("disabled", flag)
                    })
                    .collect()
            }
        }
    })
}

/// Whether a write that finds its item gone has still reached its goal: yes for ending
/// sessions, disabling and removing; no for writes that must leave the account there.
fn gone_is_fine(change: &UserChange, is_kick: bool) -> bool {
    is_kick
        || matches!(
            change,
            UserChange::Disable { .. } | UserChange::Remove { .. }
        )
}

/// Applies changes to accounts of either table: one pipelined round of look-ups by name
/// (accounts, and the sessions of those a change ends), then one pipelined round of writes.
/// A name may appear once per call (the caller splits repeats into later calls, so each
/// account's changes keep their order). Per change: the sessions it ended, or why it failed.
pub(super) async fn apply(
    conn: &Connection,
    router: &RouterTarget,
    changes: &[(UserTable, UserChange)],
) -> Result<Vec<Result<u32, RouterError>>, RouterError> {
    let menus: Vec<Menus> = changes.iter().map(|(t, _)| menus(*t)).collect();
    let mut wanted: Vec<Lookup> = changes
        .iter()
        .zip(&menus)
        .map(|((_, c), m)| Lookup {
            menu: m.users,
            field: "name",
            name: c.name(),
        })
        .collect();
    wanted.extend(
        changes
            .iter()
            .zip(&menus)
            .filter(|((_, c), _)| kicks(c))
            .map(|((_, c), m)| Lookup {
                menu: m.active,
                field: m.active_user,
                name: c.name(),
            }),
    );
    let mut found = lookup(conn, &wanted).await?.into_iter();
    let user_ids: Vec<Vec<String>> = found.by_ref().take(changes.len()).collect();
    let mut sessions = found;
    let mut plan: Vec<(usize, bool, Command)> = Vec::new();
    let mut results: Vec<Result<u32, RouterError>> = vec![Ok(0); changes.len()];
    for (i, ((_, change), m)) in changes.iter().zip(&menus).enumerate() {
        let session_ids = if kicks(change) {
            sessions.next().unwrap_or_default()
        } else {
            vec![]
        };
        match writes(router, m, change, &user_ids[i], &session_ids) {
            Ok(cmds) => plan.extend(cmds.into_iter().map(|c| {
                let is_kick = c.path() == format!("{}/remove", m.active);
                (i, is_kick, c)
            })),
            Err(e) => results[i] = Err(e),
        }
    }
    let (owners, commands): (Vec<(usize, bool)>, Vec<Command>) =
        plan.into_iter().map(|(i, k, c)| ((i, k), c)).unzip();
    for ((i, is_kick), reply) in owners.into_iter().zip(conn.call_many(commands).await) {
        let change = &changes[i].1;
        match (reply, &mut results[i]) {
            (Ok(_), Ok(n)) if is_kick => *n += 1,
            (Ok(_), _) => {}
            // The session or user went away between look-up and write: that is the goal.
            (Err(client::RouterError::NoSuchItem), _) if gone_is_fine(change, is_kick) => {}
            // An account that must stay vanished under our `set`: look again next time.
            (Err(client::RouterError::NoSuchItem), slot @ Ok(_)) => {
                *slot = Err(RouterError::Transient(
                    "the account vanished during the write".into(),
                ));
            }
            (Err(e), slot @ Ok(_)) => *slot = Err(port_error(e)),
            (Err(_), Err(_)) => {}
        }
    }
    Ok(results)
}

/// Creates or updates hotspot user profiles by name: one round of look-ups, one of writes.
pub(super) async fn upsert_profiles(
    conn: &Connection,
    profiles: &[HotspotProfileSpec],
) -> Result<Vec<Result<(), RouterError>>, RouterError> {
    const MENU: &str = "/ip/hotspot/user/profile";
    let wanted: Vec<Lookup> = profiles
        .iter()
        .map(|p| Lookup {
            menu: MENU,
            field: "name",
            name: &p.name,
        })
        .collect();
    let ids = lookup(conn, &wanted).await?;
    let mut owners = Vec::new();
    let mut commands = Vec::new();
    for (i, (p, ids)) in profiles.iter().zip(&ids).enumerate() {
        let mut fields = vec![("on-login", p.on_login.as_str())];
        if let Some(rate) = p.rate_limit.as_deref() {
            fields.push(("rate-limit", rate));
        }
        if ids.is_empty() {
            commands.push(
                Command::new(format!("{MENU}/add"))
                    .attr("name", &p.name)
                    .attrs(fields.clone()),
            );
            owners.push(i);
        }
        for id in ids {
            commands.push(
                Command::new(format!("{MENU}/set"))
                    .attr(".id", id)
                    .attrs(fields.clone()),
            );
            owners.push(i);
        }
    }
    let mut results: Vec<Result<(), RouterError>> = vec![Ok(()); profiles.len()];
    for (i, reply) in owners.into_iter().zip(conn.call_many(commands).await) {
        if let (Err(e), slot @ Ok(())) = (reply, &mut results[i]) {
            *slot = Err(match e {
                client::RouterError::NoSuchItem => {
                    RouterError::Transient("the profile vanished during the write".into())
                }
                e => port_error(e),
            });
        }
    }
    Ok(results)
}
