//! The simulator's clock: stands still unless a test advances it (so uptimes are
//! deterministic), or runs in real time when asked (for demos).

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub(crate) struct Clock {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// Time accumulated by advances and finished real-time runs.
    offset: Duration,
    /// When real-time running started, if it is on.
    running_since: Option<Instant>,
}

impl Clock {
    pub(crate) fn starting_at(secs: u64) -> Clock {
        let inner = Inner {
            offset: Duration::from_secs(secs),
            running_since: None,
        };
        Clock {
            inner: Mutex::new(inner),
        }
    }

    /// Whole seconds since the simulated epoch; RouterOS shows seconds, not fractions.
    pub(crate) fn now(&self) -> u64 {
        let inner = lock(&self.inner);
        let running = inner.running_since.map(|t| t.elapsed()).unwrap_or_default();
        (inner.offset + running).as_secs()
    }

    pub(crate) fn advance(&self, by: Duration) {
        let mut inner = lock(&self.inner);
        inner.offset = inner.offset.saturating_add(by);
    }

    pub(crate) fn set_realtime(&self, on: bool) {
        let mut inner = lock(&self.inner);
        match (on, inner.running_since) {
            (true, None) => inner.running_since = Some(Instant::now()),
            (false, Some(since)) => {
                inner.offset = inner.offset.saturating_add(since.elapsed());
                inner.running_since = None;
            }
            _ => {}
        }
    }
}

/// Locks a mutex, recovering the data if a panicking holder poisoned it: every update
/// in this crate leaves the data consistent between statements.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
