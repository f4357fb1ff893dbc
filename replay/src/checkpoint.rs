//! Checkpoint rows (`projection_checkpoint`): where each consumer of the log has got to,
//! its status and its failures, written inside the transaction that applied its events.

use std::time::Duration;

use sqlx::PgConnection;

use crate::cursor::LogCursor;

/// A NOTIFY payload must stay under 8000 bytes; names are sent in groups well below it.
const NOTIFY_BUDGET: usize = 7_000;

/// Read models and checkpoints move together and are re-derived from the (durable) log,
/// so their commit need not wait for its own WAL flush: a crash loses at most the last
/// batches, checkpoint included, and they are applied again.
pub async fn relaxed_commit(conn: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query("set local synchronous_commit = off")
        .execute(conn)
        .await?;
    Ok(())
}

/// Makes sure every named checkpoint row exists; returns where each is.
pub async fn ensure(
    conn: &mut PgConnection,
    names: &[String],
) -> sqlx::Result<Vec<(String, LogCursor)>> {
    sqlx::query(
        "insert into projection_checkpoint (name) select unnest($1::text[]) on conflict do nothing",
    )
    .bind(names)
    .execute(&mut *conn)
    .await?;
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "select name, tx_id, position from projection_checkpoint where name = any($1)",
    )
    .bind(names)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(n, tx, pos)| (n, LogCursor::new(tx, pos)))
        .collect())
}

/// Moves one checkpoint and tells other instances, inside the caller's transaction.
pub async fn save_checkpoint(
    conn: &mut PgConnection,
    name: &str,
    at: LogCursor,
) -> sqlx::Result<()> {
    advance(conn, &[name.to_string()], at).await
}

/// Moves every named checkpoint to `at` in one statement and tells other instances (one
/// notification per group of names), inside the caller's transaction. The status is
/// `poisoned` (with the latest skipped event's error) while a projection has skipped
/// events, `live` otherwise.
pub async fn advance(conn: &mut PgConnection, names: &[String], at: LogCursor) -> sqlx::Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "update projection_checkpoint c
            set tx_id = $2, position = $3,
                status = case when w.error is null then 'live' else 'poisoned' end,
                last_error = w.error, failures = 0, retry_at = null, updated_at = now()
           from unnest($1::text[]) as n(name)
           left join lateral (
                select p.error from projection_poison p where p.projection = n.name
                 order by p.position desc limit 1) w on true
          where c.name = n.name",
    )
    .bind(names)
    .bind(at.tx_id)
    .bind(at.position)
    .execute(&mut *conn)
    .await?;
    for group in notify_groups(names) {
        sqlx::query("select pg_notify('projections', $1)")
            .bind(format!("{group}={}", at.encode()))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Names joined with commas, in groups that keep each payload under the NOTIFY limit.
fn notify_groups(names: &[String]) -> Vec<String> {
    let mut groups = Vec::new();
    let mut current = String::new();
    for name in names {
        if !current.is_empty() && current.len() + name.len() + 1 > NOTIFY_BUDGET {
            groups.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(',');
        }
        current.push_str(name);
    }
    groups.push(current);
    groups
}

/// Shows a failure (status, error, when it is retried) without moving the checkpoint.
pub async fn record_failure(
    conn: &mut PgConnection,
    name: &str,
    error: &str,
    pause: Duration,
) -> sqlx::Result<()> {
    sqlx::query(
        "update projection_checkpoint
            set status = 'failed', last_error = $2, failures = failures + 1,
                retry_at = now() + make_interval(secs => $3), updated_at = now()
          where name = $1",
    )
    .bind(name)
    .bind(error)
    .bind(pause.as_secs_f64())
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_grouped_below_the_notify_limit() {
        let names: Vec<String> = (0..1_000).map(|i| format!("projection_{i:04}")).collect();
        let groups = notify_groups(&names);
        assert!(groups.len() > 1);
        assert!(groups.iter().all(|g| g.len() <= NOTIFY_BUDGET));
        let back: Vec<&str> = groups.iter().flat_map(|g| g.split(',')).collect();
        assert_eq!(back, names.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(notify_groups(&["a".into(), "b".into()]), vec!["a,b"]);
    }
}
