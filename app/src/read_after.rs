//! Read-your-writes for a use case that answers with one read-model row: wait (bounded)
//! until the model has applied the use case's OWN write — not the server-wide horizon,
//! which a long transaction anywhere may hold — then read the row; if the model is still
//! behind, fold the stream's committed events with the model's own code
//! (`projections::fresh`). What was just written is never answered with NOT_FOUND.

use std::time::Duration;

use tagih_commands::Written;
use tagih_projections::RowModel;
use tagih_projections::billing_queries;
use tagih_projections::fresh::fold_stream;
use tagih_replay::LogCursor;

use crate::App;
use crate::error::{AppError, AppResult};

impl App {
    /// Waits until `projection` has applied what a command wrote (bounded).
    pub async fn settle(&self, projection: &str, written: Written) {
        self.settle_within(projection, written, self.read_your_writes)
            .await;
    }

    /// As `settle`, with a bound of its own (bulk commands take longer to project).
    pub async fn settle_within(&self, projection: &str, written: Written, timeout: Duration) {
        let target = LogCursor::new(written.tx_id, written.position);
        if written.position > 0 && !self.progress.wait_for(projection, target, timeout).await {
            tracing::warn!(
                projection,
                position = written.position,
                "read model still behind after waiting"
            );
        }
    }

    /// Where the newest event of the given streams landed (nothing written: position 0).
    pub async fn head(&self, aggregate_type: &str, ids: &[String]) -> AppResult<Written> {
        let head = billing_queries::stream_head(&self.pool, aggregate_type, ids).await?;
        Ok(
            head.map_or_else(Written::default, |(tx_id, position)| Written {
                tx_id,
                position,
            }),
        )
    }

    /// `M`'s row for stream `(aggregate_type, id)` including `written` (the stream's newest
    /// event, as the command returned it); `None` only when the stream has no such row.
    pub async fn row_after<M: RowModel>(
        &self,
        aggregate_type: &str,
        id: &str,
        written: Written,
    ) -> AppResult<Option<M::Row>> {
        self.settle(M::NAME, written).await;
        let mut conn = self.pool.acquire().await?;
        let rows = M::load(&mut conn, M::TABLE.to_string(), vec![id.to_string()]).await?;
        drop(conn);
        let current = rows
            .into_iter()
            .find(|(key, row)| key == id && M::last_position(row) >= written.position);
        if let Some((_, row)) = current {
            return Ok(Some(row));
        }
        fold_stream::<M>(&self.pool, aggregate_type, id)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))
    }

    /// [`App::row_after`] as a use case's answer: NOT_FOUND ("`what` not found") when the
    /// stream makes no row (it was never created).
    pub async fn answer_after<M: RowModel>(
        &self,
        aggregate_type: &str,
        id: &str,
        written: Written,
        what: &str,
    ) -> AppResult<M::Row> {
        self.row_after::<M>(aggregate_type, id, written)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("{what} not found")))
    }
}
