//! The manual plugin: always pending, no callbacks, no HTTP.

use serde_json::json;

use super::*;

#[tokio::test]
async fn manual_payments_stay_pending_with_instructions() {
    let p = plugin("manual");
    let created = p
        .create_payment(&payment_request("INV-1-1", "150000"), ctx(json!({})))
        .await
        .unwrap();
    assert_eq!(created.gateway_reference, "MANUAL-INV-1-1");
    assert!(created.instructions.unwrap().contains("admin"));
    let status = p
        .check_status(&status_request("INV-1-1", None, "150000"), ctx(json!({})))
        .await
        .unwrap();
    assert_eq!(status.status, crate::contract::PaymentStatus::Pending);
    assert_eq!(status.amount, d("150000"));
}

#[tokio::test]
async fn manual_payments_refuse_callbacks() {
    let err = plugin("manual")
        .handle_callback(&callback("application/json", &[], "{}"), ctx(json!({})))
        .await
        .unwrap_err();
    assert!(script_message(err).contains("no gateway callbacks"));
}
