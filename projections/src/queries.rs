//! Read queries over the read models, as the API needs them.

use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgPool};
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::voucher::Voucher;
use tagih_replay::LogCursor;

use crate::admins::AdminRow;
use crate::locations::LocationRow;
use crate::voucher_batches::BatchRow;
use crate::voucher_profiles::ProfileRow;
use crate::vouchers::VoucherRow;

pub async fn admin(pool: &PgPool, id: &str) -> sqlx::Result<Option<AdminRow>> {
    sqlx::query_as("select * from rm_admin_users where id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn admins(pool: &PgPool) -> sqlx::Result<Vec<AdminRow>> {
    sqlx::query_as("select * from rm_admin_users order by username")
        .fetch_all(pool)
        .await
}

pub async fn locations(pool: &PgPool) -> sqlx::Result<Vec<LocationRow>> {
    sqlx::query_as("select * from rm_locations order by name, id")
        .fetch_all(pool)
        .await
}

pub async fn location(pool: &PgPool, id: &str) -> sqlx::Result<Option<LocationRow>> {
    sqlx::query_as("select * from rm_locations where id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn voucher_profiles(pool: &PgPool, location_id: &str) -> sqlx::Result<Vec<ProfileRow>> {
    sqlx::query_as("select * from rm_voucher_profiles where location_id = $1 order by name")
        .bind(location_id)
        .fetch_all(pool)
        .await
}

pub async fn voucher_batches(
    pool: &PgPool,
    location_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<BatchRow>> {
    sqlx::query_as("select * from rm_voucher_batches where location_id = $1 order by generated_at desc limit $2")
        .bind(location_id)
        .bind(limit)
        .fetch_all(pool)
        .await
}

/// One page of a location's vouchers, newest first; `before` is the last row's
/// `generated_position` from the previous page. Returns one row more than asked when
/// there is a next page.
pub async fn vouchers_page(
    pool: &PgPool,
    location_id: &str,
    status: Option<&str>,
    first: i64,
    before: Option<i64>,
) -> sqlx::Result<Vec<VoucherRow>> {
    sqlx::query_as(
        "select * from rm_vouchers
          where location_id = $1 and ($2::text is null or status = $2)
            and ($3::bigint is null or generated_position < $3)
          order by generated_position desc limit $4",
    )
    .bind(location_id)
    .bind(status)
    .bind(before)
    .bind(first + 1)
    .fetch_all(pool)
    .await
}

pub async fn voucher_by_code(
    pool: &PgPool,
    location_id: &str,
    code: &str,
) -> sqlx::Result<Option<VoucherRow>> {
    sqlx::query_as("select * from rm_vouchers where location_id = $1 and code = $2")
        .bind(location_id)
        .bind(code)
        .fetch_optional(pool)
        .await
}

pub async fn count_vouchers(
    pool: &PgPool,
    location_id: &str,
    status: Option<&str>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from rm_vouchers where location_id = $1 and ($2::text is null or status = $2)")
        .bind(location_id)
        .bind(status)
        .fetch_one(pool)
        .await
}

/// Vouchers of a location changed by events in (from, to] of the commit order.
pub async fn vouchers_changed_between(
    pool: &PgPool,
    location_id: &str,
    from: LogCursor,
    to: LogCursor,
) -> sqlx::Result<Vec<VoucherRow>> {
    sqlx::query_as(
        "select v.* from rm_vouchers v
          where v.location_id = $1 and v.id in (
            select aggregate_id from events
             where aggregate_type = $6
               and (tx_id, position) > ($2::text::xid8, $3) and (tx_id, position) <= ($4::text::xid8, $5))
          order by v.generated_position",
    )
    .bind(location_id)
    .bind(from.tx_id.to_string())
    .bind(from.position)
    .bind(to.tx_id.to_string())
    .bind(to.position)
    .bind(Voucher::TYPE)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct CheckpointRow {
    pub name: String,
    pub position: i64,
    pub status: String,
    pub last_error: Option<String>,
    pub failures: i32,
    pub updated_at: DateTime<Utc>,
}

pub async fn checkpoints(pool: &PgPool) -> sqlx::Result<Vec<CheckpointRow>> {
    sqlx::query_as("select name, position, status, last_error, failures, updated_at from projection_checkpoint order by name")
        .fetch_all(pool)
        .await
}

/// An event a projection skipped because it could not apply it (ADR 0012).
#[derive(Debug, Clone, FromRow)]
pub struct PoisonRow {
    pub projection: String,
    pub position: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub event_type: String,
    pub error: String,
    pub poisoned_at: DateTime<Utc>,
}

/// Every skipped event, by projection then position (a short list: each is an incident).
pub async fn poisoned(pool: &PgPool) -> sqlx::Result<Vec<PoisonRow>> {
    sqlx::query_as(
        "select projection, position, aggregate_type, aggregate_id, event_type, error, poisoned_at
           from projection_poison order by projection, position",
    )
    .fetch_all(pool)
    .await
}
