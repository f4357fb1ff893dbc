//! One message per second per sender, shared by every instance: each send reserves the
//! sender's next free slot (Redis, atomically, on Redis's clock) and waits for it. Without
//! Redis — or while it is unreachable — the same reservation runs in-process.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use redis::aio::ConnectionManager;
use tokio::sync::Mutex;

/// Slots are spaced by the interval plus this allowance, so that jitter between taking a
/// slot and the request reaching the provider cannot bring two sends under the interval
/// (on a loaded 2-core machine, 30 ms was not enough: arrivals came 63 ms early).
const JITTER_ALLOWANCE: Duration = Duration::from_millis(250);

/// Reserve `slot = max(now, next)` and move `next` past it, unless the slot is further
/// away than the caller will wait (then nothing is reserved; the answer is negative).
const RESERVE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local interval = tonumber(ARGV[1])
local slot = math.max(now, nxt)
if slot - now > tonumber(ARGV[2]) then return -(slot - now) end
redis.call('SET', KEYS[1], slot + interval, 'PX', slot + interval - now + 1000)
return slot - now
";

#[derive(Clone)]
pub struct SenderRateLimiter {
    redis: Option<ConnectionManager>,
    memory: Arc<Mutex<HashMap<String, Instant>>>,
    interval: Duration,
    prefix: String,
}

/// The outcome of asking for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Ours after this wait.
    After(Duration),
    /// The sender is booked further ahead than the caller would wait.
    Busy(Duration),
}

impl SenderRateLimiter {
    pub fn in_memory(interval: Duration) -> Self {
        Self {
            redis: None,
            memory: Arc::default(),
            interval: interval + JITTER_ALLOWANCE,
            prefix: String::new(),
        }
    }

    pub fn redis(conn: ConnectionManager, interval: Duration, prefix: &str) -> Self {
        Self {
            redis: Some(conn),
            prefix: prefix.to_string(),
            ..Self::in_memory(interval)
        }
    }

    /// Reserves the sender's next slot if it comes within `max_wait`.
    pub async fn reserve(&self, sender_id: &str, max_wait: Duration) -> Slot {
        if let Some(conn) = &self.redis {
            let key = format!("{}tagih:wa:slot:{sender_id}", self.prefix);
            let answer: redis::RedisResult<i64> = redis::Script::new(RESERVE)
                .key(&key)
                .arg(self.interval.as_millis() as i64)
                .arg(max_wait.as_millis() as i64)
                .invoke_async(&mut conn.clone())
                .await;
            match answer {
                Ok(ms) if ms >= 0 => return Slot::After(Duration::from_millis(ms as u64)),
                Ok(ms) => return Slot::Busy(Duration::from_millis(ms.unsigned_abs())),
                Err(e) => {
                    tracing::warn!(error = %e, "whatsapp rate limit: Redis unreachable, limiting in-process")
                }
            }
        }
        let mut slots = self.memory.lock().await;
        let now = Instant::now();
        let slot = slots
            .get(sender_id)
            .copied()
            .filter(|n| *n > now)
            .unwrap_or(now);
        let wait = slot - now;
        if wait > max_wait {
            return Slot::Busy(wait);
        }
        slots.insert(sender_id.to_string(), slot + self.interval);
        Slot::After(wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn slots_are_spaced_by_the_interval_and_a_far_slot_is_not_taken() {
        let l = SenderRateLimiter::in_memory(Duration::from_secs(1));
        assert_eq!(
            l.reserve("s1", Duration::ZERO).await,
            Slot::After(Duration::ZERO)
        );
        let Slot::After(second) = l.reserve("s1", Duration::from_secs(5)).await else {
            panic!("expected a slot");
        };
        assert!(second >= Duration::from_secs(1), "{second:?}");
        assert!(matches!(
            l.reserve("s1", Duration::from_millis(100)).await,
            Slot::Busy(_)
        ));
        assert_eq!(
            l.reserve("s2", Duration::ZERO).await,
            Slot::After(Duration::ZERO)
        );
    }
}
