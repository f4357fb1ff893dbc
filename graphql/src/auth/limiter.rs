//! Brute-force limit on login: after `max_failures` failed attempts for one username from
//! one address within the window, further attempts are refused until the window passes.
//! Counted in Redis when configured (shared by all instances), in-process otherwise and
//! while Redis is unreachable (logins keep working through a Redis outage).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use tokio::sync::Mutex;

#[derive(Clone)]
pub struct LoginLimiter {
    redis: Option<ConnectionManager>,
    /// Used alone without Redis, and as the fallback while Redis is unreachable.
    memory: Arc<Mutex<HashMap<String, (u32, Instant)>>>,
    max_failures: u32,
    window: Duration,
    prefix: String,
}

impl LoginLimiter {
    pub fn in_memory(max_failures: u32, window: Duration) -> Self {
        Self { redis: None, memory: Arc::default(), max_failures, window, prefix: String::new() }
    }

    /// `prefix` namespaces keys (one Redis shared by several deployments or tests).
    pub fn redis(conn: ConnectionManager, max_failures: u32, window: Duration, prefix: &str) -> Self {
        Self { redis: Some(conn), memory: Arc::default(), max_failures, window, prefix: prefix.to_string() }
    }

    fn key(&self, username: &str, ip: &str) -> String {
        format!("{}tagih:login:{}:{}", self.prefix, username.to_lowercase(), ip)
    }

    /// True while the pair is locked out.
    pub async fn is_locked(&self, username: &str, ip: &str) -> bool {
        let key = self.key(username, ip);
        if let Some(conn) = &self.redis {
            match conn.clone().get::<_, Option<u32>>(&key).await {
                Ok(n) => return n.unwrap_or(0) >= self.max_failures,
                Err(e) => tracing::warn!(error = %e, "login limiter: Redis unreachable, counting in-process"),
            }
        }
        let map = self.memory.lock().await;
        map.get(&key).is_some_and(|(n, since)| *n >= self.max_failures && since.elapsed() < self.window)
    }

    pub async fn record_failure(&self, username: &str, ip: &str) {
        let key = self.key(username, ip);
        if let Some(conn) = &self.redis {
            let ttl = self.window.as_secs().max(1) as i64;
            let counted: redis::RedisResult<()> =
                redis::pipe().atomic().incr(&key, 1).expire(&key, ttl).query_async(&mut conn.clone()).await;
            match counted {
                Ok(()) => return,
                Err(e) => tracing::warn!(error = %e, "login limiter: Redis unreachable, counting in-process"),
            }
        }
        let mut map = self.memory.lock().await;
        let entry = map.entry(key).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= self.window {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    pub async fn reset(&self, username: &str, ip: &str) {
        let key = self.key(username, ip);
        if let Some(conn) = &self.redis {
            let _: redis::RedisResult<()> = conn.clone().del(&key).await;
        }
        self.memory.lock().await.remove(&key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_memory_limiter_locks_after_too_many_failures_and_resets() {
        let l = LoginLimiter::in_memory(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(!l.is_locked("siti", "1.2.3.4").await);
            l.record_failure("siti", "1.2.3.4").await;
        }
        assert!(l.is_locked("siti", "1.2.3.4").await);
        assert!(
            !l.is_locked("siti", "5.6.7.8").await,
            "other addresses are not affected"
        );
        l.reset("siti", "1.2.3.4").await;
        assert!(!l.is_locked("siti", "1.2.3.4").await);
    }
}
