//! The outbox table: idempotent enqueue, per-partition claims with leases held under the
//! claiming instance's id (a crashed worker's rows are reclaimed when the lease runs out,
//! or at once by the instance's next run: `leases.rs`), outcomes, dead rows.

use std::time::Duration;

use sqlx::{PgConnection, PgPool};
pub use tagih_app::outbox::{OutboxRow, ROW_COLUMNS, list, revive};

pub struct NewOutboxRow {
    pub idempotency_key: String,
    pub kind: &'static str,
    pub partition_key: String,
    pub payload: serde_json::Value,
    pub causation_position: i64,
    /// Seconds to wait before the first attempt (a delayed effect); 0 = at once. Relative to
    /// the database clock, which is the clock claims compare with.
    pub delay_secs: i64,
}

/// Inserts rows; a key seen before is ignored, so replayed saga batches are harmless.
pub async fn enqueue_many(conn: &mut PgConnection, rows: &[NewOutboxRow]) -> sqlx::Result<u64> {
    if rows.is_empty() {
        return Ok(0);
    }
    let done = sqlx::query(
        "insert into outbox (idempotency_key, kind, partition_key, payload, causation_position,
                             next_attempt_at)
         select k, kd, p, pl, c, now() + make_interval(secs => d)
           from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[],
                       $6::bigint[]) as t(k, kd, p, pl, c, d)
         on conflict (idempotency_key) do nothing",
    )
    .bind(
        rows.iter()
            .map(|r| r.idempotency_key.clone())
            .collect::<Vec<_>>(),
    )
    .bind(rows.iter().map(|r| r.kind.to_string()).collect::<Vec<_>>())
    .bind(
        rows.iter()
            .map(|r| r.partition_key.clone())
            .collect::<Vec<_>>(),
    )
    .bind(rows.iter().map(|r| r.payload.clone()).collect::<Vec<_>>())
    .bind(
        rows.iter()
            .map(|r| r.causation_position)
            .collect::<Vec<_>>(),
    )
    .bind(rows.iter().map(|r| r.delay_secs).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await?;
    // Wakes the workers of each kind at commit (docs/adr/0013-idle-wake-ups.md).
    let mut kinds: Vec<&str> = rows.iter().map(|r| r.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    sqlx::query("select pg_notify('outbox', k) from unnest($1::text[]) as k")
        .bind(kinds)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Claims up to `limit` due rows of one partition that no live worker holds, for `owner`
/// (the claiming instance's id). Rows of a partition are handled by one worker at a time
/// (one router, one WhatsApp sender).
pub async fn claim(
    pool: &PgPool,
    kind: &str,
    lease: Duration,
    limit: i64,
    owner: &str,
) -> sqlx::Result<Option<(String, Vec<OutboxRow>)>> {
    let mut tx = pool.begin().await?;
    let mut candidates: Vec<String> = sqlx::query_scalar(
        "(select partition_key from outbox where kind = $1 and status = 'pending' and next_attempt_at <= now()
           order by next_attempt_at limit 64)
         union all
         (select partition_key from outbox where kind = $1 and status = 'in_flight' and lease_until < now()
           order by lease_until limit 64)",
    )
    .bind(kind)
    .fetch_all(&mut *tx)
    .await?;
    // Oldest due first, each partition once, a handful at most.
    let mut seen = std::collections::HashSet::new();
    candidates.retain(|p| seen.insert(p.clone()));
    candidates.truncate(8);
    for partition in candidates {
        let locked: bool = sqlx::query_scalar(
            "select pg_try_advisory_xact_lock(hashtextextended('outbox:' || $1 || ':' || $2, 0))",
        )
        .bind(kind)
        .bind(&partition)
        .fetch_one(&mut *tx)
        .await?;
        if !locked {
            continue;
        }
        let rows = claim_rows(&mut tx, kind, &partition, lease, limit, owner).await?;
        if !rows.is_empty() {
            tx.commit().await?;
            return Ok(Some((partition, rows)));
        }
    }
    tx.commit().await?;
    Ok(None)
}

async fn claim_rows(
    conn: &mut PgConnection,
    kind: &str,
    partition: &str,
    lease: Duration,
    limit: i64,
    owner: &str,
) -> sqlx::Result<Vec<OutboxRow>> {
    let sql = format!(
        "update outbox set status = 'in_flight', attempts = attempts + 1, updated_at = now(),
                lease_until = now() + make_interval(secs => $4), lease_owner = $5
          where id in (
            select id from (
              (select id, next_attempt_at as due from outbox
                where kind = $1 and status = 'pending' and next_attempt_at <= now() and partition_key = $2
                order by next_attempt_at, id limit $3)
              union all
              (select id, lease_until as due from outbox
                where kind = $1 and status = 'in_flight' and lease_until < now() and partition_key = $2
                order by lease_until, id limit $3)
            ) due
            where not exists (select 1 from outbox h where h.partition_key = $2 and h.kind = $1
                               and h.status = 'in_flight' and h.lease_until >= now())
            order by due, id limit $3)
            and ((status = 'pending' and next_attempt_at <= now()) or (status = 'in_flight' and lease_until < now()))
          returning {ROW_COLUMNS}"
    );
    let mut rows: Vec<OutboxRow> = sqlx::query_as(&sql)
        .bind(kind)
        .bind(partition)
        .bind(limit)
        .bind(lease.as_secs_f64())
        .bind(owner)
        .fetch_all(conn)
        .await?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// A claimed row as its claimer knows it: outcome updates apply only while that claim
/// still holds (a worker whose lease ran out cannot overwrite the reclaimer's result).
#[derive(Debug, Clone, Copy)]
pub struct Claim {
    pub id: i64,
    pub attempts: i32,
}

impl From<&OutboxRow> for Claim {
    fn from(r: &OutboxRow) -> Self {
        Self {
            id: r.id,
            attempts: r.attempts,
        }
    }
}

/// `where` clause matching rows still held by these claims ($1 ids, $2 attempts).
const STILL_CLAIMED: &str =
    "(id, attempts) in (select * from unnest($1::bigint[], $2::int[])) and status = 'in_flight'";

fn claim_arrays(claims: &[Claim]) -> (Vec<i64>, Vec<i32>) {
    (
        claims.iter().map(|c| c.id).collect(),
        claims.iter().map(|c| c.attempts).collect(),
    )
}

pub async fn mark_done(pool: &PgPool, claims: &[Claim]) -> sqlx::Result<()> {
    let (ids, attempts) = claim_arrays(claims);
    let sql = format!(
        "update outbox set status = 'done', lease_until = null, last_error = null, waits = 0, updated_at = now()
          where {STILL_CLAIMED}"
    );
    sqlx::query(&sql)
        .bind(ids)
        .bind(attempts)
        .execute(pool)
        .await?;
    Ok(())
}

/// Back to pending after `delay`. `waiting` when the failure was not the row's fault (router
/// offline): the attempt is given back and `waits` grows instead, so waiting never turns a
/// row dead but still backs off.
pub async fn mark_retry(
    pool: &PgPool,
    claims: &[Claim],
    error: &str,
    delay: Duration,
    waiting: bool,
) -> sqlx::Result<()> {
    let (ids, attempts) = claim_arrays(claims);
    let sql = format!(
        "update outbox set status = 'pending', lease_until = null, last_error = $3, updated_at = now(),
                next_attempt_at = now() + make_interval(secs => $4),
                attempts = case when $5 then greatest(attempts - 1, 0) else attempts end,
                waits = case when $5 then waits + 1 else 0 end
          where {STILL_CLAIMED}"
    );
    sqlx::query(&sql)
        .bind(ids)
        .bind(attempts)
        .bind(error)
        .bind(delay.as_secs_f64())
        .bind(waiting)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn mark_dead(pool: &PgPool, claims: &[Claim], error: &str) -> sqlx::Result<()> {
    let (ids, attempts) = claim_arrays(claims);
    let sql = format!(
        "update outbox set status = 'dead', lease_until = null, last_error = $3, updated_at = now()
          where {STILL_CLAIMED}"
    );
    sqlx::query(&sql)
        .bind(ids)
        .bind(attempts)
        .bind(error)
        .execute(pool)
        .await?;
    Ok(())
}
