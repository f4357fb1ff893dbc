//! The projection host's safety net, one query per instance: every `period`, wake the host
//! when a checkpoint of its consumers is behind the newest settled event.
//!
//! Commits wake the host through the `events` NOTIFY, so an idle host waits on nothing
//! else. What a notification cannot cover: another instance ran the pass instead of us and
//! died mid-pass, or ran it with other consumers than ours, leaving events nobody here was
//! told about. The sweep finds exactly those (docs/adr/0013-idle-wake-ups.md).

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

/// Runs until the task is aborted: wakes the host when one of its consumers is behind. A
/// failed look wakes it too: a pass too many is harmless, a pass too few is not.
pub async fn sweep(pool: PgPool, period: Duration, names: Vec<String>, wake: Arc<Notify>) {
    let mut every = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let sql = behind_sql();
    loop {
        every.tick().await;
        match sqlx::query_scalar::<_, String>(&sql).fetch_all(&pool).await {
            Ok(behind) if !behind.iter().any(|n| names.contains(n)) => {}
            Ok(_) => wake.notify_one(),
            Err(e) => {
                tracing::warn!(error = %e, "projection sweep failed; waking the host");
                wake.notify_one();
            }
        }
    }
}
