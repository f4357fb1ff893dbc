//! A retried payment mutation never opens a second payment: the mutations answer from
//! their own events while the read model lags, and one `Idempotency-Key` opens one payment
//! at the gateway however many copies of `createPayment` arrive at once.

use std::time::Duration;

use serde_json::json;

use super::{mock_xendit, open_invoice, xendit_ready};
use crate::helpers::{code, eventually, spawn_app};
use crate::retries::{at_once, hold_horizon, keyed, spawn_impatient};

#[tokio::test]
async fn payment_mutations_answer_from_their_events_while_the_read_model_lags() {
    let app = spawn_impatient().await;
    let token = app.root_token().await;
    let invoice = open_invoice(&app, &token, "lag01").await;
    let held = hold_horizon(&app).await;

    let r = app
        .gql(Some(&token), "mutation($i:String!){ createPayment(invoiceId:$i, method:\"manual\") { paymentId orderId total } }", json!({"i": invoice}))
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let opened = &r["data"]["createPayment"];
    assert_eq!(opened["total"], "150000", "{r}");
    let id = opened["paymentId"].as_str().unwrap().to_string();
    // The lag was real: the read model has not seen the payment yet.
    let read = app
        .gql(
            Some(&token),
            "query($p:String!){ payment(id:$p) { id } }",
            json!({"p": id}),
        )
        .await;
    assert!(read["errors"].is_null(), "{read}");
    assert!(read["data"]["payment"].is_null(), "{read}");

    let r = app
        .gql(Some(&token), "mutation($p:String!){ confirmManualPayment(paymentId:$p, amount:\"150000\", reference:\"KW-LAG\") { id status paidAmount invoiceId orderId total } }", json!({"p": id}))
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let paid = &r["data"]["confirmManualPayment"];
    assert_eq!(paid["id"], id.as_str());
    assert_eq!(paid["status"], "PAID", "{r}");
    // As `rm_payments` holds it (numeric(16, 2)), so the later query answers the same.
    assert_eq!(paid["paidAmount"], "150000.00", "{r}");
    assert_eq!(paid["invoiceId"], invoice.as_str(), "{r}");
    assert_eq!(paid["orderId"], opened["orderId"], "{r}");

    drop(held);
    let projected = eventually(Duration::from_secs(10), || async {
        app.count(&format!(
            "select count(*) from rm_payments where id = '{id}' and status = 'PAID'"
        ))
        .await
            == 1
    })
    .await;
    assert!(
        projected,
        "the read model catches up once the transaction ends"
    );
}

const CREATE: &str = "mutation($i:String!){ createPayment(invoiceId:$i, method:\"xendit\", channel:\"BCA\") { paymentId orderId total payUrl } }";

#[tokio::test]
async fn fifty_concurrent_create_payments_with_one_key_open_one_gateway_payment() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (addr, gateway) = mock_xendit::start().await;
    xendit_ready(&app, &token, addr).await;
    let invoice = open_invoice(&app, &token, "idem01").await;
    let vars = json!({"i": invoice});

    let answers = at_once(&app, &token, "pay-0c9d", CREATE, vars.clone(), 50).await;
    let first = answers[0].clone();
    assert_eq!(first.status, 200, "{first:?}");
    let body = first.json();
    assert!(body["errors"].is_null(), "{body}");
    assert!(
        body["data"]["createPayment"]["payUrl"].is_string(),
        "{body}"
    );
    assert!(
        answers
            .iter()
            .all(|a| a.body == first.body && a.status == 200),
        "answers differ: {answers:?}"
    );
    assert_eq!(answers.iter().filter(|a| !a.replayed).count(), 1);
    assert_eq!(
        gateway.creates.lock().unwrap().len(),
        1,
        "one gateway payment"
    );
    let created = app
        .count("select count(*) from events where event_type = 'PaymentCreated'")
        .await;
    assert_eq!(created, 1);

    // The same key for another invoice is refused, and opens nothing.
    let other = keyed(&app, &token, "pay-0c9d", CREATE, json!({"i": "INV-OTHER"})).await;
    assert_eq!(other.status, 422, "{other:?}");
    assert_eq!(code(&other.json()), "IDEMPOTENCY_MISMATCH");
    assert_eq!(gateway.creates.lock().unwrap().len(), 1);
    // Without a key each call is a new attempt, as before.
    let r = app.gql(Some(&token), CREATE, vars).await;
    assert!(r["errors"].is_null(), "{r}");
    assert_eq!(gateway.creates.lock().unwrap().len(), 2);
}
