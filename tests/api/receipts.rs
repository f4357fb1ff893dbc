//! Receipts: every payment an invoice applies gets one, numbered gap-free per year
//! (`KW/<year>/<n>`), with a printable page at `/receipts/<id>`.

use std::time::Duration;

use chrono::{Datelike, Duration as Span, Utc};
use serde_json::{Value, json};
use tagih_aggregates::billing_cycle::WIB;
use tagih_commands::{Metadata, receipts};

use crate::helpers::{TestApp, spawn_app};

async fn open_invoice(app: &TestApp, token: &str) -> String {
    let loc = app.location_with_profile(token).await;
    let c = crate::billing::customer_id(app, token, &loc, "Siti <Aminah>", "081234567890").await;
    let r = app.gql(Some(token), "mutation($c:String!,$s:DateTime!){ createSubscription(input:{customerId:$c, username:\"siti\", plan:{profile:\"10M\", price:\"150000\"}, startsAt:$s}) { id } }", json!({"c": c, "s": (Utc::now() - Span::days(3)).to_rfc3339()})).await;
    assert!(r["errors"].is_null(), "{r}");
    let s = r["data"]["createSubscription"]["id"].clone();
    let r = app
        .gql(
            Some(token),
            "mutation($s:String!){ issueInvoice(subscriptionId:$s) { id } }",
            json!({"s": s}),
        )
        .await;
    r["data"]["issueInvoice"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn cash(app: &TestApp, token: &str, invoice: &str, amount: &str, reference: &str) {
    let r = app.gql(Some(token), "mutation($i:String!,$a:Decimal!,$r:String!){ recordCashPayment(invoiceId:$i, amount:$a, reference:$r, asDebt:false) { status } }", json!({"i": invoice, "a": amount, "r": reference})).await;
    assert!(r["errors"].is_null(), "{r}");
}

async fn receipts_of(app: &TestApp, token: &str, invoice: &str, count: usize) -> Vec<Value> {
    let q = "query($i:String!){ receipts(invoiceId:$i) { id number paymentRef amount url } }";
    let start = std::time::Instant::now();
    loop {
        let r = app.gql(Some(token), q, json!({"i": invoice})).await;
        let rows = r["data"]["receipts"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if rows.len() == count {
            return rows;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "expected {count} receipts: {r}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[tokio::test]
async fn each_payment_gets_a_gap_free_receipt_number_and_a_printable_page() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let invoice = open_invoice(&app, &token).await;
    cash(&app, &token, &invoice, "100000", "KW-1").await;
    let year = Utc::now().with_timezone(&WIB).year();
    let first = receipts_of(&app, &token, &invoice, 1).await;
    assert_eq!(first[0]["number"], format!("KW/{year}/000001"));
    assert_eq!(first[0]["paymentRef"], "cash:KW-1");

    // Issuing again is a no-op; a refused issue (no such payment) takes no number.
    let meta = Metadata::system("test");
    let (number, _) = receipts::issue(&app.app.bus, &invoice, "cash:KW-1", Utc::now(), &meta)
        .await
        .unwrap();
    assert_eq!(number, format!("KW/{year}/000001"));
    let refused = receipts::issue(&app.app.bus, &invoice, "cash:NOPE", Utc::now(), &meta).await;
    assert!(refused.is_err());
    cash(&app, &token, &invoice, "50000", "KW-2").await;
    let both = receipts_of(&app, &token, &invoice, 2).await;
    assert_eq!(
        both[1]["number"],
        format!("KW/{year}/000002"),
        "no gap: {both:?}"
    );

    let page = app
        .client
        .get(format!("{}{}", app.url, both[0]["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(&format!("KW/{year}/000001")), "{html}");
    assert!(html.contains("Rp 100.000"), "{html}");
    assert!(
        html.contains("Siti &lt;Aminah&gt;"),
        "names are escaped: {html}"
    );
    let missing = app
        .client
        .get(format!("{}/receipts/nope", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    // The WhatsApp confirmation can link the receipt before it exists: its id is known.
    assert_eq!(
        both[0]["id"].as_str().unwrap(),
        receipts::receipt_id(&invoice, "cash:KW-1")
    );
}

#[tokio::test]
async fn the_payment_confirmation_links_the_receipt() {
    let mut settings =
        crate::whatsapp::settings_for(&crate::helpers::fresh_database().await, false).await;
    settings.whatsapp.public_url = "https://tagih.example.net/".into();
    let app = crate::whatsapp::spawn_on(settings).await;
    let token = app.root_token().await;
    let invoice = open_invoice(&app, &token).await;
    cash(&app, &token, &invoice, "150000", "KW-9").await;
    let link = format!(
        "https://tagih.example.net/receipts/{}",
        receipts::receipt_id(&invoice, "cash:KW-9")
    );
    let start = std::time::Instant::now();
    loop {
        let texts: Vec<String> = sqlx::query_scalar("select text from rm_wa_messages")
            .fetch_all(app.pool())
            .await
            .unwrap();
        if texts
            .iter()
            .any(|t| t.contains(&format!("Kuitansi: {link}")))
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "no confirmation with {link}: {texts:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // And the link works once the receipt is issued.
    let _ = receipts_of(&app, &token, &invoice, 1).await;
    let path = link.trim_start_matches("https://tagih.example.net");
    let page = app
        .client
        .get(format!("{}{path}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
}
