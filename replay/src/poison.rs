//! Poison isolation: an event a read model cannot store must not stop that read model for
//! every later event (ADR 0012).
//!
//! A batch that fails with a data error is split in halves, each tried under a savepoint,
//! until the events that fail on their own are found; those are recorded in
//! `projection_poison` and skipped for this projection only, the others are applied in
//! order. Failures of the read model itself (lost connection, a projector's own error)
//! abort the pass unchanged: nothing is ever skipped because of them.

use sqlx::PgConnection;

use crate::projector::{ProjectionError, Projector, ReadModel};
use crate::stored_event::StoredEvent;

/// One event a projection skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poisoned {
    pub position: i64,
    pub tx_id: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub event_type: String,
    pub error: String,
}

impl Poisoned {
    fn of(e: &StoredEvent, error: &ProjectionError) -> Self {
        Self {
            position: e.position,
            tx_id: e.tx_id,
            aggregate_type: e.aggregate_type.clone(),
            aggregate_id: e.aggregate_id.clone(),
            event_type: e.event_type.clone(),
            error: error.to_string(),
        }
    }
}

/// Where a batch is applied: the live consumer, or a read model's rebuild tables.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    Live(&'a dyn Projector),
    Shadow(&'a dyn ReadModel, &'a str),
}

impl Target<'_> {
    fn name(&self) -> &'static str {
        match self {
            Self::Live(p) => p.name(),
            Self::Shadow(m, _) => m.name(),
        }
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        match self {
            Self::Live(p) => p.apply(conn, events).await,
            Self::Shadow(m, suffix) => m.apply_to(conn, events, suffix).await,
        }
    }
}

/// Applies `events` in order, isolating the ones that fail with a data error; returns them.
/// Costs one savepoint when the batch is clean, and about 2·log2(n) tries per bad event.
pub async fn apply_isolating(
    conn: &mut PgConnection,
    target: Target<'_>,
    events: &[StoredEvent],
) -> Result<Vec<Poisoned>, ProjectionError> {
    let mut poisoned = Vec::new();
    // Left halves are pushed last so they are tried first: commit order is kept.
    let mut pending = vec![events];
    while let Some(slice) = pending.pop() {
        if slice.is_empty() {
            continue;
        }
        savepoint(conn, "savepoint poison_probe").await?;
        match target.apply(conn, slice).await {
            Ok(()) => savepoint(conn, "release savepoint poison_probe").await?,
            Err(e) if e.is_data_error() => {
                savepoint(conn, "rollback to savepoint poison_probe").await?;
                if let [one] = slice {
                    tracing::error!(projector = target.name(), position = one.position,
                        event = %one.event_type, error = %e, "event poisoned: skipped for this projection");
                    poisoned.push(Poisoned::of(one, &e));
                } else {
                    let (left, right) = slice.split_at(slice.len() / 2);
                    pending.push(right);
                    pending.push(left);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(poisoned)
}

async fn savepoint(conn: &mut PgConnection, sql: &str) -> Result<(), ProjectionError> {
    sqlx::query(sql).execute(conn).await?;
    Ok(())
}

/// Records skipped events, inside the caller's transaction (with the checkpoint).
pub async fn record(
    conn: &mut PgConnection,
    projection: &str,
    poisoned: &[Poisoned],
) -> sqlx::Result<()> {
    for p in poisoned {
        sqlx::query(
            "insert into projection_poison
                 (projection, position, tx_id, aggregate_type, aggregate_id, event_type, error)
             values ($1, $2, $3, $4, $5, $6, $7)
             on conflict (projection, position) do update
                 set error = excluded.error, poisoned_at = now()",
        )
        .bind(projection)
        .bind(p.position)
        .bind(p.tx_id)
        .bind(&p.aggregate_type)
        .bind(&p.aggregate_id)
        .bind(&p.event_type)
        .bind(&p.error)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Forgets a projection's skipped events: a rebuild has just applied the whole log again.
pub async fn clear(conn: &mut PgConnection, projection: &str) -> sqlx::Result<()> {
    sqlx::query("delete from projection_poison where projection = $1")
        .bind(projection)
        .execute(conn)
        .await?;
    Ok(())
}
