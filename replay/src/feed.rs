//! Gap-safe reads of the log in commit order.
//!
//! Only events written by transactions older than every running transaction are read
//! (`tx_id < pg_snapshot_xmin(pg_current_snapshot())`), in (tx_id, position) order. Nothing
//! that is still in flight can ever sort before what has been read, so a checkpoint never
//! passes an event it has not seen.

use sqlx::PgConnection;

use crate::cursor::LogCursor;
use crate::stored_event::{EVENT_COLUMNS, StoredEvent};

/// The oldest transaction still running: events of transactions below it are final.
pub async fn safe_horizon(conn: &mut PgConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        .fetch_one(conn)
        .await
}

/// Up to `limit` events after `after` and below `horizon`, in commit order.
pub async fn read_after(
    conn: &mut PgConnection,
    after: LogCursor,
    horizon: i64,
    limit: i64,
) -> sqlx::Result<Vec<StoredEvent>> {
    let sql = format!(
        "select {EVENT_COLUMNS} from events
          where (tx_id, position) > ($1::text::xid8, $2) and tx_id < $3::text::xid8
          order by tx_id, position limit $4"
    );
    sqlx::query_as(&sql)
        .bind(after.tx_id.to_string())
        .bind(after.position)
        .bind(horizon.to_string())
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// The commit-order cursor of the event at `position` (to resume "after position N").
pub async fn cursor_of(conn: &mut PgConnection, position: i64) -> sqlx::Result<Option<LogCursor>> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("select tx_id::text::bigint, position from events where position = $1")
            .bind(position)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(tx, pos)| LogCursor::new(tx, pos)))
}

/// The commit-order cursor of the newest settled event (a live-only tail starts there).
pub async fn newest_settled(conn: &mut PgConnection) -> sqlx::Result<LogCursor> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "select tx_id::text::bigint, position from events
          where tx_id < pg_snapshot_xmin(pg_current_snapshot()) order by tx_id desc, position desc limit 1",
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map_or(LogCursor::START, |(tx, pos)| LogCursor::new(tx, pos)))
}
