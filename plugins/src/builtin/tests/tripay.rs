//! Tripay: vectors T1 and T3–T5 (gateways.md §4.6), create and detail against a mock.

use serde_json::{Value, json};

use super::*;
use crate::contract::PaymentStatus;
use crate::test_support::{MockServer, Reply, serve};

const PRIVATE_KEY: &str = "ytf6ooi2gmlNPfpchd94jDOk8hRWOu";
const T3_BODY: &str = r#"{"reference":"T0001000023000XXXXX","merchant_ref":"INV123456","payment_method":"BCA Virtual Account","payment_method_code":"BCAVA","total_amount":200000,"fee_merchant":2000,"fee_customer":0,"total_fee":2000,"amount_received":198000,"is_closed_payment":1,"status":"PAID","paid_at":1608133017,"note":null}"#;
const T3_SIG: &str = "e121a11a737e7828da392bee3767ebd61ffbe268cc09b31580a61274316a6e60";

fn settings() -> Value {
    json!({"merchant_code": "T0001", "api_key": "DEV-apikey", "private_key": PRIVATE_KEY})
}

async fn handle(
    body: &str,
    signature: &str,
    event: &str,
) -> Result<crate::contract::CallbackOutcome, PluginError> {
    let headers = [
        ("X-Callback-Signature", signature),
        ("X-Callback-Event", event),
    ];
    let req = callback("application/json", &headers, body);
    plugin("tripay")
        .handle_callback(&req, ctx(settings()))
        .await
}

#[tokio::test]
async fn the_raw_body_vector_t3_is_paid_and_acknowledged_with_success_true() {
    let out = handle(T3_BODY, T3_SIG, "payment_status").await.unwrap();
    assert_eq!(out.payment.status, PaymentStatus::Paid);
    assert_eq!(out.payment.order_id, "INV123456");
    assert_eq!(out.payment.gateway_reference, "T0001000023000XXXXX");
    assert_eq!(out.payment.amount, d("200000"));
    assert_eq!(out.ack.content_type, "application/json");
    assert_eq!(out.ack.body, r#"{"success":true}"#);
}

/// The same JSON pretty-printed the way Python does (vector T4).
fn pretty_t3() -> String {
    let inner = T3_BODY.trim_start_matches('{').trim_end_matches('}');
    let fields: Vec<String> = inner
        .split(",\"")
        .map(|f| f.trim_start_matches('"').replacen("\":", "\": ", 1))
        .collect();
    format!("{{\n    \"{}\n}}", fields.join(",\n    \""))
}

#[tokio::test]
async fn a_re_serialised_body_t4_does_not_verify() {
    let pretty = pretty_t3();
    let t4 =
        hex::encode(crate::runtime::host::hmac_sha256_for_tests(PRIVATE_KEY, &pretty).unwrap());
    assert_eq!(
        t4,
        "f48c033f80f370b6405f0112c279a7995386ff9b9b26bc64864dc72ea97b076e"
    );
    let err = handle(&pretty, T3_SIG, "payment_status").await.unwrap_err();
    assert!(script_message(err).contains("signature is invalid"));
}

#[tokio::test]
async fn php_escaped_slashes_t5_are_verified_on_the_raw_bytes() {
    let raw = r#"{"reference":"T1","merchant_ref":"INV\/2025\/0001","status":"PAID"}"#;
    // Correct signature over the raw bytes: passes verification, then fails on the
    // missing amount (this short vector has none).
    let err = handle(
        raw,
        "8822a231058a9a46900a357f4c0666b211a527dfc76f1f6c3dfa774640b728c0",
        "payment_status",
    )
    .await
    .unwrap_err();
    assert!(script_message(err).contains("lacks the amount"));
    // The signature of the re-serialised form (INV/2025/0001) must not verify.
    let err = handle(
        raw,
        "f3f688f0aa5b57ab358717654a37b2c8323f6a131abfa5a1b5334e9fdef48355",
        "payment_status",
    )
    .await
    .unwrap_err();
    assert!(script_message(err).contains("signature is invalid"));
}

#[tokio::test]
async fn other_events_and_missing_signatures_are_rejected() {
    let err = handle(T3_BODY, T3_SIG, "something_else").await.unwrap_err();
    assert!(script_message(err).contains("unexpected tripay callback event"));
    let req = callback("application/json", &[], T3_BODY);
    let err = plugin("tripay")
        .handle_callback(&req, ctx(settings()))
        .await
        .unwrap_err();
    assert!(script_message(err).contains("lacks X-Callback-Signature"));
}

fn with_base(server: &MockServer) -> Value {
    let mut s = settings();
    s["api_base"] = json!(format!("{}/api-sandbox/", server.base()));
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_sends_bearer_auth_and_the_t1_signature() {
    let server = serve(|_| {
        Reply::json(200, r#"{"success":true,"message":"","data":{"reference":"T0001000000000000006","merchant_ref":"INV55567",
            "payment_method":"BRIVA","amount":1500000,"fee_merchant":4250,"fee_customer":0,"total_fee":4250,"amount_received":1495750,
            "pay_code":"57585748548596587","pay_url":null,"checkout_url":"https://tripay.co.id/checkout/T0001000000000000006",
            "status":"UNPAID","expired_time":1700003600}}"#)
    })
    .await;
    let mut req = payment_request("INV55567", "1500000");
    req.channel = Some("BRIVA".into());
    let created = plugin("tripay")
        .create_payment(&req, ctx(with_base(&server)))
        .await
        .unwrap();
    assert_eq!(created.gateway_reference, "T0001000000000000006");
    assert_eq!(created.va_number.as_deref(), Some("57585748548596587"));
    assert_eq!(created.fee_merchant, Some(d("4250")));
    assert_eq!(created.expires_at.as_deref(), Some("1700003600"));
    let seen = server.only_request();
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("POST", "/api-sandbox/transaction/create")
    );
    assert_eq!(seen.headers["authorization"], "Bearer DEV-apikey");
    let body: Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(
        body["signature"],
        "9f167eba844d1fcb369404e2bda53702e2f78f7aa12e91da6715414e65b8c86a"
    );
    assert_eq!(body["amount"], json!(1500000));
    assert_eq!(body["method"], "BRIVA");
    assert_eq!(body["merchant_ref"], "INV55567");
    assert_eq!(body["expired_time"], json!(1_700_000_000 + 3600));
    assert_eq!(body["order_items"][0]["price"], json!(1500000));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_reads_transaction_detail_by_reference() {
    let server = serve(|_| {
        Reply::json(200, r#"{"success":true,"message":"","data":{"reference":"T0001000023000XXXXX","merchant_ref":"INV123456",
            "amount":205000,"fee_customer":5000,"status":"PAID","paid_at":1608133017}}"#)
    })
    .await;
    let status = plugin("tripay")
        .check_status(
            &status_request("INV123456", Some("T0001000023000XXXXX"), "200000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(
        (status.status, status.amount),
        (PaymentStatus::Paid, d("200000"))
    );
    let seen = server.only_request();
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        (
            "GET",
            "/api-sandbox/transaction/detail?reference=T0001000023000XXXXX"
        )
    );
    assert_eq!(seen.headers["authorization"], "Bearer DEV-apikey");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsuccessful_answer_is_an_error() {
    let server =
        serve(|_| Reply::json(200, r#"{"success":false,"message":"Invalid API Key"}"#)).await;
    let err = plugin("tripay")
        .check_status(
            &status_request("INV1", Some("T1"), "1000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap_err();
    assert!(script_message(err).contains("Invalid API Key"));
}
