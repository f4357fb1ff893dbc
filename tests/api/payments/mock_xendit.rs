//! A local Xendit that checks the wire format of invoice creation and status (Basic auth
//! with the secret key, integer amounts, `external_id`) and answers like the real one.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{Value, json};

pub const SECRET_KEY: &str = "xnd_development_tagihtest";

#[derive(Default)]
pub struct Xendit {
    /// By invoice id: the invoice as Xendit would print it.
    pub invoices: Mutex<HashMap<String, Value>>,
    pub creates: Mutex<Vec<Value>>,
    pub status_checks: Mutex<usize>,
}

impl Xendit {
    /// Marks an invoice paid with this amount (what a status check will then report).
    pub fn pay(&self, external_id: &str, amount: i64) -> Value {
        let mut invoices = self.invoices.lock().unwrap();
        let inv = invoices
            .values_mut()
            .find(|i| i["external_id"] == external_id)
            .expect("invoice created first");
        inv["status"] = json!("PAID");
        inv["paid_amount"] = json!(amount);
        inv["paid_at"] = json!(xendit_time(chrono::Utc::now()));
        inv.clone()
    }
}

/// Xendit's timestamp shape (RFC 3339 UTC with milliseconds, `…T02:00:00.000Z`), taken from
/// the wall clock so the mock never answers with a date that has since passed.
fn xendit_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn authorised(headers: &HeaderMap) -> bool {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{SECRET_KEY}:"))
    );
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(expected.as_str())
}

async fn create(
    State(x): State<Arc<Xendit>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    if !authorised(&headers) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error_code": "INVALID_API_KEY"})),
        );
    }
    assert!(body["amount"].is_i64(), "amount must be an integer: {body}");
    assert!(
        body["external_id"].is_string(),
        "external_id required: {body}"
    );
    assert_eq!(body["currency"], "IDR");
    x.creates.lock().unwrap().push(body.clone());
    let id = format!("inv_{}", x.creates.lock().unwrap().len());
    let invoice = json!({
        "id": id,
        "external_id": body["external_id"],
        "status": "PENDING",
        "amount": body["amount"],
        "invoice_url": format!("https://checkout-staging.xendit.co/web/{id}"),
        "expiry_date": xendit_time(chrono::Utc::now() + chrono::Duration::days(1)),
    });
    x.invoices.lock().unwrap().insert(id, invoice.clone());
    (StatusCode::OK, Json(invoice))
}

async fn status(
    State(x): State<Arc<Xendit>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> (StatusCode, Json<Value>) {
    if !authorised(&headers) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error_code": "INVALID_API_KEY"})),
        );
    }
    *x.status_checks.lock().unwrap() += 1;
    match x.invoices.lock().unwrap().get(&id) {
        Some(inv) => (StatusCode::OK, Json(inv.clone())),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({"error_code": "INVOICE_NOT_FOUND_ERROR"})),
        ),
    }
}

pub async fn start() -> (SocketAddr, Arc<Xendit>) {
    let state = Arc::new(Xendit::default());
    let app = Router::new()
        .route("/v2/invoices", post(create))
        .route("/v2/invoices/{id}", get(status))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, state)
}
