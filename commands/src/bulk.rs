//! Bulk appends: many commands on many streams decided by the same pure aggregate code
//! and written with one `insert … select from unnest(…)` — 10,000 vouchers are one
//! statement, not 10,000 round trips. Optimistic concurrency still holds: a stream that
//! moved meanwhile collides on the primary key and the whole statement fails.

use std::collections::HashMap;

use cqrs_es::{Aggregate, DomainEvent};
use sqlx::PgConnection;
use tagih_aggregates::Decider;

use crate::error::CommandError;
use crate::metadata::Metadata;

/// Per command: how many events it produced, or why the domain refused it.
pub type ItemResult<A> = Result<usize, <A as Aggregate>::Error>;

#[derive(Default)]
struct Rows {
    ids: Vec<String>,
    sequences: Vec<i64>,
    types: Vec<String>,
    versions: Vec<String>,
    payloads: Vec<String>,
}

/// Decides every `(id, command)` against the streams' current state and appends the
/// resulting events in the caller's transaction. Refused commands write nothing.
pub async fn execute_many<A: Decider>(
    conn: &mut PgConnection,
    items: Vec<(String, A::Command)>,
    meta: &Metadata,
) -> Result<Vec<ItemResult<A>>, CommandError> {
    let ids: Vec<String> = items.iter().map(|(id, _)| id.clone()).collect();
    let mut states = load_many::<A>(conn, &ids).await?;
    let mut rows = Rows::default();
    let mut results = Vec::with_capacity(items.len());
    for (id, cmd) in items {
        let (aggregate, sequence) = states.entry(id.clone()).or_default();
        match aggregate.decide_cmd(cmd) {
            Ok(events) => {
                results.push(Ok(events.len()));
                for event in events {
                    *sequence += 1;
                    rows.ids.push(id.clone());
                    rows.sequences.push(*sequence);
                    rows.types.push(event.event_type());
                    rows.versions.push(event.event_version());
                    rows.payloads.push(serde_json::to_string(&event)?);
                    aggregate.apply(event);
                }
            }
            Err(e) => results.push(Err(e)),
        }
    }
    insert_rows(conn, A::TYPE, &rows, meta).await?;
    Ok(results)
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

async fn insert_rows(
    conn: &mut PgConnection,
    aggregate_type: &str,
    rows: &Rows,
    meta: &Metadata,
) -> Result<(), CommandError> {
    if rows.ids.is_empty() {
        return Ok(());
    }
    let metadata = serde_json::to_string(&meta.to_map())?;
    let result = sqlx::query(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         select $1, id, seq, et, ev, p::json, $7::json
           from unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[]) as t(id, seq, et, ev, p)",
    )
    .bind(aggregate_type)
    .bind(&rows.ids)
    .bind(&rows.sequences)
    .bind(&rows.types)
    .bind(&rows.versions)
    .bind(&rows.payloads)
    .bind(metadata)
    .execute(&mut *conn)
    .await;
    match result {
        Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("23505") => {
            Err(CommandError::Conflict("stream"))
        }
        other => other.map(|_| ()).map_err(CommandError::from),
    }
}
