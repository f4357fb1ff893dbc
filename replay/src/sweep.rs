//! The runners' safety net, one query per instance instead of a pass per runner: every
//! `period`, wake the runners whose checkpoint is behind the newest settled event.
//!
//! Commits wake runners through the `events` NOTIFY, so idle runners wait on nothing
//! else. What a notification cannot cover: another instance took the checkpoint, was woken
//! instead of us and died mid-pass (or is backing off after a failure), leaving events
//! nobody here was told about. The sweep finds exactly those (docs/adr/0013-idle-wake-ups.md).

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::Notify;

use crate::feed::HORIZON_SQL;

/// Names of checkpoints behind the newest settled event: one backward step along
/// `events_commit_order`, then the checkpoint table (one row per projector).
pub fn behind_sql() -> String {
    format!(
        "select c.name from projection_checkpoint c,
                (select e.tx_id::text::bigint as tx, e.position as pos from events e
                  where e.tx_id < {HORIZON_SQL}
                  order by e.tx_id desc, e.position desc limit 1) n
          where (c.tx_id, c.position) < (n.tx, n.pos)"
    )
}

/// Runs until the task is aborted. A failed look wakes everyone: a pass too many is
/// harmless, a pass too few is not.
pub async fn sweep(pool: PgPool, period: Duration, runners: Vec<(String, Arc<Notify>)>) {
    let mut every = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let sql = behind_sql();
    loop {
        every.tick().await;
        let behind: Vec<String> = match sqlx::query_scalar(&sql).fetch_all(&pool).await {
            Ok(names) => names,
            Err(e) => {
                tracing::warn!(error = %e, "runner sweep failed; waking every runner");
                runners.iter().map(|(n, _)| n.clone()).collect()
            }
        };
        for (name, wake) in &runners {
            if behind.contains(name) {
                wake.notify_one();
            }
        }
    }
}
