//! The two reads of the session authority, both on the event store's primary key: every
//! AdminUser event (start-up and after a lost listener), and one admin's events after a
//! known sequence (a notice, or a token newer than memory).

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use sqlx::PgPool;
use tagih_aggregates::admin_user::AdminUser;

use super::state::StoredAdminEvent;
use crate::error::CommandError;

type Row = (String, i64, DateTime<Utc>, String);

fn decode((_, sequence, recorded_at, payload): &Row) -> Result<StoredAdminEvent, CommandError> {
    Ok(StoredAdminEvent {
        sequence: *sequence,
        recorded_at: *recorded_at,
        event: serde_json::from_str(payload)?,
    })
}

/// Every admin's events, each stream in order.
pub(crate) async fn all_events(
    pool: &PgPool,
) -> Result<Vec<(String, StoredAdminEvent)>, CommandError> {
    let rows: Vec<Row> = sqlx::query_as(
        "select aggregate_id, sequence, recorded_at, payload::text from events
          where aggregate_type = $1 order by aggregate_id, sequence",
    )
    .bind(AdminUser::TYPE)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| Ok((row.0.clone(), decode(row)?)))
        .collect()
}

/// One admin's events after `after`, in order.
pub(crate) async fn events_after(
    pool: &PgPool,
    admin_id: &str,
    after: i64,
) -> Result<Vec<StoredAdminEvent>, CommandError> {
    let rows: Vec<Row> = sqlx::query_as(
        "select aggregate_id, sequence, recorded_at, payload::text from events
          where aggregate_type = $1 and aggregate_id = $2 and sequence > $3 order by sequence",
    )
    .bind(AdminUser::TYPE)
    .bind(admin_id)
    .bind(after)
    .fetch_all(pool)
    .await?;
    rows.iter().map(decode).collect()
}
