//! A local Xendit that checks the wire format of invoice creation and status (Basic auth
//! with the secret key, integer amounts, `external_id`) and of refunds (`POST /refunds`
//! with the invoice id, an integer amount, a reason from Xendit's list and an
//! `Idempotency-key` header; `GET /refunds?invoice_id=`), and answers like the real one:
//! a key seen before answers the refund it made, never a second one.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
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
    /// Every `POST /refunds` received (body and `Idempotency-key`), retries included.
    pub refund_calls: Mutex<Vec<(String, Value)>>,
    /// Refunds made, by idempotency key.
    pub refunds: Mutex<HashMap<String, Value>>,
    /// Answer refunds with this error (HTTP status, `error_code`, `message`) instead.
    pub refuse_refunds: Mutex<Option<(u16, &'static str, &'static str)>>,
    /// The status new refunds start in (`SUCCEEDED` unless set).
    pub refund_status: Mutex<Option<&'static str>>,
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

/// Xendit's refund reasons.
const REASONS: [&str; 5] = [
    "FRAUDULENT",
    "DUPLICATE",
    "REQUESTED_BY_CUSTOMER",
    "CANCELLATION",
    "OTHERS",
];

fn refund_error(status: u16, code: &str, message: &str) -> (StatusCode, Json<Value>) {
    (
        StatusCode::from_u16(status).unwrap(),
        Json(json!({"error_code": code, "message": message})),
    )
}

async fn create_refund(
    State(x): State<Arc<Xendit>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    if !authorised(&headers) {
        return refund_error(401, "INVALID_API_KEY", "API key is invalid");
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    x.refund_calls
        .lock()
        .unwrap()
        .push((key.clone(), body.clone()));
    // Slow enough that concurrent callers overlap with the first one's call.
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    assert!(
        !key.is_empty(),
        "refunds carry an Idempotency-key: {headers:?}"
    );
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    assert!(body["amount"].is_i64(), "amount must be an integer: {body}");
    assert_eq!(body["currency"], "IDR", "{body}");
    assert!(body["reference_id"].is_string(), "{body}");
    let reason = body["reason"].as_str().unwrap_or_default();
    assert!(
        REASONS.contains(&reason),
        "reason {reason:?} is not Xendit's"
    );
    if let Some(known) = x.refunds.lock().unwrap().get(&key) {
        return (StatusCode::OK, Json(known.clone()));
    }
    let invoice_id = body["invoice_id"].as_str().unwrap_or_default();
    let paid = x
        .invoices
        .lock()
        .unwrap()
        .get(invoice_id)
        .map(|i| i["status"] == "PAID");
    match paid {
        None => return refund_error(404, "DATA_NOT_FOUND", "invoice not found"),
        Some(false) => return refund_error(400, "INELIGIBLE_TRANSACTION", "invoice is not paid"),
        Some(true) => {}
    }
    if let Some((status, code, message)) = *x.refuse_refunds.lock().unwrap() {
        return refund_error(status, code, message);
    }
    let status = x.refund_status.lock().unwrap().unwrap_or("SUCCEEDED");
    let mut refunds = x.refunds.lock().unwrap();
    let refund = json!({
        "id": format!("rfd-{}", refunds.len() + 1),
        "invoice_id": invoice_id,
        "reference_id": body["reference_id"],
        "amount": body["amount"],
        "currency": "IDR",
        "status": status,
        "reason": reason,
        "failure_code": null,
        "created": xendit_time(chrono::Utc::now()),
        "updated": xendit_time(chrono::Utc::now()),
        "metadata": body["metadata"],
    });
    refunds.insert(key, refund.clone());
    (StatusCode::OK, Json(refund))
}

async fn list_refunds(
    State(x): State<Arc<Xendit>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> (StatusCode, Json<Value>) {
    if !authorised(&headers) {
        return refund_error(401, "INVALID_API_KEY", "API key is invalid");
    }
    let invoice = query.get("invoice_id").cloned().unwrap_or_default();
    let data: Vec<Value> = x
        .refunds
        .lock()
        .unwrap()
        .values()
        .filter(|r| r["invoice_id"] == invoice.as_str())
        .cloned()
        .collect();
    (
        StatusCode::OK,
        Json(json!({"data": data, "has_more": false})),
    )
}

impl Xendit {
    /// Refunds that were still processing are done now (what a later call reports).
    pub fn finish_refunds(&self) {
        for refund in self.refunds.lock().unwrap().values_mut() {
            refund["status"] = json!("SUCCEEDED");
        }
    }

    pub fn refund_call_count(&self) -> usize {
        self.refund_calls.lock().unwrap().len()
    }
}

pub async fn start() -> (SocketAddr, Arc<Xendit>) {
    let state = Arc::new(Xendit::default());
    let app = Router::new()
        .route("/v2/invoices", post(create))
        .route("/v2/invoices/{id}", get(status))
        .route("/refunds", post(create_refund).get(list_refunds))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, state)
}
