//! When outbox workers look for work: one `LISTEN outbox` connection per instance, fanned
//! out to the workers of the kind named in each notification, and the database's answer to
//! "when is the next row of this kind due" (docs/adr/0013-idle-wake-ups.md).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::watch;

/// The channel `enqueue_many` and `revive` notify, with the kind as payload.
pub const CHANNEL: &str = "outbox";

/// One counter per kind, bumped by each notification for it. Workers hold receivers: a
/// bump that lands while a worker is busy is still seen when it next waits, so a job
/// enqueued between "nothing due" and "sleep" is never slept through.
#[derive(Clone, Default)]
pub struct OutboxWakeups {
    kinds: Arc<Mutex<HashMap<String, watch::Sender<u64>>>>,
}

impl OutboxWakeups {
    fn sender(&self, kind: &str) -> watch::Sender<u64> {
        let mut kinds = self.kinds.lock().unwrap_or_else(|p| p.into_inner());
        kinds
            .entry(kind.to_string())
            .or_insert_with(|| watch::channel(0).0)
            .clone()
    }

    pub fn subscribe(&self, kind: &str) -> watch::Receiver<u64> {
        self.sender(kind).subscribe()
    }

    /// Wakes every worker of `kind` (a notification for a kind nobody runs is dropped).
    pub fn wake(&self, kind: &str) {
        let kinds = self.kinds.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = kinds.get(kind) {
            s.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    pub fn wake_all(&self) {
        let kinds = self.kinds.lock().unwrap_or_else(|p| p.into_inner());
        for s in kinds.values() {
            s.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    /// Runs until the task is aborted; reconnects with a pause when the connection drops,
    /// and then wakes everyone: what was notified meanwhile is found by looking.
    pub async fn listen(self, pool: PgPool) {
        loop {
            if let Err(e) = self.listen_once(&pool).await {
                tracing::warn!(error = %e, "outbox listener lost its connection; reconnecting");
            }
            self.wake_all();
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    async fn listen_once(&self, pool: &PgPool) -> sqlx::Result<()> {
        let mut listener = PgListener::connect_with(pool).await?;
        listener.ignore_pool_close_event(true);
        listener.listen(CHANNEL).await?;
        // Rows enqueued before the LISTEN took effect sent their notification to nobody.
        self.wake_all();
        loop {
            let n = listener.recv().await?;
            self.wake(n.payload());
        }
    }
}

impl OutboxWakeups {
    /// The outbox's safety net, one query per instance: every `period`, wakes the kinds
    /// that have a row due or a lease run out — rows nobody was notified about (a
    /// notification sent while the listener was reconnecting, a row made due by hand).
    /// Runs until the task is aborted; a failed look wakes every kind.
    pub async fn sweep(self, pool: PgPool, period: Duration) {
        let mut every = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let kinds: Vec<String> = {
                let kinds = self.kinds.lock().unwrap_or_else(|p| p.into_inner());
                kinds.keys().cloned().collect()
            };
            let due: sqlx::Result<Vec<String>> = sqlx::query_scalar(DUE_KINDS_SQL)
                .bind(kinds)
                .fetch_all(&pool)
                .await;
            match due {
                Ok(due) => due.iter().for_each(|k| self.wake(k)),
                Err(e) => {
                    tracing::warn!(error = %e, "outbox sweep failed; waking every kind");
                    self.wake_all();
                }
            }
        }
    }
}

/// `$1` = kinds: those with something claimable now, each found by one probe of
/// `outbox_due` or `outbox_leases`. Public for the plan test (tests/api/idle.rs).
pub const DUE_KINDS_SQL: &str = "select k from unnest($1::text[]) as k
  where exists (select 1 from outbox where kind = k and status = 'pending' and next_attempt_at <= now())
     or exists (select 1 from outbox where kind = k and status = 'in_flight' and lease_until < now())";

/// How long until the next row of `kind` may be claimed, by the database's clock (the one
/// claims compare with): the earliest pending row's `next_attempt_at` or in-flight row's
/// `lease_until` — a lease left by a crashed worker is due when it runs out. `None` when
/// the kind has no open row; zero when something is due now. Two index probes
/// (`outbox_due`, `outbox_leases`), whatever the table holds.
pub async fn next_due(pool: &PgPool, kind: &str) -> sqlx::Result<Option<Duration>> {
    let secs: Option<f64> = sqlx::query_scalar(NEXT_DUE_SQL)
        .bind(kind)
        .fetch_one(pool)
        .await?;
    Ok(secs.map(|s| Duration::from_secs_f64(s.clamp(0.0, 86_400.0 * 365.0))))
}

/// `$1` = kind. Public for the plan test (tests/api/idle.rs).
pub const NEXT_DUE_SQL: &str = "select extract(epoch from least(
       (select min(next_attempt_at) from outbox where kind = $1 and status = 'pending'),
       (select min(lease_until) from outbox where kind = $1 and status = 'in_flight')) - now())::float8";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_wake_up_while_busy_is_seen_at_the_next_wait() {
        let w = OutboxWakeups::default();
        let mut rx = w.subscribe("k");
        rx.borrow_and_update();
        // Notified after the worker looked but before it waits.
        w.wake("k");
        let woke = tokio::time::timeout(Duration::from_secs(5), rx.changed()).await;
        assert!(matches!(woke, Ok(Ok(()))));
    }

    #[tokio::test]
    async fn a_wake_up_reaches_only_its_kind() {
        let w = OutboxWakeups::default();
        let mut a = w.subscribe("a");
        let mut b = w.subscribe("b");
        a.borrow_and_update();
        b.borrow_and_update();
        w.wake("a");
        w.wake("nobody");
        assert!(a.has_changed().unwrap_or(false));
        assert!(!b.has_changed().unwrap_or(true));
        w.wake_all();
        assert!(b.has_changed().unwrap_or(false));
    }
}
