//! A gateway's callback while the read models lag (ADR 0022): the webhook finds the payment
//! in the write-side `payment_orders`, written with `PaymentCreated`, so a callback for a
//! payment created a moment ago is credited — once, however many duplicates arrive — while
//! the projection host is held off and `rm_payments` has never heard of the payment.

use std::time::Duration;

use serde_json::json;

use super::{callback, create_payment, mock_xendit, open_invoice, xendit_ready};
use crate::helpers::{eventually, spawn_app};
use crate::lagging_answers::Hold;

#[tokio::test]
async fn a_callback_for_a_just_created_payment_is_credited_once_while_projections_lag() {
    let (mock, xendit) = mock_xendit::start().await;
    let app = spawn_app().await;
    let token = app.root_token().await;
    xendit_ready(&app, &token, mock).await;
    let invoice = open_invoice(&app, &token, "lag01").await;

    let hold = Hold::new(&app).await;
    let opened = create_payment(&app, &token, &invoice).await;
    let id = opened["paymentId"].as_str().unwrap().to_string();
    let order = opened["orderId"].as_str().unwrap().to_string();
    let in_read_model = format!("select count(*) from rm_payments where id = '{id}'");
    assert_eq!(app.count(&in_read_model).await, 0, "the read model lags");

    // A verified callback for an order Tagih never created is still refused.
    let mut stranger = xendit.pay(&order, 150000);
    stranger["external_id"] = json!("INV-NO-SUCH-ORDER-1");
    let r = callback(&app, "cb-token", &stranger).await;
    assert_eq!(r.status(), 404, "{}", r.text().await.unwrap());

    // The real one, five times at once: acknowledged every time, credited once.
    let paid = xendit.pay(&order, 150000);
    let statuses = futures::future::join_all(
        (0..5).map(|_| async { callback(&app, "cb-token", &paid).await.status().as_u16() }),
    )
    .await;
    assert_eq!(statuses, [200; 5]);
    let events = |t: &str, aggregate: &str| {
        format!(
            "select count(*) from events where event_type = '{t}' and aggregate_id = '{aggregate}'"
        )
    };
    assert_eq!(app.count(&events("PaymentCallbackReceived", &id)).await, 5);
    assert_eq!(
        app.count(&events("PaymentCompleted", &id)).await,
        1,
        "credited once"
    );
    assert_eq!(app.count(&events("InvoicePaid", &invoice)).await, 1);
    assert_eq!(
        app.count(&in_read_model).await,
        0,
        "all of it while the read model never saw the payment"
    );

    hold.release().await;
    let caught_up = eventually(Duration::from_secs(10), || async {
        app.count(&format!(
            "select count(*) from rm_payments where id = '{id}' and status = 'PAID'"
        ))
        .await
            == 1
    })
    .await;
    assert!(caught_up, "the read model catches up once released");
}
