//! The router shared by all connections: state behind one lock, the clock, and the
//! change feed that `listen` reads.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{Notify, broadcast};

use crate::proto::Sentence;

use super::clock::{Clock, lock};
use super::config::SimConfig;
use super::exec::{Action, Exec, ListenSpec};
use super::menus::{self, MENUS, Verb};
use super::render::{self, Row};
use super::reply::{Reply, Trap};
use super::state::State;
use super::version::Version;
use crate::values::format_id;

/// A row that changed in `menu`; a vanished row is `.id` plus `.dead`.
#[derive(Debug, Clone)]
pub(crate) struct Change {
    /// Position in the feed, so a `listen` opened later skips older queued changes.
    pub seq: u64,
    pub menu: &'static str,
    pub row: Row,
}

/// What the connection does with a command the router executed.
pub(crate) enum Outcome {
    Reply(Reply),
    /// A `listen`, with the feed subscribed while the state was locked so no change
    /// between its first rows and its stream is lost; `from` is the first `seq` it owns.
    Listen {
        spec: ListenSpec,
        feed: broadcast::Receiver<Change>,
        from: u64,
    },
}

pub(crate) struct Router {
    pub config: SimConfig,
    pub version: Version,
    state: Mutex<Locked>,
    feed: broadcast::Sender<Change>,
    pub clock: Clock,
    /// Clock second of this start, for `/system/resource` uptime.
    boot: u64,
    /// Woken after each change so the state file is rewritten.
    pub dirty: Notify,
    /// Reply delay in microseconds: `config.latency` until a test changes it.
    latency_us: AtomicU64,
    /// Sessions closed because their reply queue was full.
    pub overflows: AtomicU64,
}

struct Locked {
    state: State,
    seq: u64,
}

impl Router {
    pub(crate) fn new(config: SimConfig, state: State) -> Router {
        let (feed, _) = broadcast::channel(4096);
        let boot = state.clock;
        let config_latency = config.latency;
        Router {
            version: Version::parse(&config.version),
            config,
            clock: Clock::starting_at(boot),
            state: Mutex::new(Locked { state, seq: 0 }),
            feed,
            boot,
            dirty: Notify::new(),
            latency_us: AtomicU64::new(micros(config_latency)),
            overflows: AtomicU64::new(0),
        }
    }

    /// How long each reply waits before it leaves.
    pub(crate) fn latency(&self) -> std::time::Duration {
        std::time::Duration::from_micros(self.latency_us.load(Ordering::Relaxed))
    }

    pub(crate) fn set_latency(&self, latency: std::time::Duration) {
        self.latency_us.store(micros(latency), Ordering::Relaxed);
    }

    /// Executes one command of a logged-in connection.
    pub(crate) fn execute(&self, sentence: &Sentence) -> Outcome {
        if self.injected_failure(&sentence.command) {
            return Outcome::Reply(Reply::trap(Trap::new(
                "failure: simulated failure (fail-rate)",
            )));
        }
        let feed = &self.feed;
        self.mutate(|exec, seq| match exec.run(sentence) {
            Action::Reply(reply) => Outcome::Reply(reply),
            Action::Listen(spec) => Outcome::Listen {
                spec,
                feed: feed.subscribe(),
                from: seq,
            },
        })
    }

    fn injected_failure(&self, command: &str) -> bool {
        let mutating = command
            .rsplit_once('/')
            .and_then(|(_, v)| Verb::parse(v))
            .is_some_and(Verb::mutates);
        mutating && self.config.fail_rate > 0.0 && rand::random::<f64>() < self.config.fail_rate
    }

    /// Runs `f` on the locked state, then publishes the rows it changed to `listen`ers
    /// (still under the lock, so the feed is in commit order) and marks the state dirty.
    pub(crate) fn mutate<R>(&self, f: impl FnOnce(&mut Exec<'_>, u64) -> R) -> R {
        let mut locked = lock(&self.state);
        let Locked { state, seq } = &mut *locked;
        let now = self.clock.now();
        let mut exec = Exec {
            state,
            now,
            boot: self.boot,
            version: &self.version,
            owner: &self.config.user,
            changed: Vec::new(),
            removed: Vec::new(),
        };
        let result = f(&mut exec, *seq);
        let (changed, removed) = (
            std::mem::take(&mut exec.changed),
            std::mem::take(&mut exec.removed),
        );
        if !changed.is_empty() || !removed.is_empty() {
            self.publish(state, seq, now, &changed, &removed);
            self.dirty.notify_one();
        }
        result
    }

    fn publish(
        &self,
        state: &State,
        seq: &mut u64,
        now: u64,
        changed: &[(&'static str, u64)],
        removed: &[(&'static str, u64)],
    ) {
        let mut send = |menu: &'static str, row: Row| {
            // No receiver is normal: nobody is listening.
            let _ = self.feed.send(Change {
                seq: *seq,
                menu,
                row,
            });
            *seq += 1;
        };
        for &(path, id) in changed {
            let item = state.table(path).and_then(|t| t.get(id));
            if let (Some(menu), Some(item)) = (menus::find(path), item) {
                send(path, render::render(state, menu, item, now));
            }
        }
        for &(path, id) in removed {
            let dead = [
                (".id", format_id(id)),
                (".dead", self.version.dead_word().to_owned()),
            ];
            send(
                path,
                dead.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            );
        }
    }

    /// Every menu as a client would print it now.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, Vec<Row>> {
        self.mutate(|exec, _| {
            MENUS
                .iter()
                .map(|m| (m.path.to_owned(), exec.rows(m)))
                .collect()
        })
    }

    /// The state as the state file stores it, stamped with the clock.
    pub(crate) fn persistable(&self) -> State {
        let mut state = lock(&self.state).state.clone();
        state.clock = self.clock.now();
        state
    }
}

fn micros(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}
