//! Gap-safe reads of the log in commit order.
//!
//! Only events written by transactions older than every running transaction of this
//! database are read (`tx_id < horizon`), in (tx_id, position) order. Nothing that is still
//! in flight can ever sort before what has been read, so a checkpoint never passes an event
//! it has not seen.

use sqlx::PgConnection;

use crate::cursor::LogCursor;
use crate::stored_event::{EVENT_COLUMNS, StoredEvent};

/// The oldest transaction that may still write to this database's log, as xid8.
///
/// `pg_snapshot_xmin` alone is cluster-wide: a long transaction in *another* database of the
/// same server would hold every reader back although it can never write our `events`
/// (a transaction belongs to one database for its whole life). So the in-progress xids of
/// the snapshot are kept unless the backend that owns one is seen in another database; an
/// xid we cannot place (no permission to see that backend, a prepared transaction, a
/// backend that just ended) stays, which only ever makes the horizon earlier, never later.
/// Transactions that get an xid after the snapshot get one at or above its xmax.
pub const HORIZON_SQL: &str = "(select least(pg_snapshot_xmax(s), (
        select min(x) from pg_snapshot_xip(s) as x
         where not exists (
           select 1 from pg_stat_get_activity(null) as a
            where a.backend_xid = xid(x)
              and a.datid is distinct from (select oid from pg_database where datname = current_database()))))
   from pg_current_snapshot() as s)";

/// The oldest transaction still running here: events of transactions below it are final.
pub async fn safe_horizon(conn: &mut PgConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("select {HORIZON_SQL}::text::bigint"))
        .fetch_one(conn)
        .await
}

/// Planner settings under which a read walks `events_commit_order` in order and stops at
/// its limit, whatever the statistics say. Without them, on a log PostgreSQL has never
/// analysed (autovacuum off), a read filtered by aggregate type was planned as a bitmap
/// AND of the primary key and the commit order followed by a sort of everything after the
/// cursor — seconds per batch on a 1M-event log. Local to the caller's transaction
/// (`is_local`), or to the session when `local` is false (a rebuild's own connection).
pub fn ordered_walk_sql(local: bool) -> String {
    format!(
        "set_config('enable_bitmapscan', 'off', {local}) is not null \
         and set_config('enable_sort', 'off', {local}) is not null"
    )
}

/// Applies [`ordered_walk_sql`] to the current transaction (or session, `local` false).
pub async fn prefer_ordered_walk(conn: &mut PgConnection, local: bool) -> sqlx::Result<()> {
    sqlx::query(&format!("select {}", ordered_walk_sql(local)))
        .execute(conn)
        .await?;
    Ok(())
}

/// The read of a batch ($1 cursor tx as text, $2 cursor position, $3 horizon as text,
/// $4 limit): a range of `events_commit_order`, never the whole log. Public so that the
/// plan test (tests/api/idle.rs) explains exactly what runs.
pub fn read_after_sql() -> String {
    format!(
        "select {EVENT_COLUMNS} from events
          where (tx_id, position) > ($1::text::xid8, $2) and tx_id < $3::text::xid8
          order by events.tx_id, events.position limit $4"
    )
}

/// Up to `limit` events after `after` and below `horizon`, in commit order.
pub async fn read_after(
    conn: &mut PgConnection,
    after: LogCursor,
    horizon: i64,
    limit: i64,
) -> sqlx::Result<Vec<StoredEvent>> {
    sqlx::query_as(&read_after_sql())
        .bind(after.tx_id.to_string())
        .bind(after.position)
        .bind(horizon.to_string())
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// As [`read_after_sql`], only events of the given aggregate types ($5, a text array): a
/// walk along the same range of `events_commit_order`, filtered.
pub fn read_after_of_types_sql() -> String {
    format!(
        "select {EVENT_COLUMNS} from events
          where (tx_id, position) > ($1::text::xid8, $2) and tx_id < $3::text::xid8
            and aggregate_type = any($5::text[])
          order by events.tx_id, events.position limit $4"
    )
}

/// Up to `limit` events after `after` and below `horizon`, in commit order, of the given
/// aggregate types (`None`: of every type).
pub async fn read_after_of_types(
    conn: &mut PgConnection,
    after: LogCursor,
    horizon: i64,
    limit: i64,
    types: Option<&[String]>,
) -> sqlx::Result<Vec<StoredEvent>> {
    let Some(types) = types else {
        return read_after(conn, after, horizon, limit).await;
    };
    sqlx::query_as(&read_after_of_types_sql())
        .bind(after.tx_id.to_string())
        .bind(after.position)
        .bind(horizon.to_string())
        .bind(limit)
        .bind(types)
        .fetch_all(conn)
        .await
}

/// The two ends a pass needs ($1 the horizon as text): the newest event's transaction (is
/// anything in flight behind the horizon?) and the newest settled event's cursor (how far
/// a consumer may move when nothing before it concerns it). Two backward index steps.
pub const HEADS_SQL: &str = "select
       (select e.tx_id::text::bigint from events e order by e.tx_id desc, e.position desc limit 1),
       s.tx, s.pos
  from (select 1) one
  left join lateral (
       select e.tx_id::text::bigint as tx, e.position as pos from events e
        where e.tx_id < $1::text::xid8 order by e.tx_id desc, e.position desc limit 1) s on true";

/// What a projection-host pass starts with, in one round trip ($1 the host's group): the
/// horizon (from this statement's snapshot, so before the transaction has an xid), the
/// transaction's commit made not to wait for the disk (read models are rebuilt from the
/// durable log) and its reads walking the commit order ([`ordered_walk_sql`]), the
/// group's advisory lock, and the log's heads below that horizon.
pub fn pass_opening_sql() -> String {
    format!(
        "with h as materialized (select {HORIZON_SQL}::text::bigint as horizon)
         select h.horizon,
                set_config('synchronous_commit', 'off', true) is not null
                  and {ordered},
                pg_try_advisory_xact_lock(hashtextextended($1, 0)),
                (select e.tx_id::text::bigint from events e
                  order by e.tx_id desc, e.position desc limit 1),
                s.tx, s.pos
           from h left join lateral (
                select e.tx_id::text::bigint as tx, e.position as pos from events e
                 where e.tx_id < h.horizon::text::xid8
                 order by e.tx_id desc, e.position desc limit 1) s on true",
        ordered = ordered_walk_sql(true)
    )
}

/// The start of a pass: the horizon, whether this instance holds the group's lock, the heads.
#[derive(Debug, Clone, Copy)]
pub struct PassOpening {
    pub horizon: i64,
    pub locked: bool,
    pub heads: Heads,
}

pub async fn open_pass(conn: &mut PgConnection, group: &str) -> sqlx::Result<PassOpening> {
    type Row = (i64, bool, bool, Option<i64>, Option<i64>, Option<i64>);
    let (horizon, _, locked, newest_tx, tx, pos): Row = sqlx::query_as(&pass_opening_sql())
        .bind(group)
        .fetch_one(conn)
        .await?;
    Ok(PassOpening {
        horizon,
        locked,
        heads: Heads {
            newest_tx,
            settled: tx.zip(pos).map(|(tx, pos)| LogCursor::new(tx, pos)),
        },
    })
}

/// The log's two ends as seen from a pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Heads {
    /// The newest event's writing transaction.
    pub newest_tx: Option<i64>,
    /// The newest event below the horizon.
    pub settled: Option<LogCursor>,
}

pub async fn heads(conn: &mut PgConnection, horizon: i64) -> sqlx::Result<Heads> {
    let (newest_tx, tx, pos): (Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(HEADS_SQL)
        .bind(horizon.to_string())
        .fetch_one(conn)
        .await?;
    Ok(Heads {
        newest_tx,
        settled: tx.zip(pos).map(|(tx, pos)| LogCursor::new(tx, pos)),
    })
}

/// The commit-order cursor of the event at `position` ($1), through the position key.
pub const CURSOR_OF_SQL: &str =
    "select e.tx_id::text::bigint, e.position from events e where e.position = $1";

/// The commit-order cursor of the event at `position` (to resume "after position N").
pub async fn cursor_of(conn: &mut PgConnection, position: i64) -> sqlx::Result<Option<LogCursor>> {
    let row: Option<(i64, i64)> = sqlx::query_as(CURSOR_OF_SQL)
        .bind(position)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(tx, pos)| LogCursor::new(tx, pos)))
}

/// The writing transaction of the newest event in commit order: one step backwards along
/// `events_commit_order`, whatever the table's size or statistics. The columns are
/// qualified on purpose: an unqualified `order by tx_id` would name the *output* column
/// (`tx_id::text::bigint`), which no index provides, and sort the whole log.
pub const NEWEST_TX_SQL: &str =
    "select e.tx_id::text::bigint from events e order by e.tx_id desc, e.position desc limit 1";

/// The newest event's transaction id, if the log is not empty.
pub async fn newest_tx(conn: &mut PgConnection) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(NEWEST_TX_SQL).fetch_optional(conn).await
}

/// The newest settled event: walks `events_commit_order` backwards from the end, past
/// only the events of transactions still in flight.
pub fn newest_settled_sql() -> String {
    format!(
        "select e.tx_id::text::bigint, e.position from events e
          where e.tx_id < {HORIZON_SQL} order by e.tx_id desc, e.position desc limit 1"
    )
}

/// The commit-order cursor of the newest settled event (a live-only tail starts there).
pub async fn newest_settled(conn: &mut PgConnection) -> sqlx::Result<LogCursor> {
    let row: Option<(i64, i64)> = sqlx::query_as(&newest_settled_sql())
        .fetch_optional(conn)
        .await?;
    Ok(row.map_or(LogCursor::START, |(tx, pos)| LogCursor::new(tx, pos)))
}
