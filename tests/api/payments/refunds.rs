//! Refunds reach the gateway (ADR 0028): `refundPayment` on a Xendit payment asks Xendit's
//! Refund API (the mock checks the wire format) and records the answer — a refund made
//! reverses the ledger once, a refusal changes no money and is the error REFUND_REFUSED,
//! and retries (the same `refundRef`, the same `Idempotency-Key`, at once or later) call
//! the gateway once. Midtrans the same way through its `refund_key`. Cash payments and
//! `recordOnly` refunds ask no gateway.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::mock_midtrans::{self, Midtrans};
use super::mock_xendit::{self, Xendit};
use super::{callback, create_payment, open_invoice, xendit_ready};
use crate::helpers::{TestApp, code, eventually, spawn_app};
use crate::retries::at_once;

const REFUND: &str = "mutation($p:String!, $a:Decimal!, $r:String!){ refundPayment(paymentId:$p, amount:$a, reason:\"pelanggan pindah\", refundRef:$r) { id status refundedTotal } }";

fn count(event_type: &str) -> String {
    format!("select count(*) from events where event_type = '{event_type}'")
}

/// A Xendit payment of the 150,000 invoice, paid through a verified callback.
async fn paid_at_xendit(app: &TestApp, token: &str, username: &str) -> (String, Arc<Xendit>) {
    let (addr, xendit) = mock_xendit::start().await;
    xendit_ready(app, token, addr).await;
    let invoice = open_invoice(app, token, username).await;
    let opened = create_payment(app, token, &invoice).await;
    let paid = xendit.pay(opened["orderId"].as_str().unwrap(), 150000);
    assert_eq!(callback(app, "cb-token", &paid).await.status(), 200);
    let id = opened["paymentId"].as_str().unwrap().to_string();
    let completed = eventually(Duration::from_secs(10), || async {
        app.count(&count("InvoicePaid")).await == 1
    })
    .await;
    assert!(completed, "the invoice is paid");
    (id, xendit)
}

async fn refund(app: &TestApp, token: &str, id: &str, amount: &str, refund_ref: &str) -> Value {
    app.gql(
        Some(token),
        REFUND,
        json!({"p": id, "a": amount, "r": refund_ref}),
    )
    .await
}

fn refunded_total(r: &Value) -> rust_decimal::Decimal {
    r["data"]["refundPayment"]["refundedTotal"]
        .as_str()
        .unwrap_or_else(|| panic!("no refundedTotal: {r}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_refund_made_at_xendit_reverses_the_ledger_once() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (id, xendit) = paid_at_xendit(&app, &token, "rf01").await;

    let r = refund(&app, &token, &id, "50000", "RF-1").await;
    assert!(r["errors"].is_null(), "{r}");
    assert_eq!(refunded_total(&r), rust_decimal::Decimal::from(50000));
    assert_eq!(r["data"]["refundPayment"]["status"], "PAID", "partial: {r}");
    // The call on the wire: the invoice's id, our ref, an integer amount, the key.
    let calls = xendit.refund_calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let (key, body) = &calls[0];
    assert!(key.starts_with("refund-") && key.len() == 39, "{key}");
    assert_eq!(body["invoice_id"], "inv_1");
    assert_eq!(body["reference_id"], "RF-1");
    assert_eq!(body["amount"], 50000);
    assert_eq!(body["metadata"]["note"], "pelanggan pindah");
    assert_eq!(app.count(&count("PaymentRefundRequested")).await, 1);
    assert_eq!(app.count(&count("PaymentRefunded")).await, 1);
    assert_eq!(
        app.count(&count("DebtRecorded")).await,
        1,
        "ledger reversed"
    );
    let gateway_id = app
        .count("select count(*) from events where event_type = 'PaymentRefunded' and payload::text like '%rfd-1%'")
        .await;
    assert_eq!(gateway_id, 1, "the gateway's refund id is kept");

    // A retry (the client never saw the answer): the same answer, no second call.
    let again = refund(&app, &token, &id, "50000", "RF-1").await;
    assert!(again["errors"].is_null(), "{again}");
    assert_eq!(refunded_total(&again), rust_decimal::Decimal::from(50000));
    assert_eq!(xendit.refund_call_count(), 1);
    assert_eq!(app.count(&count("DebtRecorded")).await, 1, "reversed once");
    // The ref cannot carry another amount; the rest is refundable under a new ref.
    let reused = refund(&app, &token, &id, "60000", "RF-1").await;
    assert_eq!(code(&reused), "CONFLICT", "{reused}");
    let rest = refund(&app, &token, &id, "100000", "RF-2").await;
    assert!(rest["errors"].is_null(), "{rest}");
    assert_eq!(
        rest["data"]["refundPayment"]["status"], "REFUNDED",
        "{rest}"
    );
    assert_eq!(xendit.refund_call_count(), 2);
    let over = refund(&app, &token, &id, "1000", "RF-3").await;
    assert_eq!(code(&over), "REJECTED", "{over}");
    assert_eq!(xendit.refund_call_count(), 2, "nothing left: no call");
}

#[tokio::test]
async fn a_refund_xendit_refuses_is_recorded_with_its_reason_and_moves_no_money() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (id, xendit) = paid_at_xendit(&app, &token, "rf02").await;
    *xendit.refuse_refunds.lock().unwrap() = Some((
        400,
        "INELIGIBLE_TRANSACTION",
        "Virtual account payments cannot be refunded",
    ));

    let r = refund(&app, &token, &id, "150000", "RF-1").await;
    assert_eq!(code(&r), "REFUND_REFUSED", "{r}");
    let message = r["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("INELIGIBLE_TRANSACTION: Virtual account payments cannot be refunded"),
        "{message}"
    );
    assert_eq!(app.count(&count("PaymentRefundRefused")).await, 1);
    assert_eq!(app.count(&count("PaymentRefunded")).await, 0);
    assert_eq!(
        app.count(&count("DebtRecorded")).await,
        0,
        "ledger untouched"
    );
    let p = app
        .gql(
            Some(&token),
            "query($p:String!){ payment(id:$p) { status refundedTotal } }",
            json!({"p": id}),
        )
        .await;
    assert_eq!(p["data"]["payment"]["status"], "PAID", "{p}");
    assert_eq!(
        p["data"]["payment"]["refundedTotal"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap(),
        rust_decimal::Decimal::ZERO
    );
    // Asking again with the same ref answers the refusal without asking Xendit again.
    let again = refund(&app, &token, &id, "150000", "RF-1").await;
    assert_eq!(code(&again), "REFUND_REFUSED", "{again}");
    assert_eq!(xendit.refund_call_count(), 1);
    // Money returned another way is recorded under a new ref (and asks no gateway).
    let r = app
        .gql(Some(&token), "mutation($p:String!){ refundPayment(paymentId:$p, amount:\"150000\", reason:\"tunai\", refundRef:\"RF-CASH\", recordOnly:true) { status } }", json!({"p": id}))
        .await;
    assert_eq!(r["data"]["refundPayment"]["status"], "REFUNDED", "{r}");
    assert_eq!(xendit.refund_call_count(), 1);
    assert_eq!(app.count(&count("DebtRecorded")).await, 1);
}

#[tokio::test]
async fn concurrent_retries_of_one_refund_call_the_gateway_once() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (id, xendit) = paid_at_xendit(&app, &token, "rf03").await;

    // Twenty copies of one refund at once, no idempotency key: the refund ref decides.
    let calls = (0..20).map(|_| refund(&app, &token, &id, "40000", "RF-A"));
    let answers = futures::future::join_all(calls).await;
    for a in &answers {
        assert!(a["errors"].is_null(), "{a}");
        assert_eq!(refunded_total(a), rust_decimal::Decimal::from(40000), "{a}");
    }
    assert_eq!(xendit.refund_call_count(), 1, "one call to the gateway");
    assert_eq!(app.count(&count("PaymentRefunded")).await, 1);
    assert_eq!(app.count(&count("DebtRecorded")).await, 1);

    // Ten copies with one Idempotency-Key: one run, the rest replay its answer.
    let vars = json!({"p": id, "a": "30000", "r": "RF-B"});
    let keyed = at_once(&app, &token, "refund-7f1e", REFUND, vars, 10).await;
    let first = keyed[0].clone();
    assert_eq!(first.status, 200, "{first:?}");
    assert!(first.json()["errors"].is_null(), "{first:?}");
    assert!(keyed.iter().all(|a| a.body == first.body), "{keyed:?}");
    assert_eq!(xendit.refund_call_count(), 2, "one more call for RF-B");
    assert_eq!(app.count(&count("PaymentRefunded")).await, 2);
    assert_eq!(app.count(&count("DebtRecorded")).await, 2);
}

#[tokio::test]
async fn a_refund_still_processing_is_asked_again_with_the_same_key_and_made_once() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (id, xendit) = paid_at_xendit(&app, &token, "rf04").await;
    *xendit.refund_status.lock().unwrap() = Some("PENDING");

    let r = refund(&app, &token, &id, "150000", "RF-1").await;
    assert_eq!(code(&r), "REFUND_PENDING", "{r}");
    assert_eq!(app.count(&count("PaymentRefundUnresolved")).await, 1);
    assert_eq!(app.count(&count("DebtRecorded")).await, 0);
    // Nothing else may be refunded meanwhile: the open request holds the amount.
    let other = refund(&app, &token, &id, "1000", "RF-2").await;
    assert_eq!(code(&other), "REJECTED", "{other}");

    xendit.finish_refunds();
    let r = refund(&app, &token, &id, "150000", "RF-1").await;
    assert!(r["errors"].is_null(), "{r}");
    assert_eq!(r["data"]["refundPayment"]["status"], "REFUNDED", "{r}");
    let calls = xendit.refund_calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 2, "asked again");
    assert_eq!(calls[0].0, calls[1].0, "with the same idempotency key");
    assert_eq!(
        xendit.refunds.lock().unwrap().len(),
        1,
        "one refund at Xendit"
    );
    assert_eq!(app.count(&count("PaymentRefunded")).await, 1);
    assert_eq!(app.count(&count("DebtRecorded")).await, 1);
}

#[tokio::test]
async fn a_cash_refund_is_recorded_without_a_gateway() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let invoice = open_invoice(&app, &token, "rf05").await;
    let r = app
        .gql(
            Some(&token),
            "mutation($i:String!){ createPayment(invoiceId:$i, method:\"manual\") { paymentId } }",
            json!({"i": invoice}),
        )
        .await;
    let id = r["data"]["createPayment"]["paymentId"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .gql(Some(&token), "mutation($p:String!){ confirmManualPayment(paymentId:$p, amount:\"150000\", reference:\"KW-9\") { status } }", json!({"p": id}))
        .await;
    assert_eq!(r["data"]["confirmManualPayment"]["status"], "PAID", "{r}");
    let r = refund(&app, &token, &id, "150000", "RF-1").await;
    assert!(r["errors"].is_null(), "{r}");
    assert_eq!(r["data"]["refundPayment"]["status"], "REFUNDED", "{r}");
    assert_eq!(app.count(&count("PaymentRefundRequested")).await, 0);
    assert_eq!(app.count(&count("PaymentRefunded")).await, 1);
    assert_eq!(app.count(&count("DebtRecorded")).await, 1);
}

/// The built-in Midtrans pointed at the mock (its host added by the super admin), and a
/// payment of the 150,000 invoice settled through a signed notification.
async fn paid_at_midtrans(app: &TestApp, token: &str) -> (String, Arc<Midtrans>) {
    let (addr, midtrans) = mock_midtrans::start().await;
    let r = app
        .gql(
            Some(token),
            "mutation($h:[String!]!){ setPluginExtraHosts(plugin:\"midtrans\", hosts:$h) { extraHosts } }",
            json!({"h": [format!("127.0.0.1:{}", addr.port())]}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let r = app
        .gql(
            Some(token),
            "mutation($s:[SettingInput!]!){ updatePluginSettings(name:\"midtrans\", settings:$s) { settingsValid } }",
            json!({"s": [
                {"key": "server_key", "value": mock_midtrans::SERVER_KEY},
                {"key": "sandbox", "value": "true"},
                {"key": "api_base", "value": format!("http://{addr}")},
            ]}),
        )
        .await;
    assert_eq!(
        r["data"]["updatePluginSettings"]["settingsValid"], true,
        "{r}"
    );
    let r = app
        .gql(
            Some(token),
            "mutation{ setPluginActive(name:\"midtrans\", active:true) { active } }",
            json!({}),
        )
        .await;
    assert_eq!(r["data"]["setPluginActive"]["active"], true, "{r}");
    let invoice = open_invoice(app, token, "rfmt01").await;
    let r = app
        .gql(Some(token), "mutation($i:String!){ createPayment(invoiceId:$i, method:\"midtrans\", channel:\"gopay\") { paymentId orderId } }", json!({"i": invoice}))
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let opened = &r["data"]["createPayment"];
    let notification = midtrans.settle(opened["orderId"].as_str().unwrap());
    let answer = app
        .client
        .post(format!("{}/webhooks/payments/midtrans", app.url))
        .json(&notification)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let completed = eventually(Duration::from_secs(10), || async {
        app.count(&count("InvoicePaid")).await == 1
    })
    .await;
    assert!(completed, "the invoice is paid");
    (opened["paymentId"].as_str().unwrap().to_string(), midtrans)
}

#[tokio::test]
async fn a_refund_at_midtrans_is_made_once_with_its_refund_key_and_a_refusal_says_why() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (id, midtrans) = paid_at_midtrans(&app, &token).await;

    let r = refund(&app, &token, &id, "50000", "RF-1").await;
    assert!(r["errors"].is_null(), "{r}");
    assert_eq!(refunded_total(&r), rust_decimal::Decimal::from(50000));
    let again = refund(&app, &token, &id, "50000", "RF-1").await;
    assert!(again["errors"].is_null(), "{again}");
    let calls = midtrans.refund_calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1, "a retry asks Midtrans nothing: {calls:?}");
    assert_eq!(calls[0]["amount"], 50000);
    assert_eq!(calls[0]["reason"], "pelanggan pindah");
    assert!(
        calls[0]["refund_key"]
            .as_str()
            .unwrap()
            .starts_with("refund-")
    );
    let kept = app
        .count("select count(*) from events where event_type = 'PaymentRefunded' and payload->'PaymentRefunded'->>'gateway_refund_id' = '53125'")
        .await;
    assert_eq!(kept, 1, "Midtrans's refund id is kept");

    *midtrans.refuse_refunds.lock().unwrap() = Some((
        "412",
        "Merchant cannot modify the status of the transaction",
    ));
    let refused = refund(&app, &token, &id, "100000", "RF-2").await;
    assert_eq!(code(&refused), "REFUND_REFUSED", "{refused}");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("412: Merchant cannot modify the status of the transaction"),
        "{refused}"
    );
    assert_eq!(app.count(&count("PaymentRefunded")).await, 1);
    assert_eq!(app.count(&count("DebtRecorded")).await, 1, "reversed once");
}
