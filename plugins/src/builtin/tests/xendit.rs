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

/// Xendit's refund object as its Refund API prints it.
fn refund_object(status: &str) -> String {
    json!({
        "id": "rfd-6f4a8a7f", "invoice_id": "inv-1", "reference_id": "RF-1", "amount": 50000,
        "currency": "IDR", "status": status, "reason": "OTHERS",
        "failure_code": if status == "FAILED" { json!("INSUFFICIENT_BALANCE") } else { Value::Null },
        "created": "2025-11-11T03:10:52.000Z", "updated": "2025-11-11T03:10:52.000Z"
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_posts_the_invoice_with_basic_auth_and_the_idempotency_key() {
    let server = serve(|_| Reply::json(200, refund_object("SUCCEEDED"))).await;
    let out = plugin("xendit")
        .refund(
            &refund_request("INV-2025-0001", "inv-1", "50000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(out.status, crate::contract::RefundStatus::Refunded);
    assert_eq!(out.refund_reference, "rfd-6f4a8a7f");
    assert_eq!(out.amount, d("50000"));
    let seen = server.only_request();
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("POST", "/refunds")
    );
    assert_eq!(
        seen.headers["authorization"],
        "Basic eG5kX2RldmVsb3BtZW50X0VYQU1QTEVLRVk6"
    );
    assert_eq!(seen.headers["idempotency-key"], "refund-0c9d2f1e");
    let body: Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(body["invoice_id"], "inv-1");
    assert_eq!(body["reference_id"], "RF-1");
    assert_eq!(body["amount"], json!(50000));
    assert_eq!(body["currency"], "IDR");
    assert_eq!(body["reason"], "OTHERS");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_xendit_refuses_or_fails_is_refused_and_a_5xx_is_unknown() {
    let p = plugin("xendit");
    let req = refund_request("INV-2025-0001", "inv-1", "50000");
    let refused = serve(|_| {
        Reply::json(400, r#"{"error_code":"INELIGIBLE_TRANSACTION","message":"Payment method does not support refunds"}"#)
    })
    .await;
    let out = p.refund(&req, ctx(with_base(&refused))).await.unwrap();
    assert_eq!(out.status, crate::contract::RefundStatus::Refused);
    assert_eq!(
        out.reason.as_deref(),
        Some("INELIGIBLE_TRANSACTION: Payment method does not support refunds")
    );
    let failed = serve(|_| Reply::json(200, refund_object("FAILED"))).await;
    let out = p.refund(&req, ctx(with_base(&failed))).await.unwrap();
    assert_eq!(out.status, crate::contract::RefundStatus::Refused);
    assert_eq!(out.reason.as_deref(), Some("INSUFFICIENT_BALANCE"));
    let pending = serve(|_| Reply::json(200, refund_object("PENDING"))).await;
    let out = p.refund(&req, ctx(with_base(&pending))).await.unwrap();
    assert_eq!(out.status, crate::contract::RefundStatus::Pending);
    let down = serve(|_| {
        Reply::json(
            503,
            r#"{"error_code":"SERVER_ERROR","message":"try later"}"#,
        )
    })
    .await;
    assert!(p.refund(&req, ctx(with_base(&down))).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duplicate_refund_is_read_back_by_its_reference() {
    let server = serve(|r| {
        if r.method == "POST" {
            Reply::json(
                409,
                r#"{"error_code":"DUPLICATE_ERROR","message":"Refund already exists"}"#,
            )
        } else {
            Reply::json(
                200,
                format!(
                    r#"{{"data":[{}],"has_more":false}}"#,
                    refund_object("SUCCEEDED")
                ),
            )
        }
    })
    .await;
    let out = plugin("xendit")
        .refund(
            &refund_request("INV-2025-0001", "inv-1", "50000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(out.status, crate::contract::RefundStatus::Refunded);
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests[1].target, "/refunds?invoice_id=inv-1");
}
