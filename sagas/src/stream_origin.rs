//! Where a stream belongs, read from its first event in the log: sagas partition their
//! outbox rows by location, and the log never lags the way a read model may.

use std::collections::HashMap;

use sqlx::PgConnection;
use tagih_aggregates::Aggregate;
use tagih_replay::ProjectionError;

/// The `location_id` of each stream of aggregate `A` among `ids`, taken from its first
/// event (of type `created_event`, one of the event enum's name constants).
pub async fn locations_of<A: Aggregate>(
    conn: &mut PgConnection,
    created_event: &str,
    ids: &[String],
) -> Result<HashMap<String, String>, ProjectionError> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "select aggregate_id, payload->$2->>'location_id' from events
          where aggregate_type = $1 and aggregate_id = any($3) and sequence = 1",
    )
    .bind(A::TYPE)
    .bind(created_event)
    .bind(ids)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, location)| Some((id, location?)))
        .collect())
}
