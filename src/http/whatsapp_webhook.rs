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
use tagih_commands::Metadata;
use tagih_commands::whatsapp::{SenderCredentials, provider_credentials};
use tagih_sagas::whatsapp::webhooks;

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

/// The opened credentials of every sender of this provider (inactive ones too: their
/// late reports still count), from the sender aggregates (ADR 0022).
async fn credentials_of(
    state: &AppState,
    provider: Provider,
) -> Result<Vec<SenderCredentials>, Response> {
    let ctx = &state.ctx;
    provider_credentials(&ctx.bus, &ctx.secrets, provider)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "whatsapp webhook: database");
            reply(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"error": "try again"}),
            )
        })
}

fn secret(c: &SenderCredentials) -> &str {
    c.webhook_secret.as_deref().unwrap_or_default()
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
    let creds = match credentials_of(&state, provider).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let given_token = query.get("token").map(String::as_str).unwrap_or_default();
    let verified = creds.iter().any(|c| match provider {
        Provider::Waha => {
            webhooks::waha_signature_ok(secret(c), &body, header(&headers, "x-webhook-hmac"))
        }
        Provider::CloudApi => {
            webhooks::cloud_signature_ok(secret(c), &body, header(&headers, "x-hub-signature-256"))
        }
        Provider::Fonnte | Provider::Generic => webhooks::token_ok(secret(c), given_token),
    });
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
    let updates = match provider {
        Provider::Waha => webhooks::parse_waha(&payload),
        Provider::CloudApi => webhooks::parse_cloud(&payload),
        Provider::Fonnte | Provider::Generic => webhooks::parse_fonnte(&payload),
    };
    let ctx = &state.ctx;
    let meta = Metadata::system(&format!(
        "webhook:whatsapp:{}",
        provider.as_str().to_lowercase()
    ));
    match webhooks::apply_updates(&ctx.bus, &updates, ctx.job_context.clock.now(), &meta).await {
        Ok(matched) => reply(
            StatusCode::OK,
            json!({"received": updates.len(), "matched": matched}),
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
    let creds = match credentials_of(&state, Provider::CloudApi).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let get = |k: &str| query.get(k).map(String::as_str).unwrap_or_default();
    let token_matches = creds.iter().any(|c| {
        webhooks::token_ok(
            c.verify_token.as_deref().unwrap_or_default(),
            get("hub.verify_token"),
        )
    });
    if get("hub.mode") != "subscribe" || !token_matches {
        return reply(
            StatusCode::FORBIDDEN,
            json!({"error": "verification failed"}),
        );
    }
    get("hub.challenge").to_string().into_response()
}
