//! Queries the router jobs, sagas and the network API read: vouchers by id or code for a
//! router, what should be on a router, expiring vouchers, health, drift, live sessions.

use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgPool};

use crate::location_health::HealthRow;
use crate::ppp_profiles::PppProfileRow;
use crate::router_drift::DriftRow;
use crate::vouchers::VoucherRow;

pub async fn vouchers_by_ids(pool: &PgPool, ids: &[String]) -> sqlx::Result<Vec<VoucherRow>> {
    sqlx::query_as("select * from rm_vouchers where id = any($1)")
        .bind(ids)
        .fetch_all(pool)
        .await
}

/// Vouchers of a location with these codes that have not been activated yet.
pub async fn unactivated_by_codes(
    pool: &PgPool,
    location_id: &str,
    codes: &[String],
) -> sqlx::Result<Vec<VoucherRow>> {
    sqlx::query_as(
        "select * from rm_vouchers where location_id = $1 and code = any($2)
            and status in ('GENERATED', 'PROVISIONED')",
    )
    .bind(location_id)
    .bind(codes)
    .fetch_all(pool)
    .await
}

/// Every voucher that should be on the router in some form (for drift checks).
pub async fn vouchers_on_router(pool: &PgPool, location_id: &str) -> sqlx::Result<Vec<VoucherRow>> {
    sqlx::query_as(
        "select * from rm_vouchers where location_id = $1
            and status in ('PROVISIONED', 'ACTIVATED', 'EXPIRED')",
    )
    .bind(location_id)
    .fetch_all(pool)
    .await
}

/// Which of `codes` the location ever issued as vouchers or hotspot subscriptions (router
/// users outside this list are unknown to Tagih).
pub async fn known_codes(
    pool: &PgPool,
    location_id: &str,
    codes: &[String],
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "select code from rm_vouchers where location_id = $1 and code = any($2)
         union
         select username from rm_subscriptions
          where location_id = $1 and kind = 'HOTSPOT' and username = any($2)",
    )
    .bind(location_id)
    .bind(codes)
    .fetch_all(pool)
    .await
}

/// Activated vouchers whose validity ended by `now` (the expiry job's work list).
pub async fn vouchers_due_to_expire(
    pool: &PgPool,
    now: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "select id from rm_vouchers where status = 'ACTIVATED' and valid_until <= $1
          order by valid_until limit $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn location_health(pool: &PgPool, id: &str) -> sqlx::Result<Option<HealthRow>> {
    sqlx::query_as("select * from rm_location_health where location_id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn drift(pool: &PgPool, location_id: &str) -> sqlx::Result<Option<DriftRow>> {
    sqlx::query_as("select * from rm_router_drift where location_id = $1")
        .bind(location_id)
        .fetch_optional(pool)
        .await
}

pub async fn ppp_profiles(pool: &PgPool, location_id: &str) -> sqlx::Result<Vec<PppProfileRow>> {
    sqlx::query_as("select * from rm_ppp_profiles where location_id = $1 order by name")
        .bind(location_id)
        .fetch_all(pool)
        .await
}

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub location_id: String,
    pub kind: String,
    pub router_id: String,
    pub username: String,
    pub address: Option<String>,
    pub mac_address: Option<String>,
    pub uptime_secs: i64,
    pub bytes_in: i64,
    pub bytes_out: i64,
    pub observed_at: DateTime<Utc>,
}

pub async fn sessions(pool: &PgPool, location_id: &str) -> sqlx::Result<Vec<SessionRow>> {
    sqlx::query_as(
        "select * from router_sessions where location_id = $1 order by kind, username, router_id",
    )
    .bind(location_id)
    .fetch_all(pool)
    .await
}

/// Every subscription of a location, cancelled ones too (drift checks of PPP secrets and
/// named hotspot users).
pub async fn subscription_ids_at(pool: &PgPool, location_id: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("select id from rm_subscriptions where location_id = $1 order by id")
        .bind(location_id)
        .fetch_all(pool)
        .await
}
