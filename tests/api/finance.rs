//! Money the operator can trust: voucher sales as ledger entries (at first login, or when a
//! batch is sold to a reseller), refunds reversing them, and the finance report cutting days
//! at each location's own midnight; rows sum to the total and to the ledger.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Duration as Span, FixedOffset, NaiveDate, Utc};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use crate::helpers::{TestApp, code, eventually, spawn_app};

pub fn money(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("not money: {v}"))).unwrap()
}

pub async fn location_in(app: &TestApp, token: &str, name: &str, zone: &str, sale: &str) -> String {
    let r = app.gql(Some(token), "mutation($n:String!,$z:String!,$s:SaleRecognitionName!){ createLocation(input:{name:$n, host:\"10.0.0.1\", username:\"api\", password:\"router-pass\", timeZone:$z, saleRecognition:$s}) { id timeZone saleRecognition } }", json!({"n": name, "z": zone, "s": sale})).await;
    assert!(r["errors"].is_null(), "{r}");
    app.create_profile(
        token,
        r["data"]["createLocation"]["id"].as_str().unwrap(),
        "1 Hari",
    )
    .await;
    r["data"]["createLocation"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A batch's id and its vouchers' ids.
pub async fn batch(app: &TestApp, token: &str, loc: &str, count: i64) -> (String, Vec<String>) {
    let r = app.generate(token, loc, "1 Hari", count).await;
    assert!(r["errors"].is_null(), "{r}");
    let g = &r["data"]["generateVouchers"];
    let ids = g["vouchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    (g["id"].as_str().unwrap().to_string(), ids)
}

pub async fn activate(app: &TestApp, token: &str, id: &str, at: DateTime<Utc>) {
    let r = app
        .gql(
            Some(token),
            "mutation($id:String!,$at:DateTime!){ activateVoucher(id:$id, firstLoginAt:$at) }",
            json!({"id": id, "at": at.to_rfc3339()}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
}

/// The latest 15:00 UTC — midnight in Jayapura (WIT, +9), 22:00 in Jakarta (WIB, +7) — at
/// least an hour in the past, so half an hour either side of it is in the past too.
fn wit_midnight() -> DateTime<Utc> {
    let now = Utc::now() - Span::hours(1);
    let today = now.date_naive().and_hms_opt(15, 0, 0).unwrap().and_utc();
    if today <= now {
        today
    } else {
        today - Span::days(1)
    }
}

fn local_day(at: DateTime<Utc>, hours: i32) -> String {
    at.with_timezone(&FixedOffset::east_opt(hours * 3600).unwrap())
        .date_naive()
        .to_string()
}

const REPORT: &str = "query($f:NaiveDate!,$t:NaiveDate!,$g:FinanceGrouping!,$l:String){ financeReport(from:$f, to:$t, groupBy:$g, locationId:$l) { rows { key count revenue cost profit refunds net } total { count revenue cost profit refunds net } } }";

async fn report(
    app: &TestApp,
    token: &str,
    from: NaiveDate,
    to: NaiveDate,
    group: &str,
    loc: Option<&str>,
) -> Value {
    let r = app
        .gql(
            Some(token),
            REPORT,
            json!({"f": from, "t": to, "g": group, "l": loc}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["financeReport"].clone()
}

/// Each group's row, by key: (count, revenue, cost, refunds).
fn rows(report: &Value) -> Vec<(String, i64, Decimal, Decimal, Decimal)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap().to_string(),
                r["count"].as_i64().unwrap(),
                money(&r["revenue"]),
                money(&r["cost"]),
                money(&r["refunds"]),
            )
        })
        .collect()
}

/// The rows sum to the total, and profit and net follow from it.
fn assert_sums(report: &Value) {
    let t = &report["total"];
    let rows = rows(report);
    assert_eq!(
        rows.iter().map(|r| r.1).sum::<i64>(),
        t["count"].as_i64().unwrap()
    );
    assert_eq!(
        rows.iter().map(|r| r.2).sum::<Decimal>(),
        money(&t["revenue"])
    );
    assert_eq!(rows.iter().map(|r| r.3).sum::<Decimal>(), money(&t["cost"]));
    assert_eq!(
        rows.iter().map(|r| r.4).sum::<Decimal>(),
        money(&t["refunds"])
    );
    assert_eq!(
        money(&t["profit"]),
        money(&t["revenue"]) - money(&t["cost"])
    );
    assert_eq!(money(&t["net"]), money(&t["profit"]) - money(&t["refunds"]));
}

async fn settled(app: &TestApp, entries: i64) {
    let ok = eventually(Duration::from_secs(10), || async {
        app.count("select count(*) from rm_finance_ledger").await == entries
    })
    .await;
    assert!(ok, "the ledger never held {entries} entries");
}

#[tokio::test]
async fn voucher_sales_are_revenue_once_and_reports_cut_days_at_each_locations_midnight() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let wib = location_in(&app, &token, "Jakarta", "WIB", "ACTIVATION").await;
    let wit = location_in(&app, &token, "Jayapura", "Asia/Jayapura", "ACTIVATION").await;
    let handover = location_in(&app, &token, "Makassar", "WITA", "HANDOVER").await;
    let midnight = wit_midnight();
    let (before, after) = (midnight - Span::minutes(30), midnight + Span::minutes(30));

    // Jayapura: one sale each side of its midnight; Jakarta: one at 22:30 local.
    let (_, w) = batch(&app, &token, &wit, 2).await;
    activate(&app, &token, &w[0], before).await;
    activate(&app, &token, &w[1], after).await;
    activate(&app, &token, &w[1], after + Span::minutes(5)).await; // the first login wins
    let (_, j) = batch(&app, &token, &wib, 1).await;
    activate(&app, &token, &j[0], after).await;
    // A handover location's first logins are no sales.
    let (_, h) = batch(&app, &token, &handover, 1).await;
    activate(&app, &token, &h[0], after).await;
    settled(&app, 3).await;

    let first = NaiveDate::from_str(&local_day(before, 9)).unwrap();
    let day = report(
        &app,
        &token,
        first - Span::days(1),
        first + Span::days(1),
        "DAY",
        None,
    )
    .await;
    assert_sums(&day);
    let by_day = rows(&day);
    let d0 = local_day(before, 9);
    let d1 = local_day(after, 9);
    assert_ne!(d0, d1, "the two sales straddle Jayapura's midnight");
    assert_eq!(
        local_day(after, 7),
        d0,
        "Jakarta's sale is still the day before"
    );
    assert_eq!(
        by_day,
        vec![
            (d0, 2, dec!(10000), dec!(7000), dec!(0)),
            (d1, 1, dec!(5000), dec!(3500), dec!(0)),
        ]
    );
    assert_eq!(money(&day["total"]["profit"]), dec!(4500));
    // One location only.
    let only = report(
        &app,
        &token,
        first - Span::days(1),
        first + Span::days(1),
        "DAY",
        Some(&wit),
    )
    .await;
    assert_eq!(only["total"]["count"], 2);

    // A reseller buys a batch at 4,500 a voucher; one voucher was revoked before: never
    // revenue. A sold voucher's first login is no second sale.
    let (b, v) = batch(&app, &token, &wib, 4).await;
    let r = app
        .gql(
            Some(&token),
            "mutation($id:String!){ revokeVoucher(id:$id, reason:\"lost\") }",
            json!({"id": v[0]}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let sell = "mutation($b:String!,$p:Decimal){ sellVoucherBatch(batchId:$b, reseller:\"Warung Bu Sri\", agreedPrice:$p) }";
    let r = app
        .gql(Some(&token), sell, json!({"b": b, "p": "4500"}))
        .await;
    assert_eq!(r["data"]["sellVoucherBatch"], 3, "{r}");
    let r = app
        .gql(Some(&token), sell, json!({"b": b, "p": "4000"}))
        .await;
    assert_eq!(code(&r), "REJECTED", "a batch goes to one reseller: {r}");
    activate(&app, &token, &v[1], Utc::now() - Span::minutes(1)).await;
    settled(&app, 6).await;
    let today = Utc::now().date_naive();
    let range = (first - Span::days(1), today + Span::days(1));
    let method = report(&app, &token, range.0, range.1, "METHOD", None).await;
    assert_sums(&method);
    assert_eq!(
        rows(&method),
        vec![
            ("ACTIVATION".into(), 3, dec!(15000), dec!(10500), dec!(0)),
            ("RESELLER".into(), 3, dec!(13500), dec!(10500), dec!(0)),
        ]
    );

    // The reseller returns the batch: its three sales are reversed, nothing else.
    let refund =
        "mutation($b:String!){ refundVoucherBatch(batchId:$b, reason:\"returned unsold\") }";
    let r = app.gql(Some(&token), refund, json!({"b": b})).await;
    assert_eq!(r["data"]["refundVoucherBatch"], 3, "{r}");
    let r = app.gql(Some(&token), refund, json!({"b": b})).await;
    assert_eq!(code(&r), "REJECTED", "nothing left to refund: {r}");
    settled(&app, 9).await;
    for group in [
        "DAY", "MONTH", "LOCATION", "PROFILE", "METHOD", "OPERATOR", "SOURCE",
    ] {
        let g = report(&app, &token, range.0, range.1, group, None).await;
        assert_sums(&g);
        let t = &g["total"];
        assert_eq!(t["count"], 6, "{group}");
        assert_eq!(money(&t["revenue"]), dec!(28500), "{group}");
        assert_eq!(
            money(&t["cost"]),
            dec!(10500),
            "{group}: the refunded sales' cost is reversed"
        );
        assert_eq!(money(&t["refunds"]), dec!(13500), "{group}");
        assert_eq!(
            money(&t["net"]),
            dec!(4500),
            "{group}: only the activation sales remain"
        );
        // The total is the ledger's own sum over the same rows.
        let (revenue, cost, refund): (Decimal, Decimal, Decimal) =
            sqlx::query_as("select sum(revenue), sum(cost), sum(refund) from rm_finance_ledger")
                .fetch_one(app.pool())
                .await
                .unwrap();
        assert_eq!(
            (
                money(&t["revenue"]),
                money(&t["cost"]),
                money(&t["refunds"])
            ),
            (revenue, cost, refund)
        );
    }
    let batches = app
        .gql(
            Some(&token),
            "query($l:String!){ voucherBatches(locationId:$l) { id reseller saleRecognition } }",
            json!({"l": wib}),
        )
        .await;
    assert!(
        batches["data"]["voucherBatches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["reseller"].is_null()),
        "{batches}"
    );
}

#[tokio::test]
async fn report_ranges_are_checked_and_operators_may_not_read_them() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let today = Utc::now().date_naive();
    let r = app
        .gql(
            Some(&token),
            REPORT,
            json!({"f": today, "t": today - Span::days(1), "g": "DAY"}),
        )
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
    let r = app
        .gql(Some(&token), "mutation{ createLocation(input:{name:\"Paris\", host:\"10.0.0.9\", username:\"a\", password:\"b\", timeZone:\"Europe/Paris\"}) { id } }", json!({}))
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "only WIB/WITA/WIT: {r}");
    let empty = report(&app, &token, today, today, "DAY", None).await;
    assert_eq!(empty["rows"], json!([]));
    assert_eq!(empty["total"]["count"], 0);
    let r = app.gql(Some(&token), "mutation{ createAdmin(input:{username:\"kasir\", password:\"kasir-password-1\", role:OPERATOR}) { id } }", json!({})).await;
    assert!(r["errors"].is_null(), "{r}");
    let operator = app.login("kasir", "kasir-password-1").await;
    let r = app
        .gql(
            Some(&operator),
            REPORT,
            json!({"f": today, "t": today, "g": "DAY"}),
        )
        .await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    let r = app
        .gql(Some(&operator), "{ overview { revenueToday } }", json!({}))
        .await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
}
