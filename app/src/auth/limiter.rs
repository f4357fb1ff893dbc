//! Brute-force limit on login: at most `max_failures` attempts per username and address
//! within the window (a successful login clears the count); further attempts are refused
//! until the window passes.
//! Counted in Redis when configured (shared by all instances), in-process otherwise and
//! while Redis is unreachable (logins keep working through a Redis outage).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use tokio::sync::Mutex;

/// Past this many tracked pairs, expired ones are dropped (bounded memory under a spray).
const MAX_TRACKED: usize = 10_000;

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
        Self {
            redis: None,
            memory: Arc::default(),
            max_failures,
            window,
            prefix: String::new(),
        }
    }

    /// `prefix` namespaces keys (one Redis shared by several deployments or tests).
    pub fn redis(
        conn: ConnectionManager,
        max_failures: u32,
        window: Duration,
        prefix: &str,
    ) -> Self {
        Self {
            redis: Some(conn),
            memory: Arc::default(),
            max_failures,
            window,
            prefix: prefix.to_string(),
        }
    }

    fn key(&self, username: &str, ip: &str) -> String {
        format!(
            "{}tagih:login:{}:{}",
            self.prefix,
            username.to_lowercase(),
            ip
        )
    }

    /// Counts an attempt for the pair and says whether it may go ahead. Counting before the
    /// (slow) password check means parallel guesses cannot all slip through: the
    /// `max_failures + 1`-th attempt within the window is refused, whatever it carries.
    pub async fn try_attempt(&self, username: &str, ip: &str) -> bool {
        let key = self.key(username, ip);
        if let Some(conn) = &self.redis {
            let ttl = self.window.as_secs().max(1) as i64;
            let counted: redis::RedisResult<(u32, i64)> = redis::pipe()
                .atomic()
                .incr(&key, 1)
                .cmd("expire")
                .arg(&key)
                .arg(ttl)
                .arg("NX")
                .query_async(&mut conn.clone())
                .await;
            match counted {
                Ok((n, _)) => return n <= self.max_failures,
                Err(e) => {
                    tracing::warn!(error = %e, "login limiter: Redis unreachable, counting in-process")
                }
            }
        }
        let mut map = self.memory.lock().await;
        if map.len() > MAX_TRACKED {
            map.retain(|_, (_, since)| since.elapsed() < self.window);
        }
        let entry = map.entry(key).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= self.window {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
        entry.0 <= self.max_failures
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
    async fn the_memory_limiter_refuses_attempts_past_the_limit_until_reset() {
        let l = LoginLimiter::in_memory(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(l.try_attempt("siti", "1.2.3.4").await);
        }
        assert!(!l.try_attempt("siti", "1.2.3.4").await);
        assert!(
            l.try_attempt("siti", "5.6.7.8").await,
            "other addresses are not affected"
        );
        l.reset("siti", "1.2.3.4").await;
        assert!(l.try_attempt("siti", "1.2.3.4").await);
    }
}
