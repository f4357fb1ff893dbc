//! Rebuilding a read model from the log while the live one keeps serving (ADR 0003,
//! ADR 0020).
//!
//! The fast way: one reader streams the model's aggregate types below a horizon taken once
//! (those events are settled: nothing can land before them any more) while the model folds
//! every row in memory (`ReadModel::folder`); rows are then written once, in large chunks,
//! into `{table}__rebuild` tables that have only their primary key — no key lookups on a
//! fresh table, no secondary index maintained row by row. The indexes are built once, the
//! events that arrived meanwhile are applied, and the tables are swapped in one
//! transaction that holds the checkpoint. Memory is bounded: past `MAX_HELD` rows the fold
//! is written out and later events load the rows they touch.
//!
//! A rebuild is also the repair for poisoned events (ADR 0012): when the fold or a write
//! fails on an event's data, the rebuild starts over batch by batch (`careful`), applying
//! under savepoints and isolating the events at fault; those become the projection's new
//! poison list, replacing the old.

use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use sqlx::PgPool;
use tokio::sync::mpsc;

use crate::checkpoint::{relaxed_commit, save_checkpoint};
use crate::cursor::LogCursor;
use crate::feed;
use crate::poison::{self, Poisoned, Target};
use crate::projector::{Folder, ProjectionError, Projector, ReadModel};
use crate::shadow::{self, SUFFIX};
use crate::stored_event::StoredEvent;

/// Events per read: large, so each is one index range walk.
const BATCH: i64 = 20_000;
/// Rows a fold keeps in memory before writing them out (bounds a rebuild's memory).
const MAX_HELD: usize = 100_000;
/// Index builds running at once (at most one per core).
const INDEX_BUILDERS: usize = 4;
/// `maintenance_work_mem` of each index build (PostgreSQL's default is 64 MB).
const INDEX_SORT_MEMORY: &str = "256MB";

#[derive(Debug, Clone, Default)]
pub struct RebuildReport {
    pub events: u64,
    pub elapsed: Duration,
    pub checkpoint: LogCursor,
    /// Events the projection still cannot apply (skipped, listed in `projection_poison`).
    pub poisoned: Vec<Poisoned>,
    /// Whether the in-memory fold failed on some event's data and the rebuild went batch
    /// by batch instead.
    pub careful: bool,
    /// Where the time went (the reader runs beside the fold: `waiting` is the fold idle
    /// for want of events, so the read's own cost shows there only when it is the slower).
    pub phases: Phases,
}

/// Wall time of a rebuild's steps.
#[derive(Debug, Clone, Copy, Default)]
pub struct Phases {
    /// The fold waiting for the reader's next batch.
    pub waiting: Duration,
    /// Decoding and folding events in memory (and loading rows written out earlier).
    pub folding: Duration,
    /// Writing folded rows into the shadow tables.
    pub writing: Duration,
    /// Building the shadow tables' secondary indexes.
    pub indexing: Duration,
    /// Applying what arrived meanwhile and swapping the tables in.
    pub swapping: Duration,
}

impl std::fmt::Display for Phases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "waiting for reads {:.2}s, folding {:.2}s, writing {:.2}s, indexing {:.2}s, swapping {:.2}s",
            self.waiting.as_secs_f64(),
            self.folding.as_secs_f64(),
            self.writing.as_secs_f64(),
            self.indexing.as_secs_f64(),
            self.swapping.as_secs_f64()
        )
    }
}

impl RebuildReport {
    pub fn events_per_sec(&self) -> f64 {
        self.events as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Rebuilds `projector`'s read model; `on_progress(events_so_far)` is called after each
/// batch.
pub async fn rebuild(
    pool: &PgPool,
    projector: &dyn Projector,
    on_progress: impl FnMut(u64) + Send,
) -> Result<RebuildReport, ProjectionError> {
    rebuild_holding(pool, projector, MAX_HELD, on_progress).await
}

/// As [`rebuild`], writing the fold out whenever it holds `max_held` rows (tests use a
/// tiny bound to walk the path a huge read model takes).
pub async fn rebuild_holding(
    pool: &PgPool,
    projector: &dyn Projector,
    max_held: usize,
    mut on_progress: impl FnMut(u64) + Send,
) -> Result<RebuildReport, ProjectionError> {
    let Some(model) = projector.read_model() else {
        return Err(ProjectionError::Other(format!(
            "{} cannot be rebuilt",
            projector.name()
        )));
    };
    let started = Instant::now();
    // Only the aggregate types it reads: a model of rare events does not decode the log.
    let types = projector.interests().aggregate_types();
    create_shadows(pool, model.tables()).await?;
    let mut phases = Phases::default();
    let (cursor, mut events, careful, mut poisoned) = match fold_all(
        pool,
        model,
        types.clone(),
        max_held,
        &mut phases,
        &mut on_progress,
    )
    .await
    {
        Ok((cursor, events)) => (cursor, events, false, Vec::new()),
        Err(e) if e.is_data_error() => {
            tracing::warn!(projection = model.name(), error = %e,
                    "in-memory rebuild refused an event; rebuilding batch by batch");
            create_shadows(pool, model.tables()).await?;
            let (cursor, events, poisoned) =
                batch_by_batch(pool, model, types.as_deref(), &mut on_progress).await?;
            (cursor, events, true, poisoned)
        }
        Err(e) => return Err(e),
    };
    let step = Instant::now();
    index_shadows(pool, model.tables()).await?;
    phases.indexing = step.elapsed();
    let step = Instant::now();
    let (checkpoint, tail) = swap_in(pool, model, cursor, types.as_deref(), &mut poisoned).await?;
    phases.swapping = step.elapsed();
    events += tail;
    tracing::info!(projection = model.name(), events, %phases, "rebuilt");
    Ok(RebuildReport {
        events,
        elapsed: started.elapsed(),
        checkpoint,
        poisoned,
        careful,
        phases,
    })
}

/// Streams every settled event of `types` into the model's fold, then writes it out.
/// Returns where it stopped and how many events it read.
async fn fold_all(
    pool: &PgPool,
    model: &dyn ReadModel,
    types: Option<Vec<String>>,
    max_held: usize,
    phases: &mut Phases,
    on_progress: &mut (impl FnMut(u64) + Send),
) -> Result<(LogCursor, u64), ProjectionError> {
    let mut conn = pool.acquire().await?;
    let horizon = feed::safe_horizon(&mut conn).await?;
    // Reading (PostgreSQL and row decoding) overlaps folding: two batches in flight.
    let (tx, mut rx) = mpsc::channel::<sqlx::Result<Vec<StoredEvent>>>(2);
    let reader = tokio::spawn(read_settled(pool.clone(), horizon, types, tx));
    let mut folder = model.folder(SUFFIX);
    let mut cursor = LogCursor::START;
    let mut events = 0u64;
    let result = async {
        let mut step = Instant::now();
        while let Some(batch) = rx.recv().await {
            phases.waiting += step.elapsed();
            step = Instant::now();
            let batch = batch?;
            folder.fold(&mut conn, &batch).await?;
            if let Some(last) = batch.last() {
                cursor = last.cursor();
            }
            events += batch.len() as u64;
            on_progress(events);
            phases.folding += step.elapsed();
            step = Instant::now();
            if folder.held() >= max_held {
                flush(&mut conn, folder.as_mut()).await?;
                phases.writing += step.elapsed();
                step = Instant::now();
            }
        }
        flush(&mut conn, folder.as_mut()).await?;
        phases.writing += step.elapsed();
        Ok(())
    }
    .await;
    reader.abort();
    result.map(|()| (cursor, events))
}

/// Sends batches of settled events after each other until none is left.
async fn read_settled(
    pool: PgPool,
    horizon: i64,
    types: Option<Vec<String>>,
    out: mpsc::Sender<sqlx::Result<Vec<StoredEvent>>>,
) {
    // A connection of its own (closed at the end, never back in the pool): its planner
    // settings hold for the session.
    let mut conn = match pool.acquire().await {
        Ok(c) => c.detach(),
        Err(e) => {
            let _ = out.send(Err(e)).await;
            return;
        }
    };
    if let Err(e) = feed::prefer_ordered_walk(&mut conn, false).await {
        let _ = out.send(Err(e)).await;
        return;
    }
    let mut cursor = LogCursor::START;
    loop {
        let batch =
            feed::read_after_of_types(&mut conn, cursor, horizon, BATCH, types.as_deref()).await;
        let last = batch
            .as_ref()
            .ok()
            .and_then(|b| b.last().map(StoredEvent::cursor));
        let done = last.is_none();
        if out.send(batch).await.is_err() || done {
            return;
        }
        cursor = last.unwrap_or(cursor);
    }
}

/// Writes a fold's rows in one transaction that need not wait for the disk: a rebuild that
/// dies is started again, nothing depends on these rows until the swap commits durably.
async fn flush(
    conn: &mut sqlx::PgConnection,
    folder: &mut dyn Folder,
) -> Result<(), ProjectionError> {
    let mut tx = sqlx::Acquire::begin(conn).await?;
    relaxed_commit(&mut tx).await?;
    folder.flush(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The careful way: batch by batch, each applied under savepoints that isolate the
/// events at fault.
async fn batch_by_batch(
    pool: &PgPool,
    model: &dyn ReadModel,
    types: Option<&[String]>,
    on_progress: &mut (impl FnMut(u64) + Send),
) -> Result<(LogCursor, u64, Vec<Poisoned>), ProjectionError> {
    let mut cursor = LogCursor::START;
    let mut events = 0u64;
    let mut poisoned = Vec::new();
    loop {
        let mut tx = pool.begin().await?;
        let horizon = feed::safe_horizon(&mut tx).await?;
        feed::prefer_ordered_walk(&mut tx, true).await?;
        let batch = feed::read_after_of_types(&mut tx, cursor, horizon, BATCH, types).await?;
        let Some(last) = batch.last().map(|e| e.cursor()) else {
            break;
        };
        relaxed_commit(&mut tx).await?;
        poisoned
            .extend(poison::apply_isolating(&mut tx, Target::Shadow(model, SUFFIX), &batch).await?);
        tx.commit().await?;
        cursor = last;
        events += batch.len() as u64;
        on_progress(events);
    }
    Ok((cursor, events, poisoned))
}

async fn create_shadows(pool: &PgPool, tables: &[&str]) -> Result<(), ProjectionError> {
    let mut tx = pool.begin().await?;
    for t in tables {
        shadow::create(&mut tx, t).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Builds the shadows' secondary indexes, [`INDEX_BUILDERS`] at a time: each build is one
/// backend sorting on one core, and the rebuild itself is idle meanwhile. Each sort may use
/// [`INDEX_SORT_MEMORY`] (a million-row index otherwise spills to disk).
async fn index_shadows(pool: &PgPool, tables: &[&str]) -> Result<(), ProjectionError> {
    let mut conn = pool.acquire().await?;
    let mut statements = Vec::new();
    for t in tables {
        statements.extend(shadow::index_statements(&mut conn, t).await?);
    }
    drop(conn);
    let builders = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, INDEX_BUILDERS);
    futures::stream::iter(statements)
        .map(|sql| async move {
            let mut conn = pool.acquire().await?;
            let mut tx = sqlx::Acquire::begin(&mut *conn).await?;
            sqlx::query(&format!(
                "select set_config('maintenance_work_mem', '{INDEX_SORT_MEMORY}', true)"
            ))
            .execute(&mut *tx)
            .await?;
            sqlx::query(&sql).execute(&mut *tx).await?;
            tx.commit().await
        })
        .buffer_unordered(builders)
        .try_collect::<Vec<()>>()
        .await?;
    Ok(())
}

/// Holds the checkpoint (the host skips this projection meanwhile), applies what arrived
/// meanwhile, swaps.
async fn swap_in(
    pool: &PgPool,
    projector: &dyn ReadModel,
    mut cursor: LogCursor,
    types: Option<&[String]>,
    poisoned: &mut Vec<Poisoned>,
) -> Result<(LogCursor, u64), ProjectionError> {
    let name = projector.name();
    let mut tx = pool.begin().await?;
    let horizon = feed::safe_horizon(&mut tx).await?;
    feed::prefer_ordered_walk(&mut tx, true).await?;
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
        poisoned.extend(
            poison::apply_isolating(&mut tx, Target::Shadow(projector, SUFFIX), &batch).await?,
        );
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
