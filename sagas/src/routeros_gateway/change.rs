//! Changing users and profiles by name: one pipelined round of look-ups (`print ?name=`),
//! then one pipelined round of writes with the `.id`s just returned — never ids
//! remembered from an earlier session.

use tagih_routeros::client::{self, Command, Connection, upsert_by_name};

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

/// The `.id`s of the rows of `menu` whose `field` equals each name, in order.
async fn lookup(
    conn: &Connection,
    menu: &str,
    field: &str,
    names: &[&str],
) -> Result<Vec<Vec<String>>, RouterError> {
    let prints = names
        .iter()
        .map(|n| {
            Command::new(format!("{menu}/print"))
                .where_eq(field, n)
                .proplist(&[".id", field])
        })
        .collect();
    let mut out = Vec::with_capacity(names.len());
    for (name, rows) in names.iter().zip(conn.call_many(prints).await) {
        let rows = rows.map_err(port_error)?;
        out.push(
            rows.into_iter()
                .filter(|r| r.get(field).is_none_or(|v| v == name))
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

pub(super) async fn apply(
    conn: &Connection,
    router: &RouterTarget,
    table: UserTable,
    changes: &[UserChange],
) -> Result<Vec<Result<u32, RouterError>>, RouterError> {
    let m = menus(table);
    let names: Vec<&str> = changes.iter().map(UserChange::name).collect();
    let user_ids = lookup(conn, m.users, "name", &names).await?;
    let kicked: Vec<&str> = changes
        .iter()
        .filter(|c| kicks(c))
        .map(UserChange::name)
        .collect();
    let mut sessions = lookup(conn, m.active, m.active_user, &kicked)
        .await?
        .into_iter();
    let mut plan: Vec<(usize, bool, Command)> = Vec::new();
    let mut results: Vec<Result<u32, RouterError>> = vec![Ok(0); changes.len()];
    for (i, change) in changes.iter().enumerate() {
        let session_ids = if kicks(change) {
            sessions.next().unwrap_or_default()
        } else {
            vec![]
        };
        match writes(router, &m, change, &user_ids[i], &session_ids) {
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
        match (reply, &mut results[i]) {
            (Ok(_), Ok(n)) if is_kick => *n += 1,
            (Ok(_), _) => {}
            // The session or user went away between look-up and write: that is the goal.
            (Err(client::RouterError::NoSuchItem), _) => {}
            (Err(e), slot @ Ok(_)) => *slot = Err(port_error(e)),
            (Err(_), Err(_)) => {}
        }
    }
    Ok(results)
}

pub(super) async fn upsert_profile(
    conn: &Connection,
    profile: &HotspotProfileSpec,
) -> Result<(), RouterError> {
    let mut fields = vec![("on-login", profile.on_login.as_str())];
    if let Some(rate) = profile.rate_limit.as_deref() {
        fields.push(("rate-limit", rate));
    }
    upsert_by_name(conn, "/ip/hotspot/user/profile", &profile.name, &fields)
        .await
        .map(drop)
        .map_err(port_error)
}
