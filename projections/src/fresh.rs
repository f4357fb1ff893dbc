//! A row as its read model will hold it once it applies every committed event of one
//! stream, folded here and now with the model's own pure `apply`. This is the write side's
//! answer for a mutation whose read model lags (a long transaction elsewhere holds the
//! gap-safe horizon, ADR 0002): the events are committed, so they are the truth, and the
//! same fold the projector runs turns them into the very row it will write — and, passed
//! through the model's own upsert and load on a scratch copy of its table, into the row as
//! the read model will hold it (numeric scale, microsecond times), field for field.

use std::collections::HashMap;

use sqlx::PgPool;
use tagih_replay::stored_event::EVENT_COLUMNS;
use tagih_replay::{ProjectionError, StoredEvent};

use crate::row_model::RowModel;

/// Folds every committed event of `(aggregate_type, id)` into `M`'s row; `None` when the
/// stream has none (or none that makes a row). Only for models keyed by the stream id.
pub async fn fold_stream<M: RowModel>(
    pool: &PgPool,
    aggregate_type: &str,
    id: &str,
) -> Result<Option<M::Row>, ProjectionError> {
    let mut rows = fold_streams::<M>(pool, aggregate_type, &[id.to_string()]).await?;
    Ok(rows.pop())
}

/// As [`fold_stream`] for many streams of one type in one read: the rows in `ids` order,
/// leaving out streams that make none.
pub async fn fold_streams<M: RowModel>(
    pool: &PgPool,
    aggregate_type: &str,
    ids: &[String],
) -> Result<Vec<M::Row>, ProjectionError> {
    let events: Vec<StoredEvent> = sqlx::query_as(&format!(
        "select {EVENT_COLUMNS} from events
          where aggregate_type = $1 and aggregate_id = any($2) order by aggregate_id, sequence"
    ))
    .bind(aggregate_type)
    .bind(ids)
    .fetch_all(pool)
    .await?;
    let mut rows: HashMap<&str, M::Row> = HashMap::new();
    for ev in &events {
        // Only rows keyed by their own stream: another stream's row is not this one's to make.
        if M::key(ev).as_deref() != Some(ev.aggregate_id.as_str()) {
            continue;
        }
        let current = rows.remove(ev.aggregate_id.as_str());
        if let Some(next) = M::apply(current, ev)? {
            rows.insert(&ev.aggregate_id, next);
        }
    }
    let folded = rows.into_iter().map(|(k, r)| (k.to_string(), r)).collect();
    let mut stored: HashMap<String, M::Row> =
        as_stored::<M>(pool, folded).await?.into_iter().collect();
    Ok(ids.iter().filter_map(|id| stored.remove(id)).collect())
}

/// The rows (keyed) as `M`'s table gives them back: written with the model's upsert into a
/// temporary copy of the table and read with its load, in a transaction that is rolled
/// back. Column types decide what a query answers (`numeric(16, 2)` pads `150000` to
/// `150000.00`, `timestamptz` keeps microseconds), and the answer must be that one.
async fn as_stored<M: RowModel>(
    pool: &PgPool,
    rows: Vec<(String, M::Row)>,
) -> Result<Vec<(String, M::Row)>, ProjectionError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let (keys, rows): (Vec<String>, Vec<M::Row>) = rows.into_iter().unzip();
    let scratch = format!("fresh_{}", M::TABLE);
    let mut tx = pool.begin().await?;
    sqlx::query(&format!(
        "create temp table {scratch} (like {} including all) on commit drop",
        M::TABLE
    ))
    .execute(&mut *tx)
    .await?;
    M::upsert(&mut tx, scratch.clone(), rows).await?;
    let stored = M::load(&mut tx, scratch, keys).await?;
    tx.rollback().await?;
    Ok(stored)
}
