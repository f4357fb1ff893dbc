//! CSV exports over HTTP: the API's bearer token and roles, a header row, dot decimals,
//! UTF-8 — read back with Python's `csv` module, as a spreadsheet user's tools would.

use std::io::Write;
use std::process::{Command, Stdio};
use std::str::FromStr;

use chrono::{Duration as Span, Utc};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use crate::finance::{activate, batch, location_in};
use crate::helpers::{TestApp, eventually, spawn_app};

async fn get(app: &TestApp, token: Option<&str>, path: &str) -> reqwest::Response {
    let mut req = app.client.get(format!("{}{path}", app.url));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

/// The CSV parsed by Python's `csv.DictReader`, as JSON rows.
fn python_csv(body: &[u8]) -> Vec<Value> {
    let script = "import csv, io, json, sys\n\
                  text = sys.stdin.buffer.read().decode('utf-8')\n\
                  print(json.dumps(list(csv.DictReader(io.StringIO(text, newline='')))))";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is needed for this test");
    child.stdin.take().unwrap().write_all(body).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python failed: {out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn money(row: &Value, column: &str) -> Decimal {
    Decimal::from_str(row[column].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn csv_exports_stream_what_the_reports_show_and_keep_to_the_roles() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = location_in(&app, &token, "Kota \"Baru\", Utara", "WIB", "ACTIVATION").await;
    let (b, v) = batch(&app, &token, &loc, 3).await;
    activate(&app, &token, &v[0], Utc::now() - Span::minutes(2)).await;
    activate(&app, &token, &v[1], Utc::now() - Span::minutes(1)).await;
    let ok = eventually(std::time::Duration::from_secs(10), || async {
        app.count("select count(*) from rm_finance_ledger").await == 2
    })
    .await;
    assert!(ok);
    let today = Utc::now().date_naive();
    let (from, to) = (today - Span::days(1), today + Span::days(1));

    let resp = get(
        &app,
        Some(&token),
        &format!("/exports/finance.csv?from={from}&to={to}"),
    )
    .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/csv; charset=utf-8");
    let body = resp.bytes().await.unwrap();
    assert!(
        body.starts_with(b"id,occurred_at,local_date,source,kind,"),
        "a header row"
    );
    let rows = python_csv(&body);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["revenue"], "5000.00", "dot decimals");
    let revenue: Decimal = rows.iter().map(|r| money(r, "revenue")).sum();
    let cost: Decimal = rows.iter().map(|r| money(r, "cost")).sum();
    assert_eq!((revenue, cost), (dec!(10000), dec!(7000)));
    let r = app
        .gql(Some(&token), "query($f:NaiveDate!,$t:NaiveDate!){ financeReport(from:$f, to:$t, groupBy:DAY) { total { revenue cost } } }", json!({"f": from, "t": to}))
        .await;
    assert_eq!(
        r["data"]["financeReport"]["total"]["revenue"], "10000.00",
        "{r}"
    );

    let body = get(
        &app,
        Some(&token),
        &format!("/exports/vouchers.csv?batch={b}"),
    )
    .await
    .bytes()
    .await
    .unwrap();
    let vouchers = python_csv(&body);
    assert_eq!(vouchers.len(), 3);
    assert_eq!(
        vouchers
            .iter()
            .filter(|r| r["status"] == "ACTIVATED")
            .count(),
        2
    );
    assert!(
        vouchers
            .iter()
            .all(|r| r["batch_id"] == b.as_str() && r["price_sell"] == "5000.00")
    );

    // A customer whose name needs quoting comes back whole.
    crate::billing::customer_id(
        &app,
        &token,
        &loc,
        "Siti \"Ibu\" Aminah, S.Pd",
        "081298765432",
    )
    .await;
    let body = get(&app, Some(&token), "/exports/customers.csv")
        .await
        .bytes()
        .await
        .unwrap();
    let customers = python_csv(&body);
    assert_eq!(customers[0]["name"], "Siti \"Ibu\" Aminah, S.Pd");
    assert_eq!(customers[0]["balance"], "0.00");
    let body = get(&app, Some(&token), "/exports/invoices.csv")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(
        body.starts_with(b"id,number,customer_id,"),
        "a header even with no rows"
    );
    assert!(python_csv(&body).is_empty());

    // Roles: no token, an operator on money, bad input, an unknown export.
    assert_eq!(
        get(&app, None, "/exports/customers.csv").await.status(),
        401
    );
    let r = app.gql(Some(&token), "mutation{ createAdmin(input:{username:\"kasir\", password:\"kasir-password-1\", role:OPERATOR}) { id } }", json!({})).await;
    assert!(r["errors"].is_null(), "{r}");
    let operator = app.login("kasir", "kasir-password-1").await;
    let finance = format!("/exports/finance.csv?from={from}&to={to}");
    assert_eq!(get(&app, Some(&operator), &finance).await.status(), 403);
    assert_eq!(
        get(
            &app,
            Some(&operator),
            &format!("/exports/vouchers.csv?batch={b}")
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        get(
            &app,
            Some(&token),
            "/exports/finance.csv?from=yesterday&to=x"
        )
        .await
        .status(),
        400
    );
    assert_eq!(
        get(&app, Some(&token), "/exports/vouchers.csv")
            .await
            .status(),
        400
    );
    assert_eq!(
        get(&app, Some(&token), "/exports/secrets.csv")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn a_large_export_arrives_whole_in_many_chunks() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    // 20,000 ledger rows (about 3 MB of CSV, dozens of 64 KiB chunks); kept small because
    // a long insert holds back every test's gap-safe horizon.
    sqlx::query(
        "insert into rm_finance_ledger
         select 'bulk:' || n, at, 'VOUCHER', 'SALE', 'loc', '1 Hari', 'ACTIVATION', 'admin',
                'v' || n, 1, 5000.50, 3500, 0, n, (at at time zone 'Asia/Jakarta')::date
           from generate_series(1, 20000) n
           cross join lateral (select now() - (n % 600) * interval '1 second') t(at)",
    )
    .execute(app.pool())
    .await
    .unwrap();
    let today = Utc::now().date_naive();
    let path = format!(
        "/exports/finance.csv?from={}&to={}",
        today - Span::days(1),
        today + Span::days(1)
    );
    let mut resp = get(&app, Some(&token), &path).await;
    assert_eq!(resp.status(), 200);
    let (mut bytes, mut chunks) = (Vec::new(), 0);
    while let Some(chunk) = resp.chunk().await.unwrap() {
        chunks += 1;
        bytes.extend_from_slice(&chunk);
    }
    assert!(chunks > 10, "streamed in pieces, not one body: {chunks}");
    let rows = python_csv(&bytes);
    assert_eq!(rows.len(), 20_000);
    let revenue: Decimal = rows.iter().map(|r| money(r, "revenue")).sum();
    assert_eq!(revenue, dec!(5000.50) * Decimal::from(20_000));
}
