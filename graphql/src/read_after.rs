//! Read-your-writes for a mutation that answers with one read-model row: wait (bounded)
//! until the model has applied the mutation's OWN write — not the server-wide horizon,
//! which a long transaction anywhere may hold — then read the row; if the model is still
//! behind, fold the stream's committed events with the model's own code
//! (`projections::fresh`). What was just written is never answered with NOT_FOUND.

use async_graphql::Result;
use tagih_commands::Written;
use tagih_projections::RowModel;
use tagih_projections::fresh::fold_stream;

use crate::context::ApiContext;
use crate::error::{ApiError, gql};

/// `M`'s row for stream `(aggregate_type, id)` including `written` (the stream's newest
/// event, as the command returned it); `None` only when the stream has no such row at all.
pub async fn row_after<M: RowModel>(
    api: &ApiContext,
    aggregate_type: &str,
    id: &str,
    written: Written,
) -> Result<Option<M::Row>> {
    api.settle(M::NAME, written).await;
    let mut conn = api.pool.acquire().await.map_err(gql)?;
    let rows = M::load(&mut conn, M::TABLE.to_string(), vec![id.to_string()])
        .await
        .map_err(gql)?;
    drop(conn);
    let current = rows
        .into_iter()
        .find(|(key, row)| key == id && M::last_position(row) >= written.position);
    if let Some((_, row)) = current {
        return Ok(Some(row));
    }
    fold_stream::<M>(&api.pool, aggregate_type, id)
        .await
        .map_err(|e| gql(ApiError::internal(e)))
}

/// [`row_after`] as the mutation's answer: the row converted to its GraphQL type, or
/// NOT_FOUND ("`what` not found") when the stream makes no row (it was never created).
pub async fn answer_after<M: RowModel, T: From<M::Row>>(
    api: &ApiContext,
    aggregate_type: &str,
    id: &str,
    written: Written,
    what: &str,
) -> Result<T> {
    row_after::<M>(api, aggregate_type, id, written)
        .await?
        .map(T::from)
        .ok_or_else(|| gql(ApiError::NotFound(format!("{what} not found"))))
}
