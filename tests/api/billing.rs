//! Customers, subscriptions, invoices and cash payments over GraphQL: phone normalisation,
//! search, roles, payment outcomes (exact, over, under, as debt, repeated), bulk creation,
//! debt aging, and rebuilds of the billing read models.

use std::str::FromStr;

use chrono::{DateTime, Timelike, Utc};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use crate::helpers::{TestApp, code, spawn_app};

mod rebuild;

const CUSTOMER: &str = "id name phone email balance debt active";
const SUBSCRIPTION: &str = "id username password status expiry customerId kind cycle price";
const INVOICE: &str =
    "id number status amount paidTotal outstanding partiallyPaid credited periodStart periodEnd";

fn money(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("not money: {v}"))).unwrap()
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not a time: {v}")))
        .unwrap()
        .with_timezone(&Utc)
}

fn ok<'a>(r: &'a Value, field: &str) -> &'a Value {
    assert!(r["errors"].is_null(), "{field} failed: {r}");
    &r["data"][field]
}

pub(crate) async fn create_customer(
    app: &TestApp,
    token: &str,
    loc: &str,
    name: &str,
    phone: &str,
) -> Value {
    let q = format!(
        "mutation($l:String!,$n:String!,$p:String!){{ createCustomer(input:{{name:$n, phone:$p, locationId:$l}}) {{ {CUSTOMER} }} }}"
    );
    app.gql(Some(token), &q, json!({"l": loc, "n": name, "p": phone}))
        .await
}

pub(crate) async fn customer_id(
    app: &TestApp,
    token: &str,
    loc: &str,
    name: &str,
    phone: &str,
) -> String {
    let r = create_customer(app, token, loc, name, phone).await;
    ok(&r, "createCustomer")["id"].as_str().unwrap().to_string()
}

/// When the test subscriptions start: three days ago, so a payment made now comes before
/// the expiry whatever today's date is.
fn started() -> DateTime<Utc> {
    (Utc::now() - chrono::Duration::days(3))
        .with_nanosecond(0)
        .unwrap()
}

/// Whether `later` is one monthly cycle (28–31 days) after `earlier`.
fn one_month_after(earlier: DateTime<Utc>, later: DateTime<Utc>) -> bool {
    (28..=31).contains(&(later - earlier).num_days())
}

/// A monthly PPPoE subscription of 150,000 that started three days ago.
async fn subscription(app: &TestApp, token: &str, customer: &str, username: &str) -> Value {
    let q = format!(
        "mutation($c:String!,$u:String!,$s:DateTime!){{ createSubscription(input:{{customerId:$c, username:$u, plan:{{profile:\"10M\", price:\"150000\"}}, startsAt:$s}}) {{ {SUBSCRIPTION} }} }}"
    );
    let r = app
        .gql(
            Some(token),
            &q,
            json!({"c": customer, "u": username, "s": started().to_rfc3339()}),
        )
        .await;
    ok(&r, "createSubscription").clone()
}

async fn issue(app: &TestApp, token: &str, subscription: &str) -> Value {
    let q = format!("mutation($s:String!){{ issueInvoice(subscriptionId:$s) {{ {INVOICE} }} }}");
    let r = app.gql(Some(token), &q, json!({"s": subscription})).await;
    ok(&r, "issueInvoice").clone()
}

async fn pay(
    app: &TestApp,
    token: &str,
    invoice: &str,
    amount: &str,
    reference: &str,
    as_debt: bool,
) -> Value {
    let q = format!(
        "mutation($i:String!,$a:Decimal!,$r:String!,$d:Boolean!){{ recordCashPayment(invoiceId:$i, amount:$a, reference:$r, asDebt:$d) {{ status outstanding renewedUntil credited debtRecorded invoice {{ {INVOICE} }} }} }}"
    );
    app.gql(
        Some(token),
        &q,
        json!({"i": invoice, "a": amount, "r": reference, "d": as_debt}),
    )
    .await
}

async fn customer(app: &TestApp, token: &str, id: &str) -> Value {
    let q = format!(
        "query($id:String!){{ customer(id:$id) {{ {CUSTOMER} subscriptions {{ {SUBSCRIPTION} }} invoices {{ {INVOICE} }} ledger {{ kind amount reference balanceAfter debtAfter }} }} }}"
    );
    let r = app.gql(Some(token), &q, json!({"id": id})).await;
    ok(&r, "customer").clone()
}

/// A customer with a subscription and its first invoice (150,000), ready for a payment.
async fn billed(app: &TestApp, token: &str) -> (String, Value, Value) {
    let loc = app.location_with_profile(token).await;
    let c = customer_id(app, token, &loc, "Budi Santoso", "081234567890").await;
    let s = subscription(app, token, &c, "budi").await;
    let i = issue(app, token, s["id"].as_str().unwrap()).await;
    (c, s, i)
}

#[tokio::test]
async fn a_customer_phone_is_normalised_and_a_bad_one_is_named() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let r = create_customer(&app, &token, &loc, "Budi Santoso", "0812-3456-7890").await;
    let c = ok(&r, "createCustomer");
    assert_eq!(c["phone"], "6281234567890");
    assert_eq!(
        (money(&c["balance"]), money(&c["debt"])),
        (dec!(0), dec!(0))
    );
    let r = create_customer(&app, &token, &loc, "Siti", "021 555 1234").await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
    let message = r["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("phone number must be a mobile number"),
        "{message}"
    );
    let r = create_customer(&app, &token, &loc, "Siti", "0812-34x").await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
    assert!(
        r["errors"][0]["message"].as_str().unwrap().contains("'x'"),
        "{r}"
    );
}

async fn search(app: &TestApp, token: &str, term: &str) -> Vec<String> {
    let r = app
        .gql(
            Some(token),
            "query($s:String){ customers(search:$s) { totalCount nodes { name } } }",
            json!({"s": term}),
        )
        .await;
    let page = ok(&r, "customers");
    let names: Vec<String> = page["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(page["totalCount"], names.len(), "{r}");
    names
}

#[tokio::test]
async fn customers_are_found_by_name_phone_or_username_and_paged() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let budi = customer_id(&app, &token, &loc, "Budi Santoso", "081234567890").await;
    customer_id(&app, &token, &loc, "Siti Aminah", "+62 813 1111 2222").await;
    customer_id(&app, &token, &loc, "Agus Salim", "6285700001111").await;
    subscription(&app, &token, &budi, "rt02-melati").await;

    assert_eq!(search(&app, &token, "SANTOSO").await, ["Budi Santoso"]);
    assert_eq!(search(&app, &token, "0813-1111").await, ["Siti Aminah"]);
    assert_eq!(search(&app, &token, "62857").await, ["Agus Salim"]);
    assert_eq!(search(&app, &token, "Melati").await, ["Budi Santoso"]);
    assert!(search(&app, &token, "nobody").await.is_empty());
    assert_eq!(search(&app, &token, "a").await.len(), 3);

    // Pages by name with an opaque cursor.
    let page = |after: Value| {
        app.gql(
            Some(&token),
            "query($a:String){ customers(first:2, after:$a) { nodes { name } pageInfo { hasNextPage endCursor } } }",
            json!({"a": after}),
        )
    };
    let r = page(Value::Null).await;
    let first = ok(&r, "customers");
    assert_eq!(
        first["nodes"],
        json!([{"name": "Agus Salim"}, {"name": "Budi Santoso"}])
    );
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let r = page(first["pageInfo"]["endCursor"].clone()).await;
    let second = ok(&r, "customers");
    assert_eq!(second["nodes"], json!([{"name": "Siti Aminah"}]));
    assert_eq!(second["pageInfo"]["hasNextPage"], false);
    let r = page(json!("not-a-cursor")).await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
}

#[tokio::test]
async fn an_operator_may_create_customers_but_not_record_payments() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let (_, _, invoice) = billed(&app, &root).await;
    let r = app
        .gql(
            Some(&root),
            "mutation{ createAdmin(input:{username:\"kasir\", password:\"kasir-password-1\", role:OPERATOR}) { id } }",
            json!({}),
        )
        .await;
    ok(&r, "createAdmin");
    let operator = app.login("kasir", "kasir-password-1").await;
    let loc = app.create_location(&root, "Desa Sukamaju 2").await;
    let r = create_customer(&app, &operator, &loc, "Dewi", "0811-2222-3333").await;
    assert_eq!(ok(&r, "createCustomer")["phone"], "6281122223333");
    let r = pay(
        &app,
        &operator,
        invoice["id"].as_str().unwrap(),
        "150000",
        "KW-1",
        false,
    )
    .await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    let r = app
        .gql(Some(&operator), "query{ debtAging { total } }", json!({}))
        .await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    // Reading customers is an operator's job.
    assert_eq!(search(&app, &operator, "dewi").await, ["Dewi"]);
}

#[tokio::test]
async fn an_exact_cash_payment_pays_the_invoice_and_extends_by_one_cycle() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (c, s, invoice) = billed(&app, &token).await;
    // The next period: from the expiry (a month after the start) one month on. Exact
    // calendar arithmetic is the billing cycle's own unit tests' business.
    assert!(one_month_after(started(), time(&s["expiry"])), "{s}");
    assert_eq!(invoice["status"], "OPEN");
    assert!(invoice["number"].as_str().unwrap().starts_with("INV/"));
    assert_eq!(time(&invoice["periodStart"]), time(&s["expiry"]));
    assert!(
        one_month_after(time(&invoice["periodStart"]), time(&invoice["periodEnd"])),
        "{invoice}"
    );
    // Issuing again is the same invoice, not a new number.
    let again = issue(&app, &token, s["id"].as_str().unwrap()).await;
    assert_eq!(
        (&again["id"], &again["number"]),
        (&invoice["id"], &invoice["number"])
    );

    let r = pay(
        &app,
        &token,
        invoice["id"].as_str().unwrap(),
        "150000",
        "KW-1",
        false,
    )
    .await;
    let outcome = ok(&r, "recordCashPayment");
    assert_eq!(outcome["status"], "PAID");
    assert_eq!(money(&outcome["outstanding"]), dec!(0));
    assert_eq!(time(&outcome["renewedUntil"]), time(&invoice["periodEnd"]));
    assert_eq!(outcome["invoice"]["status"], "PAID");
    let detail = customer(&app, &token, &c).await;
    assert_eq!(
        time(&detail["subscriptions"][0]["expiry"]),
        time(&invoice["periodEnd"])
    );
    assert_eq!(detail["invoices"][0]["status"], "PAID");
    assert_eq!(
        (money(&detail["balance"]), money(&detail["debt"])),
        (dec!(0), dec!(0))
    );
    assert_eq!(detail["ledger"], json!([]));
}

#[tokio::test]
async fn an_overpayment_becomes_credit_on_the_customer() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (c, _, invoice) = billed(&app, &token).await;
    let r = pay(
        &app,
        &token,
        invoice["id"].as_str().unwrap(),
        "200000",
        "KW-2",
        false,
    )
    .await;
    let outcome = ok(&r, "recordCashPayment");
    assert_eq!(outcome["status"], "PAID");
    assert_eq!(money(&outcome["credited"]), dec!(50000));
    assert_eq!(money(&outcome["invoice"]["credited"]), dec!(50000));
    let detail = customer(&app, &token, &c).await;
    assert_eq!(money(&detail["balance"]), dec!(50000));
    assert_eq!(detail["ledger"][0]["kind"], "CREDIT_ADDED");
    assert_eq!(money(&detail["ledger"][0]["balanceAfter"]), dec!(50000));
}

#[tokio::test]
async fn an_underpayment_without_as_debt_leaves_the_invoice_partly_paid() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (c, s, invoice) = billed(&app, &token).await;
    let r = pay(
        &app,
        &token,
        invoice["id"].as_str().unwrap(),
        "100000",
        "KW-3",
        false,
    )
    .await;
    let outcome = ok(&r, "recordCashPayment");
    assert_eq!(outcome["status"], "OPEN");
    assert_eq!(money(&outcome["outstanding"]), dec!(50000));
    assert!(outcome["renewedUntil"].is_null());
    let inv = &outcome["invoice"];
    assert_eq!(inv["partiallyPaid"], true);
    assert_eq!(
        (money(&inv["paidTotal"]), money(&inv["outstanding"])),
        (dec!(100000), dec!(50000))
    );
    let detail = customer(&app, &token, &c).await;
    assert_eq!(money(&detail["debt"]), dec!(0));
    assert_eq!(detail["subscriptions"][0]["expiry"], s["expiry"]);
    let r = app
        .gql(
            Some(&token),
            &format!("query($c:String!){{ invoices(customerId:$c, status:OPEN) {{ totalCount nodes {{ {INVOICE} }} }} }}"),
            json!({"c": c}),
        )
        .await;
    let open = ok(&r, "invoices");
    assert_eq!(open["totalCount"], 1);
    assert_eq!(money(&open["nodes"][0]["outstanding"]), dec!(50000));
    // The open remainder is a receivable, aged from the due date (the expiry): 19 days on
    // it is in the first bucket.
    let aging = "query($at:DateTime){ debtAging(asOf:$at) { total buckets { label invoiceAmount debtAmount } } }";
    let at = time(&s["expiry"]) + chrono::Duration::days(19);
    let r = app
        .gql(Some(&token), aging, json!({"at": at.to_rfc3339()}))
        .await;
    let aging = ok(&r, "debtAging");
    assert_eq!(money(&aging["buckets"][0]["invoiceAmount"]), dec!(50000));
    assert_eq!(money(&aging["total"]), dec!(50000));
}

#[tokio::test]
async fn an_underpayment_as_debt_renews_records_debt_and_ages_it() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (c, _, invoice) = billed(&app, &token).await;
    let r = pay(
        &app,
        &token,
        invoice["id"].as_str().unwrap(),
        "100000",
        "KW-4",
        true,
    )
    .await;
    let outcome = ok(&r, "recordCashPayment");
    assert_eq!(outcome["status"], "PAID");
    assert_eq!(money(&outcome["debtRecorded"]), dec!(50000));
    assert_eq!(time(&outcome["renewedUntil"]), time(&invoice["periodEnd"]));
    let detail = customer(&app, &token, &c).await;
    assert_eq!(money(&detail["debt"]), dec!(50000));
    assert_eq!(detail["ledger"][0]["kind"], "DEBT_RECORDED");

    let aging = "query($at:DateTime){ debtAging(asOf:$at) { total count buckets { label fromDays toDays amount count debtAmount debtCount invoiceAmount } } }";
    let r = app.gql(Some(&token), aging, json!({"at": null})).await;
    let now = ok(&r, "debtAging");
    assert_eq!(now["buckets"][0]["label"], "0-30");
    assert_eq!(money(&now["buckets"][0]["debtAmount"]), dec!(50000));
    assert_eq!(now["buckets"][0]["debtCount"], 1);
    assert_eq!(money(&now["total"]), dec!(50000));
    // Forty-five days on it is 31-60 days old; a partial settlement pays it down.
    let later = (Utc::now() + chrono::Duration::days(45)).to_rfc3339();
    let r = app
        .gql(
            Some(&token),
            "mutation($c:String!){ settleCustomerDebt(customerId:$c, amount:\"20000\", reason:\"cicilan\", reference:\"KW-5\") { debt } }",
            json!({"c": c}),
        )
        .await;
    assert_eq!(money(&ok(&r, "settleCustomerDebt")["debt"]), dec!(30000));
    let r = app.gql(Some(&token), aging, json!({"at": later})).await;
    let aged = ok(&r, "debtAging");
    assert_eq!(money(&aged["buckets"][0]["amount"]), dec!(0));
    assert_eq!(aged["buckets"][1]["label"], "31-60");
    assert_eq!(money(&aged["buckets"][1]["debtAmount"]), dec!(30000));
    assert_eq!(aged["buckets"][3]["toDays"], Value::Null);
}

#[tokio::test]
async fn the_same_cash_reference_twice_is_credited_once() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let (c, _, invoice) = billed(&app, &token).await;
    let id = invoice["id"].as_str().unwrap();
    for _ in 0..2 {
        let r = pay(&app, &token, id, "200000", "KW-6", false).await;
        assert_eq!(ok(&r, "recordCashPayment")["status"], "PAID");
    }
    let detail = customer(&app, &token, &c).await;
    assert_eq!(money(&detail["balance"]), dec!(50000));
    assert_eq!(detail["ledger"].as_array().unwrap().len(), 1);
    assert_eq!(detail["ledger"][0]["reference"], "cash:KW-6");
    assert_eq!(
        detail["subscriptions"][0]["expiry"],
        detail["invoices"][0]["periodEnd"]
    );
    // The same receipt with another amount is a mistake, not a second payment.
    let r = pay(&app, &token, id, "150000", "KW-6", false).await;
    assert_eq!(code(&r), "CONFLICT", "{r}");
}

#[tokio::test]
async fn ten_numbered_subscriptions_are_created_at_once_or_none_are() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let c = customer_id(&app, &token, &loc, "Kos Melati", "081299990000").await;
    let bulk = "mutation($c:String!,$s:Int!,$n:Int!){ createSubscriptions(input:{customerId:$c, prefix:\"pel\", start:$s, count:$n, plan:{profile:\"10M\", price:\"100000\"}}) { username password status } }";
    let r = app
        .gql(Some(&token), bulk, json!({"c": c, "s": 1, "n": 10}))
        .await;
    let created = ok(&r, "createSubscriptions").as_array().unwrap().clone();
    let names: Vec<&str> = created
        .iter()
        .map(|s| s["username"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=10).map(|n| format!("pel{n:03}")).collect();
    assert_eq!(names, expected);
    let passwords: std::collections::HashSet<&str> = created
        .iter()
        .map(|s| s["password"].as_str().unwrap())
        .collect();
    assert_eq!(passwords.len(), 10, "each account has its own password");
    // Overlapping numbers: refused before anything is written.
    let r = app
        .gql(Some(&token), bulk, json!({"c": c, "s": 8, "n": 5}))
        .await;
    assert_eq!(code(&r), "CONFLICT", "{r}");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("pel008"),
        "{r}"
    );
    let r = app
        .gql(Some(&token), bulk, json!({"c": c, "s": 1, "n": 501}))
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
    // One account: a taken username is refused, a pattern draws a free one.
    let one = "mutation($c:String!,$u:String,$p:String){ createSubscription(input:{customerId:$c, username:$u, usernamePattern:$p, plan:{profile:\"10M\", price:\"100000\"}}) { username } }";
    let r = app
        .gql(Some(&token), one, json!({"c": c, "u": "pel003"}))
        .await;
    assert_eq!(code(&r), "CONFLICT", "{r}");
    let r = app
        .gql(Some(&token), one, json!({"c": c, "p": "kos-####"}))
        .await;
    let drawn = ok(&r, "createSubscription")["username"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(drawn.starts_with("kos-") && drawn.len() == 8, "{drawn}");
    let r = app
        .gql(
            Some(&token),
            "query($c:String!){ subscriptions(customerId:$c, first:3) { totalCount nodes { username } pageInfo { hasNextPage } } }",
            json!({"c": c}),
        )
        .await;
    let page = ok(&r, "subscriptions");
    assert_eq!(page["totalCount"], 11);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    assert_eq!(
        app.count("select count(*) from events where event_type = 'SubscriptionCreated'")
            .await,
        11
    );
    // Started now, monthly: all expire within 40 days, none within a week.
    let expiring = "query($d:Int!){ subscriptions(expiringWithinDays:$d) { totalCount } }";
    let r = app.gql(Some(&token), expiring, json!({"d": 40})).await;
    assert_eq!(ok(&r, "subscriptions")["totalCount"], 11);
    let r = app.gql(Some(&token), expiring, json!({"d": 7})).await;
    assert_eq!(ok(&r, "subscriptions")["totalCount"], 0);
}
