//! Rebuilding the billing read models from the log gives the rows the live projections
//! wrote, and applying the log twice changes nothing.

use std::time::Duration;

use serde_json::{Value, json};
use tagih_replay::rebuild;

use super::{billed, issue, ok, pay, search};
use crate::helpers::{TestApp, eventually, spawn_app};

const BILLING_TABLES: [&str; 7] = [
    "rm_customers",
    "rm_customer_ledger",
    "rm_subscriptions",
    "rm_invoices",
    "rm_finance_ledger",
    "rm_finance_sources",
    "rm_finance_daily",
];
const BILLING_PROJECTIONS: [&str; 5] = [
    "customers",
    "customer_ledger",
    "subscriptions",
    "invoices",
    "finance_ledger",
];

async fn billing_rows(app: &TestApp) -> Value {
    let mut all = serde_json::Map::new();
    for t in BILLING_TABLES {
        let rows: Option<Value> = sqlx::query_scalar(&format!(
            "select json_agg(t order by t::text) from (select * from {t}) t"
        ))
        .fetch_one(app.pool())
        .await
        .unwrap();
        all.insert(t.to_string(), rows.unwrap_or(json!([])));
    }
    Value::Object(all)
}

async fn billing_caught_up(app: &TestApp) {
    let ok = eventually(Duration::from_secs(15), || async {
        app.count("select count(*) from projection_checkpoint where name in ('customers', 'customer_ledger', 'subscriptions', 'invoices') and position >= (select max(position) from events)").await == 4
    })
    .await;
    assert!(ok, "billing projections did not catch up");
}

#[tokio::test]
async fn rebuilding_the_billing_read_models_gives_the_same_rows() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (c, s, invoice) = billed(&app, &token).await;
    let id = invoice["id"].as_str().unwrap();
    ok(
        &pay(&app, &token, id, "100000", "KW-7", false).await,
        "recordCashPayment",
    );
    ok(
        &pay(&app, &token, id, "80000", "KW-8", false).await,
        "recordCashPayment",
    );
    let next = issue(&app, &token, s["id"].as_str().unwrap()).await;
    ok(
        &pay(
            &app,
            &token,
            next["id"].as_str().unwrap(),
            "90000",
            "KW-9",
            true,
        )
        .await,
        "recordCashPayment",
    );
    let third = issue(&app, &token, s["id"].as_str().unwrap()).await;
    let r = app
        .gql(
            Some(&token),
            "mutation($i:String!){ voidInvoice(id:$i, reason:\"double\") { status } }",
            json!({"i": third["id"]}),
        )
        .await;
    assert_eq!(ok(&r, "voidInvoice")["status"], "VOID");
    let r = app
        .gql(
            Some(&token),
            "mutation($c:String!){ updateCustomer(id:$c, input:{name:\"Budi S.\", email:\"Budi@Example.com\"}) { name email } }",
            json!({"c": c}),
        )
        .await;
    assert_eq!(ok(&r, "updateCustomer")["email"], "budi@example.com");
    let r = app
        .gql(
            Some(&token),
            "mutation($s:String!){ cancelSubscription(id:$s, reason:\"moved away\") { status } }",
            json!({"s": s["id"]}),
        )
        .await;
    assert_eq!(ok(&r, "cancelSubscription")["status"], "CANCELLED");
    billing_caught_up(&app).await;
    let before = billing_rows(&app).await;
    let totals = &before["rm_customers"][0];
    assert_eq!(
        (totals["balance"].as_f64(), totals["debt"].as_f64()),
        (Some(30000.0), Some(60000.0))
    );
    // The finance ledger: what paid the invoices is revenue (100,000 + the 50,000 of 80,000
    // that the first invoice still needed + 90,000); the 30,000 over is credit, the 60,000
    // short is debt — neither is revenue yet.
    let ledger: Vec<(String, String, String)> = sqlx::query_as(
        "select kind, method, revenue::text from rm_finance_ledger order by occurred_at, id",
    )
    .fetch_all(app.pool())
    .await
    .unwrap();
    let cash = |r: &str| ("SALE".to_string(), "cash".to_string(), r.to_string());
    assert_eq!(
        ledger,
        vec![cash("100000.00"), cash("50000.00"), cash("90000.00")]
    );

    // Applying the whole log again changes nothing.
    let mut tx = app.pool().begin().await.unwrap();
    let events =
        tagih_replay::feed::read_after(&mut tx, tagih_replay::LogCursor::START, i64::MAX, 100_000)
            .await
            .unwrap();
    let projections = tagih_projections::all();
    let billing: Vec<_> = projections
        .iter()
        .filter(|p| BILLING_PROJECTIONS.contains(&p.name()))
        .collect();
    assert_eq!(billing.len(), 5);
    for p in &billing {
        p.apply(&mut tx, &events).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(billing_rows(&app).await, before);

    for p in &billing {
        rebuild::rebuild(app.pool(), p.as_ref(), |_| {})
            .await
            .unwrap();
    }
    assert_eq!(billing_rows(&app).await, before);
    // Search still uses the rebuilt tables and their indexes.
    assert_eq!(search(&app, &token, "budi").await, ["Budi S."]);
}
