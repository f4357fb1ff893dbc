//! The outbox as operators see it: rows by status, and a dead row given a fresh set of
//! attempts (the workers that claim rows are `tagih-sagas::outbox`).

use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgPool};

use crate::App;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub idempotency_key: String,
    pub kind: String,
    pub partition_key: String,
    pub payload: serde_json::Value,
    pub status: String,
    pub attempts: i32,
    pub waits: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub causation_position: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const ROW_COLUMNS: &str = "id, idempotency_key, kind, partition_key, payload, status, attempts, waits, \
     next_attempt_at, last_error, causation_position, created_at, updated_at";

/// Dead rows (and, optionally, every open row) for the dashboard.
pub async fn list(pool: &PgPool, status: Option<&str>, limit: i64) -> sqlx::Result<Vec<OutboxRow>> {
    let sql = format!(
        "select {ROW_COLUMNS} from outbox where ($1::text is null or status = $1) order by id desc limit $2"
    );
    sqlx::query_as(&sql)
        .bind(status)
        .bind(limit)
        .fetch_all(pool)
        .await
}

/// Gives a dead row a fresh start (an operator fixed the cause) and wakes its workers.
pub async fn revive(pool: &PgPool, id: i64) -> sqlx::Result<bool> {
    let kind: Option<String> = sqlx::query_scalar(
        "update outbox set status = 'pending', attempts = 0, waits = 0, last_error = null,
                next_attempt_at = now(), updated_at = now()
          where id = $1 and status = 'dead'
          returning kind",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(kind) = kind else {
        return Ok(false);
    };
    sqlx::query("select pg_notify('outbox', $1)")
        .bind(kind)
        .execute(pool)
        .await?;
    Ok(true)
}

/// Outbox rows, by status (`dead` ones need attention), newest first.
pub async fn entries(app: &App, status: Option<&str>, limit: i64) -> AppResult<Vec<OutboxRow>> {
    Ok(list(&app.pool, status, limit).await?)
}

/// Gives a dead outbox row a fresh set of attempts.
pub async fn retry(app: &App, id: i64) -> AppResult<()> {
    if revive(&app.pool, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound("no dead outbox row with that id".into()))
    }
}
