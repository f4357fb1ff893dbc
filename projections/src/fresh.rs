//! A row as its read model will hold it once it applies every committed event of one
//! stream, folded here and now with the model's own pure `apply`. This is the write side's
//! answer for a mutation whose read model lags (a long transaction elsewhere holds the
//! gap-safe horizon, ADR 0002): the events are committed, so they are the truth, and the
//! same fold the projector runs turns them into the very row it will write.

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
    let events: Vec<StoredEvent> = sqlx::query_as(&format!(
        "select {EVENT_COLUMNS} from events
          where aggregate_type = $1 and aggregate_id = $2 order by sequence"
    ))
    .bind(aggregate_type)
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut row = None;
    for ev in events.iter().filter(|e| M::key(e).as_deref() == Some(id)) {
        row = M::apply(row, ev)?;
    }
    Ok(row)
}
