//! `POST /webhooks/routers/{location}`: the hotspot profile's on-login script reports a
//! login (`X-Router-Token` header, JSON `{event, user, ip, mac}`). The token is checked in
//! constant time against the location's sealed one, read from the Location aggregate (the
//! write side: a token is good the moment it is issued, however far behind the read models
//! are, ADR 0022); a login activates the matching voucher (first detector wins).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use subtle::ConstantTimeEq;
use tagih_aggregates::location::Location;
use tagih_aggregates::voucher::ActivationSource;
use tagih_commands::Metadata;
use tagih_sagas::jobs::first_login::activate_reported_login;

use tagih_graphql::input_guard::NUL_MESSAGE;

use super::AppState;
use super::guard::{BodyError, json_body};

/// Router scripts send a few hundred bytes; anything larger is not ours.
pub const BODY_LIMIT: usize = 4 * 1024;

#[derive(Deserialize)]
pub struct LoginReport {
    event: String,
    user: String,
    #[serde(default)]
    ip: Option<String>,
    #[serde(default)]
    mac: Option<String>,
}

fn reply(status: StatusCode, body: serde_json::Value) -> Response {
    (status, Json(body)).into_response()
}

fn token_matches(expected: &str, given: &str) -> bool {
    expected.as_bytes().ct_eq(given.as_bytes()).into()
}

pub async fn login(
    State(state): State<AppState>,
    Path(location_id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let ctx = &state.ctx;
    let location = match ctx.bus.load::<Location>(&location_id).await {
        Ok(l) if l.settings.is_some() => l,
        Ok(_) => return reply(StatusCode::NOT_FOUND, json!({"error": "unknown location"})),
        Err(e) => {
            tracing::error!(error = %e, "router webhook: database");
            return reply(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"error": "try again"}),
            );
        }
    };
    let given = headers
        .get("x-router-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let expected = location
        .router_token_enc
        .as_deref()
        .and_then(|sealed| ctx.secrets.open(sealed).ok());
    if !expected.is_some_and(|t| !given.is_empty() && token_matches(&t, given)) {
        return reply(
            StatusCode::UNAUTHORIZED,
            json!({"error": "bad router token"}),
        );
    }
    let report = match json_body::<LoginReport>(&body) {
        Ok(r) => r,
        Err(BodyError::Nul) => {
            return reply(StatusCode::BAD_REQUEST, json!({"error": NUL_MESSAGE}));
        }
        Err(BodyError::Shape) => {
            return reply(
                StatusCode::BAD_REQUEST,
                json!({"error": "expected {event, user, ip, mac}"}),
            );
        }
    };
    let user = report.user.trim();
    if user.is_empty() || user.len() > 64 {
        return reply(
            StatusCode::BAD_REQUEST,
            json!({"error": "user must be 1-64 characters"}),
        );
    }
    if report.event != "login" {
        return reply(StatusCode::ACCEPTED, json!({"ignored": report.event}));
    }
    let mut meta = Metadata::system("webhook:router");
    meta.ip = report.ip.filter(|ip| ip.len() <= 64);
    meta.user_agent = report
        .mac
        .filter(|m| m.len() <= 64)
        .map(|m| format!("mac {m}"));
    let now = ctx.job_context.clock.now();
    match activate_reported_login(
        &ctx.bus,
        &location_id,
        user,
        now,
        ActivationSource::RouterWebhook,
        &meta,
    )
    .await
    {
        Ok(n) => reply(StatusCode::OK, json!({"activated": n})),
        Err(e) => {
            tracing::error!(error = %e, "router webhook: activation failed");
            reply(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"error": "try again"}),
            )
        }
    }
}
