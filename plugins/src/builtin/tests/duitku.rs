//! Duitku: vectors D1–D3 and D6 (gateways.md §2.8), wire format against a mock.

use serde_json::{Value, json};

use super::*;
use crate::contract::PaymentStatus;
use crate::test_support::{Reply, serve};

const KEY: &str = "732B39FC61796845775D2C4FB05332AF";

fn settings() -> Value {
    json!({"merchant_code": "D0001", "api_key": KEY})
}

fn form(signature: &str) -> String {
    format!(
        "merchantCode=D0001&amount=10000&merchantOrderId=12345&productDetail=Paket&resultCode=00\
         &reference=DREF123&publisherOrderId=P1&settlementDate=2025-11-11&signature={signature}"
    )
}

const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn a_callback_signed_like_vector_d1_is_paid() {
    let req = callback(FORM, &[], &form("4104f20a70c933113c66c004fe25a9f1"));
    let out = plugin("duitku")
        .handle_callback(&req, ctx(settings()))
        .await
        .unwrap();
    assert_eq!(out.payment.status, PaymentStatus::Paid);
    assert_eq!(out.payment.order_id, "12345");
    assert_eq!(out.payment.gateway_reference, "DREF123");
    assert_eq!(out.payment.amount, d("10000"));
    assert_eq!((out.ack.status, out.ack.body.as_str()), (200, "OK"));
}

#[tokio::test]
async fn signature_hex_case_does_not_matter() {
    let req = callback(FORM, &[], &form("4104F20A70C933113C66C004FE25A9F1"));
    assert!(
        plugin("duitku")
            .handle_callback(&req, ctx(settings()))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_callback_signed_with_the_request_field_order_d2_is_rejected() {
    let req = callback(FORM, &[], &form("03d84db1c33fe8a0deb2dd13b054ff27"));
    let err = plugin("duitku")
        .handle_callback(&req, ctx(settings()))
        .await
        .unwrap_err();
    assert!(script_message(err).contains("signature is invalid"));
}

#[tokio::test]
async fn a_forged_amount_is_rejected() {
    let body = form("4104f20a70c933113c66c004fe25a9f1").replace("amount=10000", "amount=1000");
    let err = plugin("duitku")
        .handle_callback(&callback(FORM, &[], &body), ctx(settings()))
        .await
        .unwrap_err();
    assert!(script_message(err).contains("signature is invalid"));
}

#[tokio::test]
async fn a_json_callback_like_vector_d6_is_accepted_and_failures_map_to_failed() {
    let body = json!({
        "merchantCode": "DS12345", "amount": "150000", "merchantOrderId": "INV-2025-0001",
        "resultCode": "01", "reference": "R9", "signature": "0bb0d069daf3ca316d59b2c8b04ba3d9"
    });
    let settings = json!({"merchant_code": "DS12345", "api_key": "k3y"});
    let req = callback("application/json", &[], &body.to_string());
    let out = plugin("duitku")
        .handle_callback(&req, ctx(settings))
        .await
        .unwrap();
    assert_eq!(out.payment.status, PaymentStatus::Failed);
    assert_eq!(out.payment.amount, d("150000"));
}

#[tokio::test]
async fn a_callback_for_another_merchant_is_rejected() {
    let req = callback(FORM, &[], &form("4104f20a70c933113c66c004fe25a9f1"));
    let settings = json!({"merchant_code": "D9999", "api_key": KEY});
    let err = plugin("duitku")
        .handle_callback(&req, ctx(settings))
        .await
        .unwrap_err();
    assert!(script_message(err).contains("another merchant"));
}

fn with_base(server: &crate::test_support::MockServer) -> Value {
    let mut s = settings();
    s["api_base"] = json!(format!("{}/webapi/api/merchant/", server.base()));
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_payment_sends_the_v2_inquiry_wire_format() {
    let server = serve(|_| {
        Reply::json(200, r#"{"merchantCode":"D0001","reference":"DXXXXCX80TZJ85Q70QCI",
            "paymentUrl":"https://sandbox.duitku.com/topup/topupdirectv2.aspx?ref=BCA7WZ7EIDXXXXWEC",
            "vaNumber":"7007014001444348","qrString":"","amount":"10000","statusCode":"00","statusMessage":"SUCCESS"}"#)
    })
    .await;
    let mut req = payment_request("12345", "10000");
    req.customer.name = "Budi Santoso Wicaksono Putra".into();
    let created = plugin("duitku")
        .create_payment(&req, ctx(with_base(&server)))
        .await
        .unwrap();
    assert_eq!(created.gateway_reference, "DXXXXCX80TZJ85Q70QCI");
    assert_eq!(created.va_number.as_deref(), Some("7007014001444348"));
    assert_eq!(created.qr_string, None);

    let seen = server.only_request();
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("POST", "/webapi/api/merchant/v2/inquiry")
    );
    assert_eq!(seen.headers["content-type"], "application/json");
    let body: Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(body["signature"], "03d84db1c33fe8a0deb2dd13b054ff27"); // D2
    assert_eq!(body["paymentAmount"], json!(10000));
    assert_eq!(body["merchantCode"], "D0001");
    assert_eq!(body["merchantOrderId"], "12345");
    assert_eq!(body["paymentMethod"], "SP");
    assert_eq!(body["customerVaName"], "Budi Santoso Wicakso");
    assert_eq!(body["itemDetails"][0]["price"], json!(10000));
    assert_eq!(body["expiryPeriod"], json!(60));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_status_posts_the_d3_signature_and_maps_success_to_paid() {
    let server = serve(|_| {
        Reply::json(200, r#"{"merchantOrderId":"12345","reference":"DXXXXCX80TZJ85Q70QCI","amount":"10000","fee":"0.00","statusCode":"00","statusMessage":"SUCCESS"}"#)
    })
    .await;
    let status = plugin("duitku")
        .check_status(
            &status_request("12345", None, "10000"),
            ctx(with_base(&server)),
        )
        .await
        .unwrap();
    assert_eq!(status.status, PaymentStatus::Paid);
    assert_eq!(status.amount, d("10000"));
    let seen = server.only_request();
    assert_eq!(seen.target, "/webapi/api/merchant/transactionStatus");
    let body: Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(
        body,
        json!({"merchantCode": "D0001", "merchantOrderId": "12345", "signature": "6620b1f50d9bb82fc3d5f550d258c4c5"})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_errors_surface_as_script_errors() {
    let server = serve(|_| Reply::json(400, r#"{"Message":"Minimum Payment 10000 IDR"}"#)).await;
    let err = plugin("duitku")
        .create_payment(&payment_request("12345", "10000"), ctx(with_base(&server)))
        .await
        .unwrap_err();
    assert!(script_message(err).contains("http 400"));
}

#[tokio::test]
async fn validate_settings_checks_schema_and_script_rules() {
    let p = plugin("duitku");
    let problems = p
        .validate_settings(
            json!({"merchant_code": "D1"}).as_object().unwrap(),
            ctx(json!({})),
        )
        .await
        .unwrap();
    assert_eq!(problems, ["setting `api_key` is required"]);
    let problems = p
        .validate_settings(
            json!({"merchant_code": "X1", "api_key": "k"})
                .as_object()
                .unwrap(),
            ctx(json!({})),
        )
        .await
        .unwrap();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("start with D"));
}
