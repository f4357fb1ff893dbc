//! Verified callbacks that can never be processed (text PostgreSQL cannot store) are
//! answered the way the gateway expects — so it stops retrying — and kept for review,
//! instead of a 503 that the gateway would retry forever.

use serde_json::json;

use super::{callback, create_payment, mock_xendit, open_invoice, xendit_ready};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_verified_callback_with_a_nul_is_acknowledged_and_quarantined() {
    let (mock, xendit) = mock_xendit::start().await;
    let app = spawn_app().await;
    let token = app.root_token().await;
    xendit_ready(&app, &token, mock).await;
    let invoice = open_invoice(&app, &token, "nul01").await;
    let opened = create_payment(&app, &token, &invoice).await;
    let order = opened["orderId"].as_str().unwrap().to_string();
    let paid = xendit.pay(&order, 150000);

    let payment_events = "select count(*) from events where aggregate_type = 'Payment'";
    let before = app.count(payment_events).await;
    let mut hostile = Vec::new();
    for (field, value) in [("external_id", "\u{0}"), ("id", "inv\u{0}")] {
        let mut body = paid.clone();
        body[field] = json!(value);
        hostile.push(body);
    }
    // A forgery is still refused first, and nothing of it is kept.
    assert_eq!(
        callback(&app, "not-the-token", &hostile[0]).await.status(),
        401
    );
    for body in &hostile {
        for _ in 0..2 {
            let r = callback(&app, "cb-token", body).await;
            assert_eq!(r.status(), 200, "{body}: {}", r.text().await.unwrap());
        }
    }
    assert_eq!(
        app.count(payment_events).await,
        before,
        "no payment touched"
    );
    assert_eq!(
        app.count("select count(*) from quarantined_callbacks where plugin = 'xendit'")
            .await,
        4,
        "every verified one kept"
    );
    let kept: Vec<u8> =
        sqlx::query_scalar("select raw_body from quarantined_callbacks order by id limit 1")
            .fetch_one(app.pool())
            .await
            .unwrap();
    assert_eq!(
        kept,
        serde_json::to_vec(&hostile[0]).unwrap(),
        "kept byte for byte"
    );

    // The genuine callback still pays.
    let r = callback(&app, "cb-token", &paid).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        app.count("select count(*) from events where event_type = 'PaymentCompleted'")
            .await,
        1
    );
}
