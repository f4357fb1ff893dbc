//! One at a time per key, in this process: callbacks for one payment wait their turn
//! without holding a database connection (a thousand waiters must not drain the pool).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

#[derive(Default)]
pub struct Turns {
    slots: Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
}

/// Holding it is the turn; dropping it lets the next waiter in and forgets idle keys.
pub struct Turn<'a> {
    turns: &'a Turns,
    key: String,
    guard: Option<OwnedMutexGuard<()>>,
}

impl Turns {
    pub async fn turn(&self, key: &str) -> Turn<'_> {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            slots.entry(key.to_string()).or_default().clone()
        };
        let guard = slot.lock_owned().await;
        Turn {
            turns: self,
            key: key.to_string(),
            guard: Some(guard),
        }
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

    #[tokio::test]
    async fn a_second_turn_waits_for_the_first_and_idle_keys_are_forgotten() {
        let turns = Turns::default();
        let first = turns.turn("p1").await;
        let waited =
            tokio::time::timeout(std::time::Duration::from_millis(50), turns.turn("p1")).await;
        assert!(waited.is_err(), "the second turn waits");
        drop(first);
        drop(turns.turn("p1").await);
        assert!(turns.slots.lock().unwrap().is_empty());
    }
}
