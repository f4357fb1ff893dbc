//! `GET /receipts/{id}`: a receipt as a printable HTML page (app::reports::receipts). Public
//! like a pay link; the page shows nothing beyond the receipt.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tagih_app::reports::receipts;

use super::AppState;

pub async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if id.len() > 64 {
        return (StatusCode::NOT_FOUND, "no such receipt").into_response();
    }
    match receipts::page(&state.app, &id).await {
        Ok(Some(html)) => (
            [(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            )],
            Html(html),
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no such receipt").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "receipt page failed");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
    }
}
