//! This instance's outbox leases (docs/adr/0024-instance-identity-leases-and-queue-bounds.md):
//! every claim names its holder — the instance id, stable across restarts — so a restarted
//! instance gives its predecessor's rows back at once; and the rows a worker is handling
//! are renewed while it works, so leases can be short (another instance takes a dead
//! one's rows when they run out) without a long RouterOS batch ever losing its lease.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::PgPool;

use crate::outbox::Claim;

/// The claims this process is working on, by row id (→ the claim's attempt), and the
/// name it claims under.
#[derive(Clone)]
pub struct Leases {
    owner: Arc<str>,
    held: Arc<Mutex<HashMap<i64, i32>>>,
}

impl Leases {
    pub fn new(owner: impl Into<String>) -> Self {
        Self {
            owner: Arc::from(owner.into()),
            held: Arc::default(),
        }
    }

    /// The instance id stored in `outbox.lease_owner` of every row this process claims.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Marks claims as being worked on until the returned guard is dropped — when the
    /// outcomes are written, or when the worker's task is aborted mid-batch.
    pub fn hold(&self, claims: impl IntoIterator<Item = Claim>) -> Held {
        let mut held = self.lock();
        let ids = claims
            .into_iter()
            .map(|c| {
                held.insert(c.id, c.attempts);
                c.id
            })
            .collect();
        Held {
            leases: self.clone(),
            ids,
        }
    }

    /// Rows held right now.
    pub fn held_count(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, i32>> {
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Extends the lease of every held row to `lease` from now: one statement, and none
    /// at all while nothing is held (an idle instance costs nothing). A row whose claim
    /// no longer holds (`(id, attempts)` changed, or not in flight) is left alone.
    /// Returns the rows renewed.
    pub async fn renew_once(&self, pool: &PgPool, lease: Duration) -> sqlx::Result<u64> {
        let (ids, attempts): (Vec<i64>, Vec<i32>) =
            self.lock().iter().map(|(i, a)| (*i, *a)).unzip();
        if ids.is_empty() {
            return Ok(0);
        }
        let done = sqlx::query(RENEW_SQL)
            .bind(&ids)
            .bind(&attempts)
            .bind(lease.as_secs_f64())
            .execute(pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Renews held rows every third of the lease until the task is aborted: a renewal
    /// may fail twice in a row before a live worker's lease runs out.
    pub async fn renew_forever(self, pool: PgPool, lease: Duration) {
        let period = renewal_period(lease);
        let mut every = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(e) = self.renew_once(&pool, lease).await {
                tracing::warn!(error = %e, "outbox lease renewal failed; retrying");
            }
        }
    }

    /// At start, before this process claims anything: every row still in flight under
    /// this instance id belongs to a previous run of it (crashed or killed), and nobody is
    /// working on it any more. Its lease is ended now, so the workers take it at once
    /// instead of when it runs out. Returns the rows given back.
    pub async fn release_previous_run(&self, pool: &PgPool) -> sqlx::Result<u64> {
        let done = sqlx::query(RELEASE_SQL)
            .bind(self.owner())
            .execute(pool)
            .await?;
        Ok(done.rows_affected())
    }
}

/// How often held rows are renewed for a lease of `lease`.
pub fn renewal_period(lease: Duration) -> Duration {
    (lease / 3).max(Duration::from_millis(20))
}

/// `$1` ids, `$2` attempts of the held claims, `$3` the lease in seconds.
const RENEW_SQL: &str = "update outbox set lease_until = now() + make_interval(secs => $3)
  where (id, attempts) in (select * from unnest($1::bigint[], $2::int[])) and status = 'in_flight'";

/// `$1` the instance id. `outbox_held` finds the rows.
const RELEASE_SQL: &str = "update outbox set lease_until = now()
  where status = 'in_flight' and lease_owner = $1";

/// Claims being worked on; dropping it stops their renewal.
pub struct Held {
    leases: Leases,
    ids: Vec<i64>,
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut held = self.leases.lock();
        for id in &self.ids {
            held.remove(id);
        }
    }
}

/// This instance's id: `server.instance_id` when set; otherwise the host name and the
/// configured listening port — stable across restarts, and distinct for two instances on
/// one host (they cannot listen on one port). With port 0 (an ephemeral port, as in
/// tests) there is nothing stable to name it by: a random id, unique to this run.
pub fn instance_id(configured: Option<&str>, host: &str, bind: &str) -> String {
    if let Some(id) = configured.map(str::trim).filter(|s| !s.is_empty()) {
        return id.to_string();
    }
    let port = bind.rsplit(':').next().unwrap_or_default();
    match port.parse::<u16>() {
        Ok(port) if port != 0 => format!("{host}:{port}"),
        _ => format!("{host}:{}", uuid::Uuid::new_v4().simple()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configured_id_wins_and_the_default_is_host_and_port() {
        assert_eq!(instance_id(Some(" node-a "), "h", "0.0.0.0:8080"), "node-a");
        assert_eq!(instance_id(Some(""), "h", "0.0.0.0:8080"), "h:8080");
        assert_eq!(instance_id(None, "h", "[::]:9000"), "h:9000");
        let a = instance_id(None, "h", "127.0.0.1:0");
        let b = instance_id(None, "h", "127.0.0.1:0");
        assert!(
            a.starts_with("h:") && a != b,
            "port 0 makes a unique id per run"
        );
    }

    #[test]
    fn a_guard_holds_its_claims_until_dropped() {
        let leases = Leases::new("me");
        let first = leases.hold([Claim { id: 1, attempts: 1 }, Claim { id: 2, attempts: 3 }]);
        let second = leases.hold([Claim { id: 3, attempts: 1 }]);
        assert_eq!(leases.held_count(), 3);
        drop(first);
        assert_eq!(leases.held_count(), 1);
        drop(second);
        assert_eq!(leases.held_count(), 0);
    }

    #[test]
    fn renewal_runs_three_times_per_lease() {
        assert_eq!(
            renewal_period(Duration::from_secs(6)),
            Duration::from_secs(2)
        );
        assert_eq!(
            renewal_period(Duration::from_millis(30)),
            Duration::from_millis(20)
        );
    }
}
