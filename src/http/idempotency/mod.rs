//! Idempotency keys for mutations (ADR 0014), applied once, at the GraphQL HTTP handler:
//! a mutation sent by an authenticated admin with an `Idempotency-Key` header runs at most
//! once per (admin, key, operation) in 24 hours. The first request claims the key, runs,
//! and stores its exact answer; retries — sequential or concurrent, on any instance — get
//! that answer byte for byte (with `Idempotent-Replayed: true`), never a second effect.

mod request;
mod store;

use std::future::Future;
use std::time::{Duration, Instant};

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;

pub use request::{Intent, intent, key};
use store::{Claim, Slot};

/// How long a retry waits for the first request's answer before it is told to try later.
const WAIT: Duration = Duration::from_secs(60);
const FIRST_PAUSE: Duration = Duration::from_millis(10);
const MAX_PAUSE: Duration = Duration::from_millis(200);

/// Codes of answers that are not kept: the failure was transient, so the same key may run
/// the mutation again (as payment APIs do not keep 5xx and 429 answers). A refund the
/// gateway has not finished (or did not answer) is not an outcome either: the same key
/// asks again and learns it, and the gateway's own idempotency key keeps it one refund.
const NOT_KEPT: &[&str] = &[
    "INTERNAL",
    "RATE_LIMITED",
    "REFUND_PENDING",
    "GATEWAY_UNAVAILABLE",
];

/// Runs `exec` at most once for this admin, key and mutation; everyone gets its answer.
pub async fn run<F, Fut>(
    pool: &PgPool,
    admin_id: &str,
    key: String,
    intent: Intent,
    exec: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = async_graphql::Response> + Send + 'static,
{
    let slot = Slot {
        admin_id: admin_id.to_string(),
        key,
        operation: intent.operation,
        fingerprint: intent.fingerprint,
    };
    let deadline = Instant::now() + WAIT;
    let mut pause = FIRST_PAUSE;
    loop {
        match store::claim(pool, &slot).await {
            Ok(Claim::Owner) => return own(pool.clone(), slot, exec()).await,
            Ok(Claim::Done(body)) => return answer(body, true),
            Ok(Claim::Mismatch) => {
                return error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "IDEMPOTENCY_MISMATCH",
                    "this Idempotency-Key was used with a different request; use a new key",
                );
            }
            Ok(Claim::Running) if Instant::now() >= deadline => {
                return error(
                    StatusCode::CONFLICT,
                    "IDEMPOTENCY_IN_PROGRESS",
                    "the first request with this Idempotency-Key is still running; retry later",
                );
            }
            Ok(Claim::Running) => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(MAX_PAUSE);
            }
            Err(e) => {
                tracing::error!(error = %e, "idempotency key store");
                return error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "INTERNAL",
                    "internal error; retry with the same Idempotency-Key",
                );
            }
        }
    }
}

/// The claimed request. It runs in a task of its own, so a client that hangs up does not
/// cancel it half-way: its answer is still recorded for the retry.
async fn own<Fut>(pool: PgPool, slot: Slot, exec: Fut) -> Response
where
    Fut: Future<Output = async_graphql::Response> + Send + 'static,
{
    let (release_pool, release_slot) = (pool.clone(), slot.clone());
    let task = tokio::spawn(async move {
        let response = exec.await;
        let body = serde_json::to_string(&response).unwrap_or_else(|e| {
            tracing::error!(error = %e, "serialising a GraphQL response");
            r#"{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}"#.into()
        });
        let kept = !has_code(&response, NOT_KEPT);
        let stored = if kept {
            store::complete(&pool, &slot, &body).await
        } else {
            store::release(&pool, &slot).await
        };
        if let Err(e) = stored {
            tracing::error!(error = %e, key = %slot.key, "recording an idempotent answer");
        }
        body
    });
    match task.await {
        Ok(body) => answer(body, false),
        Err(e) => {
            tracing::error!(error = %e, "idempotent mutation task failed");
            // Nothing to replay: free the key so waiters and retries run it again.
            if let Err(e) = store::release(&release_pool, &release_slot).await {
                tracing::error!(error = %e, "releasing an idempotency key");
            }
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "internal error",
            )
        }
    }
}

fn has_code(response: &async_graphql::Response, codes: &[&str]) -> bool {
    response.errors.iter().any(|e| {
        e.extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .is_some_and(
                |c| matches!(c, async_graphql::Value::String(s) if codes.contains(&s.as_str())),
            )
    })
}

fn answer(body: String, replayed: bool) -> Response {
    let mut response = (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({"errors": [{"message": message, "extensions": {"code": code}}]});
    (status, Json(body)).into_response()
}
