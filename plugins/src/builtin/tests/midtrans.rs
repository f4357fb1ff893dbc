//! Midtrans: vectors M1–M5 (gateways.md §3.7), Snap and status against a mock.

use serde_json::{Value, json};

use super::*;
use crate::contract::PaymentStatus;
use crate::test_support::{MockServer, Reply, serve};

const SERVER_KEY: &str = "SB-Mid-server-TEST123";
const M2: &str = "0892aa9bc996847675294accf51dfeed3d0322657484e935fb7ac9801b9c98f332ff4b5c83793911367caf784b8d3f500b1239f490b0e1e8faca035ceee8f7a0";
const M4: &str = "00a83146eb8b67db63dce8e90626c072151d14bf83149f9f65cebfb34217ff66cf44f1975aa96206444af3209c6571c88db9e56a4a3a5c519836a0b5f069feae";

fn settings() -> Value {
    json!({"server_key": SERVER_KEY})
}

fn notification(status_code: &str, gross: &str, status: &str, signature: &str) -> Value {
    json!({
        "va_numbers": [{"va_number": "333333333333333", "bank": "bca"}],
        "transaction_time": "2025-11-11 10:00:00", "transaction_status": status,
        "transaction_id": "9aed5972-5b6a-401e-894b-a32c91ed1a3a", "status_message": "midtrans payment notification",
        "status_code": status_code, "signature_key": signature, "settlement_time": "2025-11-11 10:10:52",
        "payment_type": "bank_transfer", "order_id": "INV-2025-0001", "merchant_id": "G141532850",
        "gross_amount": gross, "fraud_status": "accept", "currency": "IDR"
    })
}

async fn handle(
    body: &Value,
    settings: Value,
) -> Result<crate::contract::CallbackOutcome, PluginError> {
    let req = callback("application/json", &[], &body.to_string());
    plugin("midtrans")
        .handle_callback(&req, ctx(settings))
        .await
}

#[tokio::test]
async fn a_settlement_signed_like_vector_m2_is_paid() {
    let out = handle(
        &notification("200", "150000.00", "settlement", M2),
        settings(),
    )
    .await
    .unwrap();
    assert_eq!(out.payment.status, PaymentStatus::Paid);
    assert_eq!(out.payment.amount, d("150000"));
    assert_eq!(out.payment.order_id, "INV-2025-0001");
    assert_eq!(
        out.payment.gateway_reference,
        "9aed5972-5b6a-401e-894b-a32c91ed1a3a"
    );
    assert_eq!(out.ack.status, 200);
}

#[tokio::test]
async fn the_docs_vector_m1_verifies() {
    let mut n = notification(
        "200",
        "100000.00",
        "settlement",
        "edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231",
    );
    n["order_id"] = json!("1111");
    let settings = json!({"server_key": "askvnoibnosifnboseofinbofinfgbiufglnbfg"});
    assert!(handle(&n, settings).await.is_ok());
}

#[tokio::test]
async fn the_m3_trap_without_cents_does_not_verify() {
    let err = handle(&notification("200", "150000", "settlement", M2), settings())
        .await
        .unwrap_err();
    assert!(script_message(err).contains("signature is invalid"));
}

#[tokio::test]
async fn a_forged_status_does_not_verify() {
    let err = handle(
        &notification("201", "150000.00", "settlement", M2),
        settings(),
    )
    .await
    .unwrap_err();
    assert!(script_message(err).contains("signature is invalid"));
}

#[tokio::test]
async fn a_pending_notification_m4_is_pending() {
    let out = handle(&notification("201", "150000.00", "pending", M4), settings())
        .await
        .unwrap();
    assert_eq!(out.payment.status, PaymentStatus::Pending);
}

#[tokio::test]
async fn a_separate_signature_key_overrides_the_server_key() {
    let settings = json!({"server_key": SERVER_KEY, "signature_key": "other"});
    assert!(
        handle(
            &notification("200", "150000.00", "settlement", M2),
            settings
        )
        .await
        .is_err()
    );
}

#[tokio::test]
async fn captures_are_paid_only_when_fraud_screening_accepts() {
    let sign = |n: &Value| {
        let text = format!(
            "{}{}{}{SERVER_KEY}",
            n["order_id"].as_str().unwrap(),
            n["status_code"].as_str().unwrap(),
            n["gross_amount"].as_str().unwrap()
        );
        use sha2::Digest;
        hex::encode(sha2::Sha512::digest(text.as_bytes()))
    };
    for (status, fraud, expected) in [
        ("capture", Some("accept"), PaymentStatus::Paid),
        ("capture", Some("challenge"), PaymentStatus::Pending),
        ("capture", None, PaymentStatus::Paid),
        ("expire", None, PaymentStatus::Expired),
        ("deny", None, PaymentStatus::Failed),
        ("refund", None, PaymentStatus::Refunded),
    ] {
        let mut n = notification("200", "150000.00", status, "");
        match fraud {
            Some(f) => n["fraud_status"] = json!(f),
            None => drop(n.as_object_mut().unwrap().remove("fraud_status")),
        }
        n["signature_key"] = json!(sign(&n));
        assert_eq!(
            handle(&n, settings()).await.unwrap().payment.status,
            expected,
            "{status} {fraud:?}"
        );
    }
}

fn with_base(server: &MockServer) -> Value {
    json!({"server_key": SERVER_KEY, "api_base": server.base()})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snap_create_sends_basic_auth_m5_and_integer_amounts() {
    let server = serve(|_| {
        Reply::json(201, r#"{"token":"66e4fa55-fdac-4ef9-91b5-733b97d1b862","redirect_url":"https://app.sandbox.midtrans.com/snap/v2/vtweb/66e4fa55-fdac-4ef9-91b5-733b97d1b862"}"#)
    })
    .await;
    let created = plugin("midtrans")
        .create_payment(
            &payment_request("INV-2025-0001", "150000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(
        created.gateway_reference,
        "66e4fa55-fdac-4ef9-91b5-733b97d1b862"
    );
    assert!(created.pay_url.unwrap().contains("/snap/v2/vtweb/"));
    let seen = server.only_request();
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("POST", "/snap/v1/transactions")
    );
    assert_eq!(
        seen.headers["authorization"],
        "Basic U0ItTWlkLXNlcnZlci1URVNUMTIzOg=="
    );
    assert_eq!(seen.headers["accept"], "application/json");
    assert_eq!(
        seen.headers["x-override-notification"],
        "https://isp.example/webhooks/payments/x"
    );
    let body: Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(
        body["transaction_details"],
        json!({"order_id": "INV-2025-0001", "gross_amount": 150000})
    );
    assert_eq!(body["item_details"][0]["price"], json!(150000));
    assert_eq!(body["expiry"], json!({"unit": "minute", "duration": 60}));
    assert_eq!(body["callbacks"]["finish"], "https://isp.example/thanks");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_reads_get_v2_status_and_treat_snap_404_as_pending() {
    let settled = notification("200", "150000.00", "settlement", M2).to_string();
    let server = serve(move |r| {
        if r.target.contains("UNKNOWN") {
            Reply::json(
                404,
                r#"{"status_code":"404","status_message":"Transaction doesn't exist."}"#,
            )
        } else {
            Reply::json(200, settled.clone())
        }
    })
    .await;
    let p = plugin("midtrans");
    let paid = p
        .check_status(
            &status_request("INV-2025-0001", None, "150000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(paid.status, PaymentStatus::Paid);
    assert_eq!(paid.amount, d("150000.00"));
    let pending = p
        .check_status(
            &status_request("UNKNOWN", Some("tok"), "150000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(
        (pending.status, pending.gateway_reference.as_str()),
        (PaymentStatus::Pending, "tok")
    );
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].target, "/v2/INV-2025-0001/status");
    assert_eq!(
        requests[0].headers["authorization"],
        "Basic U0ItTWlkLXNlcnZlci1URVNUMTIzOg=="
    );
}

#[tokio::test]
async fn sandbox_keys_are_checked_against_the_sandbox_setting() {
    let p = plugin("midtrans");
    let live = json!({"server_key": "SB-Mid-server-x", "sandbox": false});
    let problems = p
        .validate_settings(live.as_object().unwrap(), ctx(json!({})))
        .await
        .unwrap();
    assert_eq!(problems.len(), 1);
    let ok = json!({"server_key": "SB-Mid-server-x"});
    assert!(
        p.validate_settings(ok.as_object().unwrap(), ctx(json!({})))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_posts_to_the_order_with_the_refund_key() {
    let server = serve(|_| {
        Reply::json(200, r#"{"status_code":"200","status_message":"Success, refund request is approved","transaction_id":"9aed5972-5b6a-401e-894b-a32c91ed1a3a","order_id":"INV-2025-0001","gross_amount":"150000.00","currency":"IDR","payment_type":"gopay","transaction_time":"2025-11-11 10:00:00","transaction_status":"partial_refund","fraud_status":"accept","refund_chargeback_id":53125,"refund_amount":"50000.00","refund_key":"refund-0c9d2f1e"}"#)
    })
    .await;
    let out = plugin("midtrans")
        .refund(
            &refund_request("INV-2025-0001", "66e4fa55", "50000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(out.status, crate::contract::RefundStatus::Refunded);
    assert_eq!(out.refund_reference, "53125");
    assert_eq!(out.amount, d("50000"));
    let seen = server.only_request();
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("POST", "/v2/INV-2025-0001/refund")
    );
    assert_eq!(
        seen.headers["authorization"],
        "Basic U0ItTWlkLXNlcnZlci1URVNUMTIzOg=="
    );
    let body: Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(body["refund_key"], "refund-0c9d2f1e");
    assert_eq!(body["amount"], json!(50000));
    assert_eq!(body["reason"], "pelanggan pindah rumah");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_midtrans_cannot_make_is_refused_with_its_message() {
    let p = plugin("midtrans");
    let req = refund_request("INV-2025-0001", "66e4fa55", "50000");
    let refused = serve(|_| {
        Reply::json(200, r#"{"status_code":"412","status_message":"Merchant cannot modify the status of the transaction"}"#)
    })
    .await;
    let out = p.refund(&req, ctx(with_base(&refused))).await.unwrap();
    assert_eq!(out.status, crate::contract::RefundStatus::Refused);
    assert_eq!(
        out.reason.as_deref(),
        Some("412: Merchant cannot modify the status of the transaction")
    );
    let down = serve(|_| {
        Reply::json(
            200,
            r#"{"status_code":"500","status_message":"Internal error"}"#,
        )
    })
    .await;
    assert!(p.refund(&req, ctx(with_base(&down))).await.is_err());
}
