//! Payments over plain HTTP: gateway callbacks (`POST /webhooks/payments/{plugin}`) answered
//! with the plugin's acknowledgement, and plugin package uploads (`POST /plugins`, a ZIP
//! body, super_admin only).

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tagih_aggregates::Role;
use tagih_app::auth::AuthState;
use tagih_app::payments::ingest_callback::ingest_callback;
use tagih_app::payments::{PaymentFlowError, PluginUseError, plugins};
use tagih_commands::{CommandError, Metadata};
use tagih_plugins::contract::CallbackRequest;

use super::AppState;
use super::graphql::{auth_state, bearer};

/// Callbacks are small; a megabyte is already generous.
pub const CALLBACK_LIMIT: usize = 256 * 1024;
/// Plugin packages (SPEC: at most 10 MB).
pub const PACKAGE_LIMIT: usize = 10 * 1024 * 1024;

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({"error": message.into()}))).into_response()
}

fn flow_error(e: PaymentFlowError) -> Response {
    use PaymentFlowError as F;
    match e {
        F::Plugin(PluginUseError::NotInstalled(_) | PluginUseError::Inactive(_)) => {
            error(StatusCode::NOT_FOUND, e.to_string())
        }
        F::Rejected(_) => error(StatusCode::UNAUTHORIZED, e.to_string()),
        F::UnknownOrder(_) => error(StatusCode::NOT_FOUND, e.to_string()),
        other => {
            tracing::error!(error = %other, "payment callback not processed; the gateway will retry");
            error(StatusCode::SERVICE_UNAVAILABLE, "try again")
        }
    }
}

pub async fn callback(
    State(state): State<AppState>,
    Path(plugin): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(raw) = String::from_utf8(body.to_vec()) else {
        return error(StatusCode::BAD_REQUEST, "body is not UTF-8");
    };
    let headers = headers.iter().filter_map(|(k, v)| {
        v.to_str()
            .ok()
            .map(|v| (k.as_str().to_string(), v.to_string()))
    });
    let request = CallbackRequest::new(method.as_str(), headers, query, raw);
    match ingest_callback(&state.app, &plugin, request).await {
        Ok(ack) => {
            let status = StatusCode::from_u16(ack.status).unwrap_or(StatusCode::OK);
            let content_type = HeaderValue::from_str(&ack.content_type)
                .unwrap_or(HeaderValue::from_static("text/plain"));
            (status, [(header::CONTENT_TYPE, content_type)], ack.body).into_response()
        }
        Err(e) => flow_error(e),
    }
}

pub async fn upload(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let actor = match auth_state(&state, bearer(&headers)).await {
        AuthState::Authenticated(a) => a,
        _ => return error(StatusCode::UNAUTHORIZED, "a super_admin token is required"),
    };
    if actor.role != Role::SuperAdmin {
        return error(StatusCode::FORBIDDEN, "only a super_admin installs plugins");
    }
    let mut meta = Metadata::system("http:plugins");
    meta.actor_id = Some(actor.admin_id.clone());
    meta.actor_role = Some(actor.role.as_str().to_string());
    match plugins::install(&state.app, &body, &meta).await {
        Ok(name) => (StatusCode::CREATED, axum::Json(json!({"installed": name}))).into_response(),
        Err(PluginUseError::Registry(e)) => error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        Err(PluginUseError::Command(
            e @ CommandError::Domain { .. } | e @ CommandError::Conflict(_),
        )) => error(StatusCode::CONFLICT, e.to_string()),
        Err(e) => {
            tracing::error!(error = %e, "plugin upload failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "try again")
        }
    }
}
