//! The dashboard's overview: today's and this month's money in each location's own day,
//! voucher, subscription, invoice and payment counts, and `overviewChanged` pushing new
//! figures after the read models commit.

use std::time::Duration;

use chrono::{Datelike, Duration as Span, FixedOffset, Utc};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use crate::finance::{activate, batch, location_in, money};
use crate::helpers::{TestApp, spawn_app};
use crate::subscriptions::WsClient;

const FIGURES: &str = "revenueToday profitToday revenueMonth profitMonth vouchersGeneratedToday vouchersActivatedToday vouchersExpiredToday subscriptionsActive subscriptionsGrace subscriptionsDisabled invoicesOpen invoicesOpenTotal invoicesOverdue invoicesOverdueTotal paymentsInReview";

async fn overview(app: &TestApp, token: &str) -> Value {
    let r = app
        .gql(
            Some(token),
            &format!("{{ overview {{ {FIGURES} }} }}"),
            json!({}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["overview"].clone()
}

/// Waits for a pushed overview that satisfies `done`; returns it.
async fn pushed(ws: &mut WsClient, id: &str, done: impl Fn(&Value) -> bool) -> Value {
    loop {
        let data = ws
            .next(id, Duration::from_secs(10))
            .await
            .expect("no overview pushed in time");
        if done(&data["overviewChanged"]) {
            return data["overviewChanged"].clone();
        }
    }
}

#[tokio::test]
async fn the_overview_counts_each_locations_today_and_is_pushed_after_commits() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let start = overview(&app, &token).await;
    assert_eq!(money(&start["revenueToday"]), Decimal::ZERO);
    assert_eq!(start["vouchersGeneratedToday"], 0);

    let mut ws = WsClient::connect(&app, Some(&token)).await;
    let id = ws
        .subscribe(
            &format!("subscription {{ overviewChanged {{ {FIGURES} }} }}"),
            json!({}),
        )
        .await;
    let first = pushed(&mut ws, &id, |_| true).await;
    assert_eq!(first, start, "the current figures first");

    // Jakarta (WIB, +7): one login now, one half an hour before today's local midnight.
    let wib = location_in(&app, &token, "Jakarta", "WIB", "ACTIVATION").await;
    let (_, v) = batch(&app, &token, &wib, 3).await;
    activate(&app, &token, &v[0], Utc::now() - Span::minutes(1)).await;
    let zone = FixedOffset::east_opt(7 * 3600).unwrap();
    let local_now = Utc::now().with_timezone(&zone);
    let midnight = local_now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(zone)
        .unwrap()
        .with_timezone(&Utc);
    activate(&app, &token, &v[1], midnight - Span::minutes(30)).await;

    // Yesterday's login is this month's unless today is the 1st, locally.
    let month = if local_now.day() == 1 {
        dec!(5000)
    } else {
        dec!(10000)
    };
    let seen = pushed(&mut ws, &id, |o| {
        o["vouchersActivatedToday"] == 1
            && o["vouchersGeneratedToday"] == 3
            && money(&o["revenueMonth"]) == month
    })
    .await;
    assert_eq!(money(&seen["revenueToday"]), dec!(5000));
    assert_eq!(money(&seen["profitToday"]), dec!(1500));
    assert_eq!(
        money(&seen["profitMonth"]),
        month - month / dec!(5000) * dec!(3500)
    );
    assert_eq!(overview(&app, &token).await, seen, "query and push agree");

    // A subscriber with an open invoice.
    let c = crate::billing::customer_id(&app, &token, &wib, "Budi", "081234567890").await;
    let r = app.gql(Some(&token), "mutation($c:String!,$s:DateTime!){ createSubscription(input:{customerId:$c, username:\"budi\", plan:{profile:\"10M\", price:\"150000\"}, startsAt:$s}) { id } }", json!({"c": c, "s": (Utc::now() - Span::days(3)).to_rfc3339()})).await;
    assert!(r["errors"].is_null(), "{r}");
    let s = r["data"]["createSubscription"]["id"].clone();
    let r = app
        .gql(
            Some(&token),
            "mutation($s:String!){ issueInvoice(subscriptionId:$s) { id } }",
            json!({"s": s}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let seen = pushed(&mut ws, &id, |o| {
        o["invoicesOpen"] == 1 && o["subscriptionsActive"] == 1
    })
    .await;
    assert_eq!(money(&seen["invoicesOpenTotal"]), dec!(150000));
    assert_eq!(seen["invoicesOverdue"], 0, "due at the period's end");
}
