//! Read-your-writes for a mutation that answers with one read-model row: the application's
//! `row_after` (`tagih_app::read_after`: wait for the model to include the mutation's own
//! write, else fold the stream's committed events), converted to the GraphQL type. What
//! was just written is never answered with NOT_FOUND.

use async_graphql::Result;
use tagih_commands::Written;
use tagih_projections::RowModel;

use crate::context::ApiContext;
use crate::error::gql;

/// The row converted to its GraphQL type, or NOT_FOUND ("`what` not found") when the
/// stream makes no row (it was never created).
pub async fn answer_after<M: RowModel, T: From<M::Row>>(
    api: &ApiContext,
    aggregate_type: &str,
    id: &str,
    written: Written,
    what: &str,
) -> Result<T> {
    api.app
        .answer_after::<M>(aggregate_type, id, written, what)
        .await
        .map(T::from)
        .map_err(gql)
}
