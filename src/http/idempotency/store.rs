//! The `idempotency_keys` table: claim a key for a request, record the first answer,
//! release a claim whose answer must not be kept, and say what a key holds.

use sqlx::PgPool;

/// One key of one admin for one operation, and the request it was first sent with.
#[derive(Debug, Clone)]
pub struct Slot {
    pub admin_id: String,
    pub key: String,
    pub operation: String,
    pub fingerprint: String,
}

/// What a key holds when a request arrives with it.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// Nobody used it (in the last 24 hours): this request runs and records its answer.
    Owner,
    /// The first request's answer, to be returned as it is.
    Done(String),
    /// The first request is still running.
    Running,
    /// The key was used with a different request.
    Mismatch,
}

/// Claims the key or reports what it holds. Rows older than 24 hours are purged first, so
/// an expired key starts afresh. A claim left unfinished for 5 minutes belongs to an
/// instance that stopped mid-request (no mutation runs that long): it is taken over.
pub async fn claim(pool: &PgPool, slot: &Slot) -> sqlx::Result<Claim> {
    sqlx::query("delete from idempotency_keys where created_at < now() - interval '24 hours'")
        .execute(pool)
        .await?;
    // Two passes: a row purged between the insert and the look-up is claimed again.
    for _ in 0..2 {
        let inserted = sqlx::query(
            "insert into idempotency_keys (admin_id, key, operation, fingerprint)
             values ($1, $2, $3, $4) on conflict do nothing",
        )
        .bind(&slot.admin_id)
        .bind(&slot.key)
        .bind(&slot.operation)
        .bind(&slot.fingerprint)
        .execute(pool)
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(Claim::Owner);
        }
        let taken_over = sqlx::query(
            "update idempotency_keys set created_at = now()
              where admin_id = $1 and key = $2 and operation = $3 and fingerprint = $4
                and response is null and created_at < now() - interval '5 minutes'",
        )
        .bind(&slot.admin_id)
        .bind(&slot.key)
        .bind(&slot.operation)
        .bind(&slot.fingerprint)
        .execute(pool)
        .await?
        .rows_affected();
        if taken_over == 1 {
            return Ok(Claim::Owner);
        }
        let row: Option<(String, Option<String>)> = sqlx::query_as(
            "select fingerprint, response from idempotency_keys
              where admin_id = $1 and key = $2 and operation = $3
                and created_at >= now() - interval '24 hours'",
        )
        .bind(&slot.admin_id)
        .bind(&slot.key)
        .bind(&slot.operation)
        .fetch_optional(pool)
        .await?;
        match row {
            None => continue,
            Some((fingerprint, _)) if fingerprint != slot.fingerprint => {
                return Ok(Claim::Mismatch);
            }
            Some((_, Some(body))) => return Ok(Claim::Done(body)),
            Some((_, None)) => return Ok(Claim::Running),
        }
    }
    Ok(Claim::Running)
}

/// Records the owner's answer; every later request with the key gets exactly this body.
pub async fn complete(pool: &PgPool, slot: &Slot, body: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update idempotency_keys set response = $4, completed_at = now()
          where admin_id = $1 and key = $2 and operation = $3",
    )
    .bind(&slot.admin_id)
    .bind(&slot.key)
    .bind(&slot.operation)
    .bind(body)
    .execute(pool)
    .await?;
    Ok(())
}

/// Drops an unfinished claim (the answer was a transient failure): a retry runs again.
pub async fn release(pool: &PgPool, slot: &Slot) -> sqlx::Result<()> {
    sqlx::query(
        "delete from idempotency_keys
          where admin_id = $1 and key = $2 and operation = $3 and response is null",
    )
    .bind(&slot.admin_id)
    .bind(&slot.key)
    .bind(&slot.operation)
    .execute(pool)
    .await?;
    Ok(())
}
