//! The projection host: one per instance, driving every read model and saga of it.
//!
//! Each pass reads one gap-safe batch of the events its consumers are interested in (one
//! query, filtered in SQL), shares it with every consumer, and applies it in one
//! transaction: each consumer gets the part after its own checkpoint, only when that part
//! touches its interests; every checkpoint moves with one statement and one notification.
//! A consumer the batch does not concern costs nothing but its name in that statement.
//!
//! One instance at a time runs a pass (a transaction-level advisory lock); consumers being
//! rebuilt are skipped (their checkpoint row is locked). A consumer that fails is rolled
//! back alone (savepoint), shown as failed and retried with back-off, while the others
//! move on; after `isolate_after` failures the events it cannot store are skipped for it
//! alone and named (docs/adr/0020-projection-host.md, ADR 0012).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::checkpoint;
use crate::cursor::LogCursor;
use crate::feed;
use crate::interests::Interests;
use crate::poison;
use crate::progress::Progress;
use crate::projector::{ProjectionError, Projector};
use crate::stored_event::StoredEvent;

#[derive(Debug, Clone)]
pub struct HostConfig {
    /// Names the advisory lock a pass holds: one instance at a time runs a pass of the
    /// same group. Tests running a host of their own beside an app's use another group.
    pub group: &'static str,
    pub batch_size: i64,
    /// The longest the host sleeps without a wake-up. Every commit to the log wakes it
    /// through the `events` NOTIFY, a lost listener connection wakes it on reconnect and
    /// the instance's sweep (`sweep.rs`) wakes it when a checkpoint is left behind, so this
    /// is only a last resort (docs/adr/0013-idle-wake-ups.md).
    pub tick: Duration,
    pub max_backoff: Duration,
    /// Consecutive failed passes of one consumer after which the host looks for the event
    /// at fault: it splits the batch and skips (records as poisoned) the events that fail
    /// with a data error on their own. Until then a failure is retried whole (ADR 0012).
    pub isolate_after: i32,
}

impl Default for HostConfig {
    fn default() -> Self {
        Self {
            group: "projections",
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
    /// Moved checkpoints over this many events (0: only events no consumer reads).
    Applied(usize),
    /// Nothing new.
    Idle,
    /// Nothing readable yet, but events exist behind the horizon (an in-flight or
    /// just-committed transaction): their notification may already have been consumed, so
    /// poll again shortly instead of sleeping until the tick.
    Behind,
    /// Another instance is running a pass.
    Skipped,
}

struct Consumer {
    projector: Arc<dyn Projector>,
    interests: Interests,
}

/// A consumer's checkpoint row, locked for this pass.
struct Claim {
    index: usize,
    cursor: LogCursor,
    failures: i32,
}

/// A consumer that failed in a pass that applied without savepoints: the pass is redone
/// with one savepoint per consumer.
struct Unguarded;

pub struct ProjectionHost {
    pool: PgPool,
    progress: Progress,
    config: HostConfig,
    consumers: Vec<Consumer>,
    names: Vec<String>,
    /// When the earliest failed consumer is due again (it wakes the host).
    next_retry: Mutex<Option<Instant>>,
    /// Whether the last pass that applied left events to read at once: a full batch, or
    /// events in flight behind the horizon. Otherwise the host waits for the next commit's
    /// wake-up instead of running an empty pass to find out (a commit that landed during
    /// the pass has already stored its wake-up).
    more: AtomicBool,
}

impl ProjectionHost {
    /// A host for `projectors` (applied in this order: read models before the sagas that
    /// read them); creates their checkpoint rows and seeds local progress from them.
    pub async fn new(
        pool: PgPool,
        progress: Progress,
        config: HostConfig,
        projectors: Vec<Arc<dyn Projector>>,
    ) -> sqlx::Result<Self> {
        let names: Vec<String> = projectors.iter().map(|p| p.name().to_string()).collect();
        let mut conn = pool.acquire().await?;
        for (name, cursor) in checkpoint::ensure(&mut conn, &names).await? {
            progress.publish(&name, cursor);
        }
        drop(conn);
        let consumers = projectors
            .into_iter()
            .map(|projector| Consumer {
                interests: projector.interests(),
                projector,
            })
            .collect();
        Ok(Self {
            pool,
            progress,
            config,
            consumers,
            names,
            next_retry: Mutex::new(None),
            more: AtomicBool::new(false),
        })
    }

    /// The consumers' names, in the order they are applied.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// One pass: at most one batch.
    pub async fn run_once(&self) -> Result<Step, ProjectionError> {
        match self.pass(false).await? {
            Ok(step) => Ok(step),
            Err(Unguarded) => Ok(self.pass(true).await?.unwrap_or(Step::Idle)),
        }
    }

    /// Runs until the task is aborted: drain, then sleep until woken, ticked or a failed
    /// consumer is due again.
    pub fn spawn(self: Arc<Self>, wake: Arc<Notify>) -> JoinHandle<()> {
        tokio::spawn(async move { self.run_forever(wake).await })
    }

    async fn run_forever(&self, wake: Arc<Notify>) {
        let mut failures: u32 = 0;
        let mut behind: u32 = 0;
        loop {
            match self.run_once().await {
                Ok(Step::Applied(_)) => {
                    (failures, behind) = (0, 0);
                    if self.more.load(Ordering::Relaxed) {
                        continue;
                    }
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
                    tracing::error!(error = %e, retry_in = ?pause, "projection pass failed");
                    tokio::time::sleep(pause).await;
                    continue;
                }
            }
            let due = self
                .next_retry
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take();
            let until = due.map_or(self.config.tick, |at| {
                at.saturating_duration_since(Instant::now())
                    .min(self.config.tick)
            });
            let _ = tokio::time::timeout(until, wake.notified()).await;
        }
    }

    /// 500 ms, doubling per consecutive failure, capped at `max_backoff`.
    fn backoff(&self, failures: u32) -> Duration {
        let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(16));
        (Duration::from_millis(500) * factor).min(self.config.max_backoff)
    }

    fn retry_in(&self, pause: Duration) {
        let at = Instant::now() + pause;
        let mut next = self.next_retry.lock().unwrap_or_else(|p| p.into_inner());
        *next = Some(next.map_or(at, |n| n.min(at)));
    }

    /// One pass. `guarded`: every consumer under its own savepoint (after an unguarded
    /// pass failed); otherwise only consumers that failed before are.
    async fn pass(&self, guarded: bool) -> Result<Result<Step, Unguarded>, ProjectionError> {
        let mut tx = self.pool.begin().await?;
        let opening = feed::open_pass(&mut tx, self.config.group).await?;
        let (horizon, heads) = (opening.horizon, opening.heads);
        // Every early return ends the transaction explicitly: a dropped sqlx transaction
        // only queues its rollback, and its locks would stay held on a pooled connection.
        if !opening.locked {
            tx.rollback().await?;
            return Ok(Ok(Step::Skipped));
        }
        let claims = self.claim(&mut tx).await?;
        let Some(from) = claims.iter().map(|c| c.cursor).min() else {
            tx.rollback().await?;
            return Ok(Ok(Step::Idle));
        };
        let interests = Interests::union(claims.iter().map(|c| &self.consumers[c.index].interests));
        let types = interests.aggregate_types();
        let limit = self.config.batch_size;
        let events: Arc<[StoredEvent]> =
            feed::read_after_of_types(&mut tx, from, horizon, limit, types.as_deref())
                .await?
                .into();
        // A full batch ends at its last event; a short one has read every event of interest
        // below the horizon, so consumers may move to the newest settled event.
        let target = match events.last() {
            Some(last) if events.len() as i64 >= limit => last.cursor(),
            last => heads
                .settled
                .into_iter()
                .chain(last.map(StoredEvent::cursor))
                .max()
                .unwrap_or(from),
        };
        let behind = heads.newest_tx.is_some_and(|tx| tx >= horizon);
        let full = events.len() as i64 >= limit;
        self.more.store(full || behind, Ordering::Relaxed);
        if claims.iter().all(|c| c.cursor >= target) {
            tx.rollback().await?;
            return Ok(Ok(if behind { Step::Behind } else { Step::Idle }));
        }
        let mut moved = Vec::new();
        let mut failed = false;
        for claim in claims.iter().filter(|c| c.cursor < target) {
            let consumer = &self.consumers[claim.index];
            let start = events.partition_point(|e| e.cursor() <= claim.cursor);
            let slice = &events[start..];
            if slice.iter().any(|e| consumer.interests.matches(e)) {
                let careful = guarded || claim.failures > 0;
                match self.apply(&mut tx, consumer, claim, slice, careful).await? {
                    Applied::Yes => {}
                    Applied::Failed => {
                        failed = true;
                        continue;
                    }
                    Applied::Unguarded => {
                        tx.rollback().await?;
                        return Ok(Err(Unguarded));
                    }
                }
            }
            moved.push(consumer.projector.name().to_string());
        }
        checkpoint::advance(&mut tx, &moved, target).await?;
        if moved.is_empty() && !failed {
            tx.rollback().await?;
            return Ok(Ok(Step::Idle));
        }
        tx.commit().await?;
        for name in &moved {
            self.progress.publish(name, target);
        }
        Ok(Ok(if moved.is_empty() {
            Step::Idle
        } else {
            Step::Applied(events.len())
        }))
    }

    /// Locks the checkpoint rows of this pass: every consumer not backing off and not
    /// being rebuilt. Notes when the earliest backing-off consumer is due.
    async fn claim(&self, tx: &mut Transaction<'_, Postgres>) -> sqlx::Result<Vec<Claim>> {
        let rows: Vec<(String, i64, i64, i32, Option<f64>)> = sqlx::query_as(
            "select name, tx_id, position, failures,
                    extract(epoch from retry_at - now())::float8
               from projection_checkpoint
              where name = any($1) for update skip locked",
        )
        .bind(&self.names)
        .fetch_all(&mut **tx)
        .await?;
        let mut claims = Vec::with_capacity(rows.len());
        for (name, cp_tx, cp_pos, failures, retry_in) in rows {
            if let Some(secs) = retry_in.filter(|s| *s > 0.0) {
                self.retry_in(Duration::from_secs_f64(secs));
                continue;
            }
            if let Some(index) = self.names.iter().position(|n| *n == name) {
                claims.push(Claim {
                    index,
                    cursor: LogCursor::new(cp_tx, cp_pos),
                    failures,
                });
            }
        }
        // Applied in registration order: read models before the sagas that read them.
        claims.sort_by_key(|c| c.index);
        Ok(claims)
    }

    /// Applies one consumer's part of the batch. Careful: under a savepoint, so that its
    /// failure is recorded and rolled back alone; after `isolate_after` failures, isolating
    /// the events at fault.
    async fn apply(
        &self,
        conn: &mut PgConnection,
        consumer: &Consumer,
        claim: &Claim,
        events: &[StoredEvent],
        careful: bool,
    ) -> Result<Applied, ProjectionError> {
        let projector = consumer.projector.as_ref();
        let name = projector.name();
        if !careful {
            return Ok(match projector.apply(conn, events).await {
                Ok(()) => Applied::Yes,
                Err(e) => {
                    tracing::warn!(projector = name, error = %e, "projection failed; retrying the pass consumer by consumer");
                    Applied::Unguarded
                }
            });
        }
        sqlx::query("savepoint consumer_pass")
            .execute(&mut *conn)
            .await?;
        let result = if claim.failures >= self.config.isolate_after {
            match poison::apply_isolating(conn, poison::Target::Live(projector), events).await {
                Ok(poisoned) => poison::record(conn, name, &poisoned)
                    .await
                    .map_err(ProjectionError::from),
                Err(e) => Err(e),
            }
        } else {
            projector.apply(conn, events).await
        };
        match result {
            Ok(()) => {
                sqlx::query("release savepoint consumer_pass")
                    .execute(&mut *conn)
                    .await?;
                Ok(Applied::Yes)
            }
            Err(e) => {
                sqlx::query("rollback to savepoint consumer_pass")
                    .execute(&mut *conn)
                    .await?;
                let pause = self.backoff(u32::try_from(claim.failures + 1).unwrap_or(u32::MAX));
                tracing::error!(projector = name, error = %e, retry_in = ?pause, "projection failed");
                checkpoint::record_failure(conn, name, &e.to_string(), pause).await?;
                self.retry_in(pause);
                Ok(Applied::Failed)
            }
        }
    }
}

enum Applied {
    Yes,
    /// Failed under its savepoint: recorded, rolled back alone.
    Failed,
    /// Failed without a savepoint: the whole pass must be redone guarded.
    Unguarded,
}
