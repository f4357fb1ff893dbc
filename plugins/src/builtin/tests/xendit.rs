//! Xendit: callback token check (§5.7), invoice create and status against a mock.

use serde_json::{Value, json};

use super::*;
use crate::contract::PaymentStatus;
use crate::test_support::{MockServer, Reply, serve};

fn settings() -> Value {
    json!({"secret_key": "xnd_development_EXAMPLEKEY", "callback_token": "tok-123"})
}

fn paid_callback() -> String {
    json!({
        "id": "593f4ed1c3d3bb7f39733d83", "external_id": "INV-2025-0001", "user_id": "u1",
        "status": "PAID", "merchant_name": "ISP", "amount": 150000, "paid_amount": 150000,
        "paid_at": "2025-11-11T03:10:52.000Z", "payment_method": "BANK_TRANSFER", "bank_code": "BCA", "currency": "IDR"
    })
    .to_string()
}

async fn handle(headers: &[(&str, &str)]) -> Result<crate::contract::CallbackOutcome, PluginError> {
    let req = callback("application/json", headers, &paid_callback());
    plugin("xendit")
        .handle_callback(&req, ctx(settings()))
        .await
}

#[tokio::test]
async fn a_callback_with_the_verification_token_is_paid() {
    let out = handle(&[("X-CALLBACK-TOKEN", "tok-123")]).await.unwrap();
    assert_eq!(out.payment.status, PaymentStatus::Paid);
    assert_eq!(out.payment.order_id, "INV-2025-0001");
    assert_eq!(out.payment.gateway_reference, "593f4ed1c3d3bb7f39733d83");
    assert_eq!(out.payment.amount, d("150000"));
    assert_eq!(out.ack.status, 200);
}

#[tokio::test]
async fn a_wrong_or_missing_token_is_rejected() {
    for headers in [&[("x-callback-token", "tok-124")][..], &[]] {
        let err = handle(headers).await.unwrap_err();
        assert!(script_message(err).contains("token is invalid"));
    }
}

fn with_base(server: &MockServer) -> Value {
    let mut s = settings();
    s["api_base"] = json!(server.base());
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invoice_create_sends_basic_auth_x1_and_integer_amounts() {
    let server = serve(|_| {
        Reply::json(200, r#"{"id":"inv-1","external_id":"INV-2025-0001","status":"PENDING","amount":150000,
            "invoice_url":"https://checkout-staging.xendit.co/web/inv-1","expiry_date":"2025-11-12T03:00:00.000Z"}"#)
    })
    .await;
    let created = plugin("xendit")
        .create_payment(
            &payment_request("INV-2025-0001", "150000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(created.gateway_reference, "inv-1");
    assert_eq!(
        created.pay_url.as_deref(),
        Some("https://checkout-staging.xendit.co/web/inv-1")
    );
    let seen = server.only_request();
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("POST", "/v2/invoices")
    );
    assert_eq!(
        seen.headers["authorization"],
        "Basic eG5kX2RldmVsb3BtZW50X0VYQU1QTEVLRVk6"
    );
    let body: Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(body["external_id"], "INV-2025-0001");
    assert_eq!(body["amount"], json!(150000));
    assert_eq!(body["invoice_duration"], json!(3600));
    assert_eq!(body["payer_email"], "budi@example.com");
    assert_eq!(body["currency"], "IDR");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_reads_the_invoice_by_id_or_by_external_id() {
    let server = serve(|r| {
        let invoice = r#"{"id":"inv-1","external_id":"INV-2025-0001","status":"SETTLED","amount":150000,"paid_amount":150000}"#;
        if r.target.starts_with("/v2/invoices?") {
            Reply::json(200, format!("[{invoice}]"))
        } else {
            Reply::json(200, invoice)
        }
    })
    .await;
    let p = plugin("xendit");
    let by_id = p
        .check_status(
            &status_request("INV-2025-0001", Some("inv-1"), "150000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(by_id.status, PaymentStatus::Paid);
    let by_order = p
        .check_status(
            &status_request("INV-2025-0001", None, "150000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(by_order.gateway_reference, "inv-1");
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests[0].target, "/v2/invoices/inv-1");
    assert_eq!(requests[1].target, "/v2/invoices?external_id=INV-2025-0001");
}

#[tokio::test]
async fn the_key_prefix_must_match_the_mode() {
    let p = plugin("xendit");
    let live = json!({"secret_key": "xnd_development_x", "callback_token": "t", "sandbox": false});
    let problems = p
        .validate_settings(live.as_object().unwrap(), ctx(json!({})))
        .await
        .unwrap();
    assert_eq!(problems, ["secret_key should start with xnd_production_"]);
}
