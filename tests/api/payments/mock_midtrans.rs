//! A local Midtrans that checks the wire format of Snap creation, the status API and
//! refunds (`POST /v2/{order_id}/refund` with Basic auth of the server key, an integer
//! `amount`, a `refund_key` of letters, digits, `-` and `_`), and answers like the real one:
//! `status_code` in the body, and a `refund_key` seen before answers the refund it made.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha512};

pub const SERVER_KEY: &str = "SB-Mid-server-tagihtest";

#[derive(Default)]
pub struct Midtrans {
    /// By order id: the transaction as the status API prints it.
    pub transactions: Mutex<HashMap<String, Value>>,
    /// Every refund call received (its body), retries included.
    pub refund_calls: Mutex<Vec<Value>>,
    /// Refunds made, by `refund_key`.
    pub refunds: Mutex<HashMap<String, Value>>,
    /// Answer refunds with this `status_code` and `status_message` instead.
    pub refuse_refunds: Mutex<Option<(&'static str, &'static str)>>,
}

impl Midtrans {
    /// Settles an order and returns its signed notification.
    pub fn settle(&self, order_id: &str) -> Value {
        let mut transactions = self.transactions.lock().unwrap();
        let t = transactions.get_mut(order_id).expect("created first");
        t["transaction_status"] = json!("settlement");
        t["status_code"] = json!("200");
        t["settlement_time"] = json!("2025-11-11 10:05:00");
        let signed = format!(
            "{order_id}200{}{SERVER_KEY}",
            t["gross_amount"].as_str().unwrap()
        );
        t["signature_key"] = json!(hex::encode(Sha512::digest(signed.as_bytes())));
        t.clone()
    }
}

fn authorised(headers: &HeaderMap) -> bool {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{SERVER_KEY}:"))
    );
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(expected.as_str())
}

fn unauthorised() -> (StatusCode, Json<Value>) {
    let body = json!({"status_code": "401", "status_message": "Access denied"});
    (StatusCode::UNAUTHORIZED, Json(body))
}

async fn snap(
    State(m): State<Arc<Midtrans>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    if !authorised(&headers) {
        return unauthorised();
    }
    let details = &body["transaction_details"];
    assert!(details["gross_amount"].is_i64(), "{body}");
    let order = details["order_id"].as_str().expect("order_id").to_string();
    let gross = format!("{}.00", details["gross_amount"]);
    let token = format!("snap-{order}");
    let transaction = json!({
        "transaction_id": format!("trx-{order}"), "order_id": order, "gross_amount": gross,
        "currency": "IDR", "payment_type": "gopay", "transaction_status": "pending",
        "status_code": "201", "fraud_status": "accept", "transaction_time": "2025-11-11 10:00:00",
    });
    m.transactions.lock().unwrap().insert(order, transaction);
    let url = format!("https://app.sandbox.midtrans.com/snap/v2/vtweb/{token}");
    (
        StatusCode::CREATED,
        Json(json!({"token": token, "redirect_url": url})),
    )
}

async fn status(
    State(m): State<Arc<Midtrans>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> (StatusCode, Json<Value>) {
    if !authorised(&headers) {
        return unauthorised();
    }
    match m.transactions.lock().unwrap().get(&id) {
        Some(t) => (StatusCode::OK, Json(t.clone())),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({"status_code": "404", "status_message": "Transaction doesn't exist."})),
        ),
    }
}

async fn refund(
    State(m): State<Arc<Midtrans>>,
    headers: HeaderMap,
    Path(order): Path<String>,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    if !authorised(&headers) {
        return unauthorised();
    }
    m.refund_calls.lock().unwrap().push(body.clone());
    let key = body["refund_key"].as_str().expect("refund_key").to_string();
    assert!(
        !key.is_empty()
            && key.len() <= 50
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "refund_key {key:?}"
    );
    assert!(body["amount"].is_i64(), "amount must be an integer: {body}");
    assert!(body["reason"].is_string(), "{body}");
    if let Some(known) = m.refunds.lock().unwrap().get(&key) {
        return (StatusCode::OK, Json(known.clone()));
    }
    let Some(t) = m.transactions.lock().unwrap().get(&order).cloned() else {
        let body = json!({"status_code": "404", "status_message": "Transaction doesn't exist."});
        return (StatusCode::OK, Json(body));
    };
    if let Some((code, message)) = *m.refuse_refunds.lock().unwrap() {
        return (
            StatusCode::OK,
            Json(json!({"status_code": code, "status_message": message})),
        );
    }
    let mut refunds = m.refunds.lock().unwrap();
    let made = json!({
        "status_code": "200", "status_message": "Success, refund request is approved",
        "transaction_id": t["transaction_id"], "order_id": order, "gross_amount": t["gross_amount"],
        "currency": "IDR", "payment_type": t["payment_type"], "transaction_status": "partial_refund",
        "refund_chargeback_id": 53125 + refunds.len(), "refund_amount": format!("{}.00", body["amount"]),
        "refund_key": key,
    });
    refunds.insert(key, made.clone());
    (StatusCode::OK, Json(made))
}

pub async fn start() -> (SocketAddr, Arc<Midtrans>) {
    let state = Arc::new(Midtrans::default());
    let app = Router::new()
        .route("/snap/v1/transactions", post(snap))
        .route("/v2/{id}/status", get(status))
        .route("/v2/{id}/refund", post(refund))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, state)
}
