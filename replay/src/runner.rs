//! Drives every projector and saga: claim the checkpoint (one instance wins), read a
//! gap-safe batch, apply it and move the checkpoint in one transaction, notify.

use std::sync::Arc;
use std::time::Duration;

use sqlx::{PgConnection, PgPool};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::cursor::LogCursor;
use crate::feed;
use crate::poison;
use crate::progress::Progress;
use crate::projector::{ProjectionError, Projector};

#[derive(Debug, Clone)]
pub struct RunnerConfig {
    pub batch_size: i64,
    /// The longest a runner sleeps without a wake-up. Every commit to the log wakes the
    /// runners through the `events` NOTIFY, a lost listener connection wakes them on
    /// reconnect and the instance's sweep (`sweep.rs`) wakes those left behind, so this is
    /// only a last resort — and, idle, the runners' only database work
    /// (docs/adr/0013-idle-wake-ups.md).
    pub tick: Duration,
    pub max_backoff: Duration,
    /// Consecutive failed passes after which the runner looks for the event at fault:
    /// it splits the batch and skips (records as poisoned) the events that fail with a
    /// data error on their own. Until then a failure is retried whole (ADR 0012).
    pub isolate_after: i32,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        Self {
            batch_size: 10_000,
            tick: Duration::from_secs(600),
            max_backoff: Duration::from_secs(60),
            isolate_after: 2,
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Applied this many events.
    Applied(usize),
    /// Nothing new.
    Idle,
    /// Nothing readable yet, but events exist behind the horizon (an in-flight or
    /// just-committed transaction): their notification may already have been consumed, so
    /// poll again shortly instead of sleeping until the tick.
    Behind,
    /// Another instance holds the checkpoint, or a failure's back-off is not over.
    Skipped,
}

#[derive(Clone)]
pub struct ProjectorRunner {
    pool: PgPool,
    progress: Progress,
    config: RunnerConfig,
}

impl ProjectorRunner {
    pub fn new(pool: PgPool, progress: Progress, config: RunnerConfig) -> Self {
        Self {
            pool,
            progress,
            config,
        }
    }

    /// Makes sure the checkpoint row exists and seeds local progress from it.
    pub async fn register(&self, name: &str) -> sqlx::Result<()> {
        sqlx::query("insert into projection_checkpoint (name) values ($1) on conflict do nothing")
            .bind(name)
            .execute(&self.pool)
            .await?;
        let (tx, pos): (i64, i64) =
            sqlx::query_as("select tx_id, position from projection_checkpoint where name = $1")
                .bind(name)
                .fetch_one(&self.pool)
                .await?;
        self.progress.publish(name, LogCursor::new(tx, pos));
        Ok(())
    }

    /// One pass: at most one batch.
    pub async fn run_once(&self, projector: &dyn Projector) -> Result<Step, ProjectionError> {
        let name = projector.name();
        let mut tx = self.pool.begin().await?;
        // Taken before the checkpoint lock gives this transaction an xid of its own.
        let horizon = feed::safe_horizon(&mut tx).await?;
        relaxed_commit(&mut tx).await?;
        let claimed: Option<(i64, i64, bool, i32)> = sqlx::query_as(
            "select tx_id, position, coalesce(retry_at > now(), false), failures
               from projection_checkpoint
              where name = $1 for update skip locked",
        )
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
        // Every early return ends the transaction explicitly: a dropped sqlx transaction
        // only queues its rollback, and the checkpoint row would stay locked on a pooled
        // connection — the next pass would take it for another instance's and sleep.
        let Some((cp_tx, cp_pos, backing_off, failures)) = claimed else {
            tx.rollback().await?;
            return Ok(Step::Skipped);
        };
        if backing_off {
            tx.rollback().await?;
            return Ok(Step::Skipped);
        }
        let after = LogCursor::new(cp_tx, cp_pos);
        let events = feed::read_after(&mut tx, after, horizon, self.config.batch_size).await?;
        let Some(last) = events.last().map(|e| e.cursor()) else {
            let behind = events_beyond(&mut tx, horizon).await?;
            tx.rollback().await?;
            return Ok(if behind { Step::Behind } else { Step::Idle });
        };
        if failures >= self.config.isolate_after {
            let poisoned = poison::apply_isolating(&mut tx, projector, &events, "").await?;
            poison::record(&mut tx, name, &poisoned).await?;
        } else {
            projector.apply(&mut tx, &events, "").await?;
        }
        save_checkpoint(&mut tx, name, last).await?;
        tx.commit().await?;
        self.progress.publish(name, last);
        Ok(Step::Applied(events.len()))
    }

    /// Runs a projector until the task is aborted: drain, then sleep until woken or ticked.
    pub fn spawn(&self, projector: Arc<dyn Projector>, wake: Arc<Notify>) -> JoinHandle<()> {
        let runner = self.clone();
        tokio::spawn(async move { runner.run_forever(projector, wake).await })
    }

    async fn run_forever(&self, projector: Arc<dyn Projector>, wake: Arc<Notify>) {
        let mut failures: u32 = 0;
        let mut behind: u32 = 0;
        loop {
            match self.run_once(projector.as_ref()).await {
                Ok(Step::Applied(_)) => {
                    (failures, behind) = (0, 0);
                    continue;
                }
                Ok(Step::Behind) => {
                    // 2, 4, 8 … 128 ms: quick when a commit is a moment away, cheap when a
                    // long transaction elsewhere holds the horizon.
                    behind = (behind + 1).min(7);
                    tokio::time::sleep(Duration::from_millis(1 << behind)).await;
                    continue;
                }
                Ok(Step::Idle | Step::Skipped) => (failures, behind) = (0, 0),
                Err(e) => {
                    failures += 1;
                    let pause = self.backoff(failures);
                    tracing::error!(projector = projector.name(), error = %e, retry_in = ?pause, "projection failed");
                    self.record_failure(projector.name(), &e, pause).await;
                    tokio::time::sleep(pause).await;
                    continue;
                }
            }
            let _ = tokio::time::timeout(self.config.tick, wake.notified()).await;
        }
    }

    /// 500 ms, doubling per consecutive failure, capped at `max_backoff`.
    fn backoff(&self, failures: u32) -> Duration {
        let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(16));
        (Duration::from_millis(500) * factor).min(self.config.max_backoff)
    }

    /// Shows the failure (status, error, when it retries) without moving the checkpoint.
    async fn record_failure(&self, name: &str, error: &ProjectionError, pause: Duration) {
        let result = sqlx::query(
            "update projection_checkpoint
                set status = 'failed', last_error = $2, failures = failures + 1,
                    retry_at = now() + make_interval(secs => $3), updated_at = now()
              where name = $1",
        )
        .bind(name)
        .bind(error.to_string())
        .bind(pause.as_secs_f64())
        .execute(&self.pool)
        .await;
        if let Err(e) = result {
            tracing::error!(projector = name, error = %e, "could not record projection failure");
        }
    }
}

/// Whether any event was written by a transaction at or past the horizon. Compared here,
/// not in SQL: `exists(… where tx_id >= horizon)` is planned as a scan of the whole log
/// when the table has no statistics, while the newest event is one index step away.
async fn events_beyond(conn: &mut PgConnection, horizon: i64) -> sqlx::Result<bool> {
    Ok(feed::newest_tx(conn).await?.is_some_and(|tx| tx >= horizon))
}

/// Read models and checkpoints move together and are re-derived from the (durable) log,
/// so their commit need not wait for its own WAL flush: a crash loses at most the last
/// batches, checkpoint included, and they are applied again.
pub async fn relaxed_commit(conn: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query("set local synchronous_commit = off")
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves the checkpoint and tells other instances, inside the caller's transaction. The
/// status is `poisoned` (with the latest skipped event's error) while the projection has
/// skipped events, `live` otherwise.
pub async fn save_checkpoint(
    conn: &mut PgConnection,
    name: &str,
    at: LogCursor,
) -> sqlx::Result<()> {
    sqlx::query(
        "with worst as (
             select error from projection_poison where projection = $1
              order by position desc limit 1)
         update projection_checkpoint
            set tx_id = $2, position = $3,
                status = case when exists (select 1 from worst) then 'poisoned' else 'live' end,
                last_error = (select error from worst), failures = 0,
                retry_at = null, updated_at = now()
          where name = $1",
    )
    .bind(name)
    .bind(at.tx_id)
    .bind(at.position)
    .execute(&mut *conn)
    .await?;
    sqlx::query("select pg_notify('projections', $1)")
        .bind(format!("{name}={}", at.encode()))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
