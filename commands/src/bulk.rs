//! Bulk appends: many commands on many streams decided by the same pure aggregate code
//! and written with one `insert … select from unnest(…)` — 10,000 vouchers are one
//! statement, not 10,000 round trips. Optimistic concurrency still holds: a stream that
//! moved meanwhile collides on the primary key and the whole statement fails. The events
//! are written by the same statement as the bus's (`store::append`); streams cached by a
//! bus catch up with them on their next use.

use std::collections::HashMap;

use cqrs_es::Aggregate;
use sqlx::PgConnection;
use tagih_aggregates::Decider;

use crate::bus::Written;
use crate::error::CommandError;
use crate::metadata::Metadata;
use crate::store::{self, NewEvents};

/// Per command: how many events it produced, or why the domain refused it.
pub type ItemResult<A> = Result<usize, <A as Aggregate>::Error>;

/// What a bulk append did: each command's result, in order, and where the last event
/// landed (`None` when no command produced one).
pub struct Appended<A: Aggregate> {
    pub results: Vec<ItemResult<A>>,
    pub written: Option<Written>,
}

/// Decides every `(id, command)` against the streams' current state and appends the
/// resulting events in the caller's transaction. Refused commands write nothing.
pub async fn execute_many<A: Decider>(
    conn: &mut PgConnection,
    items: Vec<(String, A::Command)>,
    meta: &Metadata,
) -> Result<Appended<A>, CommandError> {
    let ids: Vec<String> = items.iter().map(|(id, _)| id.clone()).collect();
    let mut states = load_many::<A>(conn, &ids).await?;
    let mut rows = NewEvents::default();
    let mut results = Vec::with_capacity(items.len());
    for (id, cmd) in items {
        let (aggregate, sequence) = states.entry(id.clone()).or_default();
        match aggregate.decide_cmd(cmd) {
            Ok(events) => {
                results.push(Ok(events.len()));
                for event in events {
                    *sequence += 1;
                    rows.push::<A>(&id, *sequence, &event)?;
                    aggregate.apply(event);
                }
            }
            Err(e) => results.push(Err(e)),
        }
    }
    let written = store::append(&mut *conn, A::TYPE, &rows, meta).await?;
    Ok(Appended { results, written })
}

async fn load_many<A: Aggregate>(
    conn: &mut PgConnection,
    ids: &[String],
) -> Result<HashMap<String, (A, i64)>, CommandError> {
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "select aggregate_id, sequence, payload::text from events
          where aggregate_type = $1 and aggregate_id = any($2) order by aggregate_id, sequence",
    )
    .bind(A::TYPE)
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    let mut states: HashMap<String, (A, i64)> = HashMap::new();
    for (id, sequence, payload) in rows {
        let (aggregate, seq) = states.entry(id).or_default();
        aggregate.apply(serde_json::from_str(&payload)?);
        *seq = sequence;
    }
    Ok(states)
}
