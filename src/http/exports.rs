//! `GET /exports/{finance,vouchers,customers,invoices}.csv`: CSV downloads with the API's
//! bearer token and role rules, streamed from the database (app::reports::exports).

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tagih_app::AppError;
use tagih_app::auth::AuthState;
use tagih_app::reports::exports::{self, Export};
use tokio_stream::wrappers::ReceiverStream;

use super::AppState;
use super::graphql::{auth_state, bearer};

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({"error": message.into()}))).into_response()
}

/// The export asked for, or why not (status, message).
fn export_of(name: &str, q: &HashMap<String, String>) -> Result<Export, (StatusCode, String)> {
    let arg = |k: &str| q.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let missing = |k: &str| (StatusCode::BAD_REQUEST, format!("`{k}` is required"));
    match name {
        "finance.csv" => {
            let from = arg("from").ok_or_else(|| missing("from"))?;
            let to = arg("to").ok_or_else(|| missing("to"))?;
            exports::finance(from, to, arg("location").map(str::to_string)).map_err(|e| match e {
                AppError::BadInput(m) => (StatusCode::BAD_REQUEST, m),
                e => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            })
        }
        "vouchers.csv" => Ok(exports::vouchers(
            arg("batch").ok_or_else(|| missing("batch"))?,
        )),
        "customers.csv" => Ok(exports::customers()),
        "invoices.csv" => Ok(exports::invoices()),
        _ => Err((StatusCode::NOT_FOUND, "no such export".into())),
    }
}

pub async fn download(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let actor = match auth_state(&state, bearer(&headers)).await {
        AuthState::Authenticated(a) => a,
        _ => return error(StatusCode::UNAUTHORIZED, "a valid bearer token is required"),
    };
    let export = match export_of(&name, &query) {
        Ok(export) => export,
        Err((status, message)) => return error(status, message),
    };
    if !actor.role.at_least(export.role) {
        return error(
            StatusCode::FORBIDDEN,
            format!("{name} needs the {} role", export.role.as_str()),
        );
    }
    let disposition = format!("attachment; filename=\"{name}\"");
    let rx = exports::stream(state.app.pool.clone(), export);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        Body::from_stream(ReceiverStream::new(rx)),
    )
        .into_response()
}
