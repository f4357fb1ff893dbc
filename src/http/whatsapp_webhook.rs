//! `/webhooks/whatsapp/{provider}`: delivery status from WhatsApp providers. WAHA signs with
//! `X-Webhook-Hmac` (HMAC-SHA512), the Cloud API with `X-Hub-Signature-256` (HMAC-SHA256
//! with the app secret) and answers Meta's GET verification handshake, Fonnte callbacks
//! carry `?token=`. Checked in constant time against each sender of that provider; a bad
//! signature is a 401 and nothing is written. Reports only move messages forward, so a
//! repeated webhook is a no-op.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tagih_aggregates::whatsapp_sender::Provider;
use tagih_app::messaging::reports::{self, Proof};

use tagih_graphql::input_guard::NUL_MESSAGE;

use super::AppState;
use super::guard::{BodyError, json_body};

/// Status callbacks are small; a batch of Cloud API statuses stays well under this.
pub const BODY_LIMIT: usize = 256 * 1024;

fn reply(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn try_again(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "whatsapp webhook: database");
    reply(
        StatusCode::SERVICE_UNAVAILABLE,
        json!({"error": "try again"}),
    )
}

pub async fn receive(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(provider) = Provider::parse(&provider) else {
        return reply(StatusCode::NOT_FOUND, json!({"error": "unknown provider"}));
    };
    let given_token = query.get("token").map(String::as_str).unwrap_or_default();
    let header = |name: &str| self::header(&headers, name).to_string();
    let proof = Proof {
        body: &body,
        header: &header,
        token: given_token,
    };
    let verified = match reports::verified(&state.app, provider, &proof).await {
        Ok(v) => v,
        Err(e) => return try_again(e),
    };
    if !verified {
        return reply(StatusCode::UNAUTHORIZED, json!({"error": "bad signature"}));
    }
    let payload = match json_body::<Value>(&body) {
        Ok(p) => p,
        Err(BodyError::Shape) => {
            return reply(StatusCode::BAD_REQUEST, json!({"error": "expected JSON"}));
        }
        // Genuine (signed) but unstorable: no message of ours carries such an id, and a
        // non-2xx answer would only make the provider send it again.
        Err(BodyError::Nul) => {
            tracing::warn!(provider = provider.as_str(), body = %String::from_utf8_lossy(&body).escape_default(), "whatsapp webhook: report with a NUL character ignored");
            return reply(
                StatusCode::OK,
                json!({"received": 0, "ignored": NUL_MESSAGE}),
            );
        }
    };
    match reports::record(&state.app, provider, &payload).await {
        Ok(r) => reply(
            StatusCode::OK,
            json!({"received": r.received, "matched": r.matched}),
        ),
        Err(e) => {
            tracing::error!(error = %e, "whatsapp webhook: recording failed");
            reply(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"error": "try again"}),
            )
        }
    }
}

/// Meta's subscription handshake: echo `hub.challenge` when `hub.verify_token` matches.
pub async fn verify(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if Provider::parse(&provider) != Some(Provider::CloudApi) {
        return reply(
            StatusCode::NOT_FOUND,
            json!({"error": "no verification for this provider"}),
        );
    }
    let get = |k: &str| query.get(k).map(String::as_str).unwrap_or_default();
    let token_matches =
        match reports::subscription_verified(&state.app, get("hub.verify_token")).await {
            Ok(m) => m,
            Err(e) => return try_again(e),
        };
    if get("hub.mode") != "subscribe" || !token_matches {
        return reply(
            StatusCode::FORBIDDEN,
            json!({"error": "verification failed"}),
        );
    }
    get("hub.challenge").to_string().into_response()
}
