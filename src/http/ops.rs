//! Operations endpoints: health (database reachable, projections neither failed nor
//! skipping poisoned events) and Prometheus metrics.

use std::sync::OnceLock;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use serde_json::json;

use super::AppState;

static PROMETHEUS: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process-wide recorder once (several apps may run in one test process).
/// Called at start-up so that nothing recorded before the first scrape is lost.
pub fn prometheus() -> Option<&'static PrometheusHandle> {
    PROMETHEUS
        .get_or_init(|| PrometheusBuilder::new().install_recorder().ok())
        .as_ref()
}

pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let failed: Result<Vec<String>, _> = sqlx::query_scalar(
        "select name from projection_checkpoint where status in ('failed', 'poisoned')",
    )
    .fetch_all(&state.ctx.pool)
    .await;
    match failed {
        Ok(failed) if failed.is_empty() => (StatusCode::OK, Json(json!({"status": "ok"}))),
        Ok(failed) => (
            StatusCode::OK,
            Json(json!({"status": "degraded", "failedProjections": failed})),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "reason": "database unreachable"})),
            )
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let Some(handle) = prometheus() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "metrics recorder unavailable".to_string(),
        );
    };
    if let Ok(rows) = sqlx::query_as::<_, (String, i64)>(
        "select c.name, coalesce((select max(position) from events), 0) - c.position from projection_checkpoint c",
    )
    .fetch_all(&state.ctx.pool)
    .await
    {
        for (name, behind) in rows {
            metrics::gauge!("tagih_projection_events_behind", "projection" => name).set(behind as f64);
        }
    }
    // Every projection gets a value (0 included), so a repaired one drops back to 0.
    if let Ok(rows) = sqlx::query_as::<_, (String, i64)>(
        "select c.name, count(p.position) from projection_checkpoint c
           left join projection_poison p on p.projection = c.name group by c.name",
    )
    .fetch_all(&state.ctx.pool)
    .await
    {
        for (name, n) in rows {
            metrics::gauge!("tagih_projection_poisoned_events", "projection" => name).set(n as f64);
        }
    }
    (StatusCode::OK, handle.render())
}
