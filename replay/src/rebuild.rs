//! Rebuilding a projection from the log: fill shadow tables `{table}__rebuild` (primary key
//! only) in large batches while the live projection keeps serving, index them once, then
//! catch up the tail and swap the tables in one transaction that holds the checkpoint.
//!
//! A rebuild is also the repair for poisoned events (ADR 0012): it applies every event
//! again, so once the projector or the data is fixed they land; whatever still fails with
//! a data error is skipped and becomes the projection's new poison list, replacing the old.

use std::time::{Duration, Instant};

use sqlx::PgPool;

use crate::checkpoint::{relaxed_commit, save_checkpoint};
use crate::cursor::LogCursor;
use crate::feed;
use crate::poison::{self, Poisoned};
use crate::projector::{ProjectionError, Projector};
use crate::shadow::{self, SUFFIX};

/// Events per shadow-table batch: large, so each batch is one load and one upsert per table.
const BATCH: i64 = 20_000;

#[derive(Debug, Clone, Default)]
pub struct RebuildReport {
    pub events: u64,
    pub elapsed: Duration,
    pub checkpoint: LogCursor,
    /// Events the projection still cannot apply (skipped, listed in `projection_poison`).
    pub poisoned: Vec<Poisoned>,
}

impl RebuildReport {
    pub fn events_per_sec(&self) -> f64 {
        self.events as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Rebuilds `projector`; `on_progress(events_so_far)` is called after each batch.
pub async fn rebuild(
    pool: &PgPool,
    projector: &dyn Projector,
    mut on_progress: impl FnMut(u64) + Send,
) -> Result<RebuildReport, ProjectionError> {
    let tables = projector.tables();
    if tables.is_empty() {
        return Err(ProjectionError::Other(format!(
            "{} cannot be rebuilt",
            projector.name()
        )));
    }
    let started = Instant::now();
    // Only the aggregate types it reads: a model of rare events does not decode the log.
    let types = projector.interests().aggregate_types();
    let types = types.as_deref();
    create_shadows(pool, tables).await?;
    let mut cursor = LogCursor::START;
    let mut events = 0u64;
    let mut poisoned = Vec::new();
    loop {
        let mut tx = pool.begin().await?;
        let horizon = feed::safe_horizon(&mut tx).await?;
        let batch = feed::read_after_of_types(&mut tx, cursor, horizon, BATCH, types).await?;
        let Some(last) = batch.last().map(|e| e.cursor()) else {
            break;
        };
        relaxed_commit(&mut tx).await?;
        poisoned.extend(poison::apply_isolating(&mut tx, projector, &batch, SUFFIX).await?);
        tx.commit().await?;
        cursor = last;
        events += batch.len() as u64;
        on_progress(events);
    }
    index_shadows(pool, tables).await?;
    let (checkpoint, tail) = swap_in(pool, projector, cursor, types, &mut poisoned).await?;
    events += tail;
    Ok(RebuildReport {
        events,
        elapsed: started.elapsed(),
        checkpoint,
        poisoned,
    })
}

async fn create_shadows(pool: &PgPool, tables: &[&str]) -> Result<(), ProjectionError> {
    let mut tx = pool.begin().await?;
    for t in tables {
        shadow::create(&mut tx, t).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn index_shadows(pool: &PgPool, tables: &[&str]) -> Result<(), ProjectionError> {
    let mut conn = pool.acquire().await?;
    for t in tables {
        shadow::index(&mut conn, t).await?;
    }
    Ok(())
}

/// Holds the checkpoint (the host skips this projection meanwhile), applies what arrived
/// meanwhile, swaps.
async fn swap_in(
    pool: &PgPool,
    projector: &dyn Projector,
    mut cursor: LogCursor,
    types: Option<&[String]>,
    poisoned: &mut Vec<Poisoned>,
) -> Result<(LogCursor, u64), ProjectionError> {
    let name = projector.name();
    let mut tx = pool.begin().await?;
    let horizon = feed::safe_horizon(&mut tx).await?;
    sqlx::query("insert into projection_checkpoint (name) values ($1) on conflict do nothing")
        .bind(name)
        .execute(&mut *tx)
        .await?;
    sqlx::query("select 1 from projection_checkpoint where name = $1 for update")
        .bind(name)
        .execute(&mut *tx)
        .await?;
    let mut tail = 0u64;
    loop {
        let batch = feed::read_after_of_types(&mut tx, cursor, horizon, BATCH, types).await?;
        let Some(last) = batch.last().map(|e| e.cursor()) else {
            break;
        };
        poisoned.extend(poison::apply_isolating(&mut tx, projector, &batch, SUFFIX).await?);
        cursor = last;
        tail += batch.len() as u64;
    }
    // Past every event it read, to the newest settled one: what lies between concerns it
    // not, and the host would otherwise walk it again.
    if let Some(settled) = feed::heads(&mut tx, horizon).await?.settled {
        cursor = cursor.max(settled);
    }
    for t in projector.tables() {
        shadow::swap(&mut tx, t).await?;
    }
    poison::clear(&mut tx, name).await?;
    poison::record(&mut tx, name, poisoned).await?;
    save_checkpoint(&mut tx, name, cursor).await?;
    tx.commit().await?;
    Ok((cursor, tail))
}
