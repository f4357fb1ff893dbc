//! Executes one API command against the router state: routing a command word to its
//! menu and verb, and the shared context the verbs work in.

mod fields;
mod print;
pub(crate) use print::project;
mod target;
mod write;

use crate::proto::Sentence;

use super::menus::{self, Menu, Verb};
use super::render::Row;
use super::reply::{Reply, Trap};
use super::state::State;
use super::version::Version;

/// What a command asks of its connection.
#[derive(Debug)]
pub(crate) enum Action {
    /// Send these sentences and forget the command.
    Reply(Reply),
    /// Keep the command open and stream changes of `menu` until `/cancel`.
    Listen(ListenSpec),
}

/// An open `listen` (or `print =follow=`): what to stream, and rows to send first.
#[derive(Debug, Clone)]
pub(crate) struct ListenSpec {
    pub menu: &'static str,
    pub queries: Vec<String>,
    pub proplist: Option<Vec<String>>,
    pub initial: Vec<Row>,
}

/// One command's view of the router while it holds the state lock.
pub(crate) struct Exec<'a> {
    pub state: &'a mut State,
    /// Simulated clock second.
    pub now: u64,
    /// Clock second the router (re)started, for `/system/resource` uptime.
    pub boot: u64,
    pub version: &'a Version,
    /// The API user: the `owner` of scripts it adds.
    pub owner: &'a str,
    /// Rows added or modified, for `listen`.
    pub changed: Vec<(&'static str, u64)>,
    /// Rows removed, for `listen`'s `.dead` rows.
    pub removed: Vec<(&'static str, u64)>,
}

impl Exec<'_> {
    /// Runs a command other than `/login`, `/cancel` and `/quit`, which belong to the
    /// connection rather than the router.
    pub(crate) fn run(&mut self, sentence: &Sentence) -> Action {
        let command = sentence.command.as_str();
        let Some((dir, verb)) = command.rsplit_once('/') else {
            return Action::Reply(Reply::traps(&unknown_command(command, self.version)));
        };
        let menu = menus::find(dir);
        match (menu, Verb::parse(verb)) {
            (Some(menu), Some(verb)) if menu.verbs.contains(&verb) => {
                self.verb(menu, verb, sentence)
            }
            _ => Action::Reply(Reply::traps(&unknown_command(command, self.version))),
        }
    }

    fn verb(&mut self, menu: &'static Menu, verb: Verb, sentence: &Sentence) -> Action {
        let result = match verb {
            Verb::Print => return self.print(menu, sentence),
            Verb::Listen => return Action::Listen(print::listen_spec(menu, sentence, Vec::new())),
            Verb::Add => self.add(menu, sentence),
            Verb::Set => self.set(menu, sentence),
            Verb::Remove => self.remove(menu, sentence),
            Verb::Enable => self.flag(menu, sentence, false),
            Verb::Disable => self.flag(menu, sentence, true),
            Verb::ResetCounters => self.reset_counters(menu, sentence),
        };
        Action::Reply(result.unwrap_or_else(Reply::trap))
    }
}

/// The traps for a command the router does not have. RouterOS 7 names the first path
/// segment it cannot resolve and then adds the generic text (librouteros joins them as
/// "no such command or directory (routerboard), no such command prefix"); v6 sends only
/// the generic text, which is the one routeros.md §3.6 lists.
fn unknown_command(command: &str, version: &Version) -> Vec<Trap> {
    let prefix = Trap::new("no such command prefix");
    if version.major() < 7 {
        return vec![prefix];
    }
    let segments: Vec<&str> = command.trim_start_matches('/').split('/').collect();
    let mut path = String::new();
    for segment in segments.iter().take(segments.len().saturating_sub(1)) {
        path.push('/');
        path.push_str(segment);
        if !menus::is_directory(&path) {
            return vec![
                Trap::new(format!("no such command or directory ({segment})")),
                prefix,
            ];
        }
    }
    vec![prefix]
}
