//! Subscription usernames, unique per location (case-insensitive): a claim row taken before
//! a subscription is created, in the same transaction as its events where possible.

use sqlx::{PgConnection, PgPool};

use crate::error::CommandError;

/// Claims `username` at `location_id` for `subscription_id`; CONFLICT when another
/// subscription holds it (claiming one's own name again is fine).
pub async fn claim(
    conn: &mut PgConnection,
    location_id: &str,
    username: &str,
    subscription_id: &str,
) -> Result<(), CommandError> {
    let holder: Option<String> = sqlx::query_scalar(
        "with ins as (
            insert into account_names (location_id, username, subscription_id)
            values ($1, $2, $3) on conflict do nothing returning subscription_id)
         select subscription_id from ins
         union all
         select subscription_id from account_names
          where location_id = $1 and lower(username) = lower($2)
         limit 1",
    )
    .bind(location_id)
    .bind(username.trim())
    .bind(subscription_id)
    .fetch_optional(&mut *conn)
    .await?;
    match holder {
        Some(h) if h == subscription_id => Ok(()),
        _ => Err(CommandError::conflict(format!(
            "username {} is taken at this location",
            username.trim()
        ))),
    }
}

/// Gives a claim back (the subscription it was for was never created).
pub async fn release(pool: &PgPool, location_id: &str, username: &str, subscription_id: &str) {
    let released = sqlx::query(
        "delete from account_names
          where location_id = $1 and lower(username) = lower($2) and subscription_id = $3",
    )
    .bind(location_id)
    .bind(username.trim())
    .bind(subscription_id)
    .execute(pool)
    .await;
    if let Err(e) = released {
        tracing::warn!(error = %e, "could not release a username claim");
    }
}

/// Which of `usernames` are already claimed at `location_id` (case-insensitive), as they
/// were claimed, sorted: the write side's own answer, whatever the read models show.
pub async fn taken(
    pool: &PgPool,
    location_id: &str,
    usernames: &[String],
) -> Result<Vec<String>, CommandError> {
    let lower: Vec<String> = usernames.iter().map(|u| u.trim().to_lowercase()).collect();
    Ok(sqlx::query_scalar(
        "select username from account_names
          where location_id = $1 and lower(username) = any($2) order by username",
    )
    .bind(location_id)
    .bind(&lower)
    .fetch_all(pool)
    .await?)
}
