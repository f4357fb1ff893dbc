//! A gateway's callback while the read models lag (ADR 0022): the webhook finds the payment
//! in the write-side `payment_orders`, written with `PaymentCreated`, so a callback for a
//! payment created a moment ago is credited — once, however many duplicates arrive — while
//! the projection host is held off and `rm_payments` has never heard of the payment; and
//! the migration that adds the table fills it from the log for payments made before.

use std::time::Duration;

use serde_json::json;
use tagih_aggregates::payment::gateway_order_id;
use tagih_commands::payments::invoice_payment_id;

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

/// The statement of migration 20261213000001 that fills `payment_orders` from the log.
fn backfill_sql() -> &'static str {
    let migration = include_str!("../../../migrations/20261213000001_payment_orders.sql");
    let at = migration
        .find("insert into payment_orders")
        .expect("the migration backfills");
    &migration[at..]
}

#[tokio::test]
async fn payments_created_before_the_lookup_table_existed_are_found_after_the_backfill() {
    let (mock, xendit) = mock_xendit::start().await;
    let app = spawn_app().await;
    let token = app.root_token().await;
    xendit_ready(&app, &token, mock).await;
    let invoice = open_invoice(&app, &token, "old01").await;
    let opened = create_payment(&app, &token, &invoice).await;
    let id = opened["paymentId"].as_str().unwrap().to_string();
    let order = opened["orderId"].as_str().unwrap().to_string();

    // A database from before the table: the payment's row is missing, so its callback is
    // for an unknown order.
    sqlx::query("delete from payment_orders")
        .execute(app.pool())
        .await
        .unwrap();
    let paid = xendit.pay(&order, 150000);
    assert_eq!(callback(&app, "cb-token", &paid).await.status(), 404);

    sqlx::raw_sql(backfill_sql())
        .execute(app.pool())
        .await
        .unwrap();
    let row: (String, String) =
        sqlx::query_as("select plugin, payment_id from payment_orders where order_id = $1")
            .bind(&order)
            .fetch_one(app.pool())
            .await
            .unwrap();
    assert_eq!(row, ("xendit".to_string(), id.clone()));
    assert_eq!(callback(&app, "cb-token", &paid).await.status(), 200);
    let completed = format!(
        "select count(*) from events where event_type = 'PaymentCompleted' and aggregate_id = '{id}'"
    );
    assert_eq!(app.count(&completed).await, 1);
}

#[tokio::test]
async fn an_order_id_another_payment_holds_is_never_given_to_a_second_payment() {
    let (mock, _xendit) = mock_xendit::start().await;
    let app = spawn_app().await;
    let token = app.root_token().await;
    xendit_ready(&app, &token, mock).await;
    let invoice = open_invoice(&app, &token, "dup01").await;
    let number: String = sqlx::query_scalar(
        "select payload #>> '{InvoiceIssued,number}' from events
          where aggregate_id = $1 and event_type = 'InvoiceIssued'",
    )
    .bind(&invoice)
    .fetch_one(app.pool())
    .await
    .unwrap();
    let first_order = gateway_order_id(&number, 1).unwrap();
    // Some other payment holds the order id the first attempt would take.
    sqlx::query(
        "insert into payment_orders (order_id, plugin, payment_id) values ($1, 'xendit', 'other')",
    )
    .bind(&first_order)
    .execute(app.pool())
    .await
    .unwrap();

    let opened = create_payment(&app, &token, &invoice).await;
    assert_eq!(
        opened["orderId"].as_str().unwrap(),
        gateway_order_id(&number, 2).unwrap(),
        "the refused attempt is skipped: {opened}"
    );
    let first_attempt = invoice_payment_id(&invoice, 1);
    let events = format!("select count(*) from events where aggregate_id = '{first_attempt}'");
    assert_eq!(
        app.count(&events).await,
        0,
        "no event without its order row"
    );
    let holder: String =
        sqlx::query_scalar("select payment_id from payment_orders where order_id = $1")
            .bind(&first_order)
            .fetch_one(app.pool())
            .await
            .unwrap();
    assert_eq!(holder, "other");
}
