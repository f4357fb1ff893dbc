//! [`Pool`]: one shared session per location, opened lazily, replaced when it dies, and
//! reopened with exponential backoff after failures.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Mutex as AsyncMutex;
use tokio::time::Instant;

use super::config::RouterConfig;
use super::connection::Connection;
use super::error::RouterError;

/// How long to wait before reconnecting after consecutive failures: `initial`, doubled
/// per failure, capped at `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(60),
        }
    }
}

impl Backoff {
    /// The wait after the `failures`-th consecutive failure (1-based).
    pub fn delay(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(30);
        self.initial.saturating_mul(1u32 << doublings).min(self.max)
    }
}

/// The state of one location's session.
#[derive(Default)]
struct Slot {
    connection: Option<Arc<Connection>>,
    failures: u32,
    retry_at: Option<Instant>,
    last_error: String,
}

/// Sessions keyed by location. Callers share one pipelined session per router.
pub struct Pool<K> {
    slots: Mutex<HashMap<K, Arc<AsyncMutex<Slot>>>>,
    backoff: Backoff,
}

impl<K: Eq + Hash + Clone> Pool<K> {
    pub fn new(backoff: Backoff) -> Self {
        Pool {
            slots: Mutex::new(HashMap::new()),
            backoff,
        }
    }

    /// The live session for `key`, connecting if there is none, the old one has died, or
    /// `config` changed (a new password, say). While backing off after a failure it fails
    /// fast with [`RouterError::Backoff`] instead of hammering an offline router; the
    /// caller's work stays queued and is retried later.
    pub async fn get(
        &self,
        key: &K,
        config: &RouterConfig,
    ) -> Result<Arc<Connection>, RouterError> {
        let slot = self.slot(key);
        // One connect attempt per location at a time; concurrent callers wait for it.
        let mut slot = slot.lock().await;
        if let Some(connection) = &slot.connection {
            if !connection.is_closed() && connection.config() == config {
                return Ok(connection.clone());
            }
            slot.connection = None;
        }
        if let Some(retry_at) = slot.retry_at {
            let now = Instant::now();
            if now < retry_at {
                return Err(RouterError::Backoff {
                    retry_in: retry_at - now,
                    last_error: slot.last_error.clone(),
                });
            }
        }
        self.connect(&mut slot, config).await
    }

    async fn connect(
        &self,
        slot: &mut Slot,
        config: &RouterConfig,
    ) -> Result<Arc<Connection>, RouterError> {
        match Connection::connect(config).await {
            Ok(connection) => {
                let connection = Arc::new(connection);
                if slot.failures > 0 {
                    tracing::info!(router = %config.endpoint(), "router reachable again");
                }
                *slot = Slot {
                    connection: Some(connection.clone()),
                    ..Slot::default()
                };
                Ok(connection)
            }
            Err(error) => {
                slot.failures = slot.failures.saturating_add(1);
                let delay = self.backoff.delay(slot.failures);
                slot.retry_at = Some(Instant::now() + delay);
                slot.last_error = error.to_string();
                tracing::warn!(router = %config.endpoint(), %error, ?delay, "router connect failed");
                Err(error)
            }
        }
    }

    /// Drops the session for `key` (a location removed or reconfigured) and its backoff.
    pub async fn evict(&self, key: &K) {
        let removed = self.lock().remove(key);
        if let Some(slot) = removed
            && let Some(connection) = slot.lock().await.connection.take()
        {
            connection.close();
        }
    }

    /// Forgets dead sessions, so that the map does not keep their sockets' memory.
    pub async fn evict_dead(&self) {
        let slots: Vec<_> = self.lock().values().cloned().collect();
        for slot in slots {
            let mut slot = slot.lock().await;
            if slot.connection.as_ref().is_some_and(|c| c.is_closed()) {
                slot.connection = None;
            }
        }
    }

    /// Locations with an open session.
    pub async fn open_sessions(&self) -> usize {
        let slots: Vec<_> = self.lock().values().cloned().collect();
        let mut open = 0;
        for slot in slots {
            let slot = slot.lock().await;
            if slot.connection.as_ref().is_some_and(|c| !c.is_closed()) {
                open += 1;
            }
        }
        open
    }

    fn slot(&self, key: &K) -> Arc<AsyncMutex<Slot>> {
        self.lock().entry(key.clone()).or_default().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Arc<AsyncMutex<Slot>>>> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<K: Eq + Hash + Clone> Default for Pool<K> {
    fn default() -> Self {
        Pool::new(Backoff::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_initial_up_to_max() {
        let backoff = Backoff {
            initial: Duration::from_millis(100),
            max: Duration::from_secs(1),
        };
        let delays: Vec<_> = (1..=6).map(|n| backoff.delay(n).as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(backoff.delay(u32::MAX), Duration::from_secs(1));
    }
}
