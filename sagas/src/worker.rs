//! Outbox workers: claim a partition's due rows, hand them to the handler of their kind,
//! apply the outcomes (done, retry with exponential back-off, dead after N attempts).
//! Idle workers sleep until their kind is notified or its next row is due
//! (docs/adr/0013-idle-wake-ups.md).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::leases::Leases;
use crate::outbox::{self, Claim, OutboxRow};
use crate::wakeups::{self, OutboxWakeups};

/// What became of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Try again later; counts toward the dead limit.
    Retry(String),
    /// The far side is unreachable: wait without using up attempts.
    Wait(String),
    Dead(String),
}

const DONE: u8 = 0;
const WAIT: u8 = 1;
const RETRY: u8 = 2;
const DEAD: u8 = 3;

#[async_trait]
pub trait OutboxHandler: Send + Sync + 'static {
    fn kind(&self) -> &'static str;
    /// Rows claimed at once from one partition (pipelined by the handler).
    fn batch_size(&self) -> i64 {
        100
    }
    /// One outcome per row, in the rows' order.
    async fn handle(&self, partition: &str, rows: &[OutboxRow]) -> Vec<Outcome>;
}

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// How long a claim lasts without renewal. The instance renews the rows it works on
    /// every third of it (`Leases::renew_forever`), so this is how long a dead instance's
    /// rows stay blocked before another instance takes them (ADR 0024).
    pub lease: Duration,
    pub max_attempts: i32,
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// The shortest pause between two looks: after an error, and while rows are due but
    /// held by another worker (that worker takes them next, so this is only a safety net).
    pub tick: Duration,
    /// The longest sleep without a notification or a due row. The instance's sweep
    /// (`OutboxWakeups::sweep`) already wakes kinds with rows due that nobody was told
    /// about, so this is only a last resort.
    pub fallback: Duration,
    /// Workers per kind: one slow or offline partition (router) holds only one of them.
    pub concurrency: usize,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            lease: Duration::from_secs(6),
            max_attempts: 8,
            base_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(300),
            tick: Duration::from_secs(1),
            fallback: Duration::from_secs(600),
            concurrency: 4,
        }
    }
}

#[derive(Clone)]
pub struct OutboxWorker {
    pool: PgPool,
    config: WorkerConfig,
    leases: Leases,
}

impl OutboxWorker {
    /// Workers claiming under `leases` (the instance's id and the rows it is working on;
    /// whoever owns `leases` runs its renewal).
    pub fn new(pool: PgPool, config: WorkerConfig, leases: Leases) -> Self {
        Self {
            pool,
            config,
            leases,
        }
    }

    /// Claims and handles one partition's batch; false when nothing was due.
    pub async fn run_once(&self, handler: &dyn OutboxHandler) -> sqlx::Result<bool> {
        let claimed = outbox::claim(
            &self.pool,
            handler.kind(),
            self.config.lease,
            handler.batch_size(),
            self.leases.owner(),
        )
        .await?;
        let Some((partition, rows)) = claimed else {
            return Ok(false);
        };
        // Renewed while handled and written back; an aborted task drops the guard too.
        let _held = self.leases.hold(rows.iter().map(Claim::from));
        let outcomes = handler.handle(&partition, &rows).await;
        self.apply(&rows, outcomes).await?;
        Ok(true)
    }

    /// Writes outcomes back, one statement per group of equal outcomes (a batch of 500 rows
    /// waiting on one offline router is one UPDATE, not 500).
    async fn apply(&self, rows: &[OutboxRow], outcomes: Vec<Outcome>) -> sqlx::Result<()> {
        let mut groups: BTreeMap<(u8, String, Duration), Vec<Claim>> = BTreeMap::new();
        for (row, outcome) in rows.iter().zip(outcomes) {
            let key = match outcome {
                Outcome::Done => (DONE, String::new(), Duration::ZERO),
                Outcome::Wait(e) => (WAIT, e, self.backoff(row.waits + 1)),
                Outcome::Retry(e) if row.attempts >= self.config.max_attempts => {
                    (DEAD, e, Duration::ZERO)
                }
                Outcome::Retry(e) => (RETRY, e, self.backoff(row.attempts)),
                Outcome::Dead(e) => (DEAD, e, Duration::ZERO),
            };
            groups.entry(key).or_default().push(Claim::from(row));
        }
        for ((kind, error, delay), claims) in groups {
            match kind {
                DONE => outbox::mark_done(&self.pool, &claims).await?,
                WAIT => outbox::mark_retry(&self.pool, &claims, &error, delay, true).await?,
                RETRY => outbox::mark_retry(&self.pool, &claims, &error, delay, false).await?,
                _ => outbox::mark_dead(&self.pool, &claims, &error).await?,
            }
        }
        Ok(())
    }

    fn backoff(&self, attempts: i32) -> Duration {
        let factor = 2u32.saturating_pow(attempts.clamp(1, 16) as u32 - 1);
        (self.config.base_backoff * factor).min(self.config.max_backoff)
    }

    /// Starts `concurrency` workers on the handler's rows; they run until aborted. Claims keep
    /// each partition with one worker at a time.
    pub fn spawn(
        &self,
        handler: Arc<dyn OutboxHandler>,
        wakeups: &OutboxWakeups,
    ) -> Vec<JoinHandle<()>> {
        (0..self.config.concurrency.max(1))
            .map(|_| {
                let worker = self.clone();
                let handler = handler.clone();
                let wake = wakeups.subscribe(handler.kind());
                tokio::spawn(async move { worker.run_forever(handler, wake).await })
            })
            .collect()
    }

    async fn run_forever(&self, handler: Arc<dyn OutboxHandler>, mut wake: watch::Receiver<u64>) {
        loop {
            // Marked before looking: a notification from now on ends the coming sleep.
            wake.borrow_and_update();
            match self.run_once(handler.as_ref()).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => {
                    tracing::error!(kind = handler.kind(), error = %e, "outbox worker failed");
                    tokio::time::sleep(self.config.tick).await;
                    continue;
                }
            }
            let pause = self.idle_pause(handler.kind()).await;
            let _ = tokio::time::timeout(pause, wake.changed()).await;
        }
    }

    /// Until the kind's next row is due, at most `fallback`. A row already due that this
    /// worker could not claim is held by another worker (its partition is busy), which
    /// takes it when done: look again only after `tick`.
    async fn idle_pause(&self, kind: &str) -> Duration {
        match wakeups::next_due(&self.pool, kind).await {
            Ok(Some(due)) if due.is_zero() => self.config.tick,
            Ok(Some(due)) => due.min(self.config.fallback),
            Ok(None) => self.config.fallback,
            Err(e) => {
                tracing::error!(kind, error = %e, "outbox worker cannot read its next due time");
                self.config.tick
            }
        }
    }
}
