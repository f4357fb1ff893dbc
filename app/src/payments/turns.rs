//! One at a time per key, in this process: callbacks for one payment wait their turn
//! without holding a database connection (a thousand waiters must not drain the pool).
//! The waiters per key are bounded: one more is refused (`Busy`) and the webhook answers
//! 503, so the gateway retries later — backpressure instead of an unbounded queue
//! (docs/adr/0024-instance-identity-leases-and-queue-bounds.md).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

/// Callbacks of one payment allowed to wait (besides the one being handled). Gateways send
/// a handful of duplicates at most; more is a flood.
pub const MAX_WAITING: usize = 64;

pub struct Turns {
    slots: Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
    max_waiting: usize,
}

impl Default for Turns {
    fn default() -> Self {
        Self::with_limit(MAX_WAITING)
    }
}

/// Too many callbacks of this key are waiting already.
#[derive(Debug, thiserror::Error)]
#[error("{0} callbacks for this payment are waiting already; try again later")]
pub struct Busy(pub usize);

/// Holding it is the turn; dropping it lets the next waiter in and forgets idle keys.
pub struct Turn<'a> {
    turns: &'a Turns,
    key: String,
    guard: Option<OwnedMutexGuard<()>>,
}

impl Turns {
    pub fn with_limit(max_waiting: usize) -> Self {
        Self {
            slots: Mutex::default(),
            max_waiting,
        }
    }

    pub async fn turn(&self, key: &str) -> Result<Turn<'_>, Busy> {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            let slot = slots.entry(key.to_string()).or_default();
            // Held by the map, the current turn and every waiter.
            let waiting = Arc::strong_count(slot).saturating_sub(2);
            if waiting >= self.max_waiting {
                return Err(Busy(waiting));
            }
            slot.clone()
        };
        let guard = slot.lock_owned().await;
        Ok(Turn {
            turns: self,
            key: key.to_string(),
            guard: Some(guard),
        })
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        drop(self.guard.take());
        let mut slots = self.turns.slots.lock().unwrap_or_else(|p| p.into_inner());
        // Only the map holds it: nobody waits, so the key can go.
        if slots
            .get(&self.key)
            .is_some_and(|s| Arc::strong_count(s) == 1)
        {
            slots.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_second_turn_waits_for_the_first_and_idle_keys_are_forgotten() {
        let turns = Turns::default();
        let first = turns.turn("p1").await.unwrap();
        let waited = tokio::time::timeout(Duration::from_millis(50), turns.turn("p1")).await;
        assert!(waited.is_err(), "the second turn waits");
        drop(first);
        drop(turns.turn("p1").await.unwrap());
        assert!(turns.slots.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn waiters_beyond_the_bound_are_refused_and_others_keys_are_not() {
        let turns = Arc::new(Turns::with_limit(2));
        let first = turns.turn("p1").await.unwrap();
        let mut waiters = Vec::new();
        for _ in 0..2 {
            let turns = turns.clone();
            waiters.push(tokio::spawn(async move {
                turns.turn("p1").await.map(|_| ()).is_ok()
            }));
        }
        // Both waiters are queued once the slot counts them (map + turn + 2).
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            let count = turns.slots.lock().unwrap().get("p1").map(Arc::strong_count);
            if count == Some(4) {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "waiters never queued"
            );
            tokio::task::yield_now().await;
        }
        assert!(matches!(turns.turn("p1").await, Err(Busy(2))));
        assert!(
            turns.turn("p2").await.is_ok(),
            "another payment is not affected"
        );
        drop(first);
        for w in waiters {
            assert!(w.await.unwrap(), "a queued waiter gets its turn");
        }
        assert!(turns.turn("p1").await.is_ok());
    }
}
