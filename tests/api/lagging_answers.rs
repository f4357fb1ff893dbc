//! Mutations whose read model lags (issue 11, item 4): they answer with the row the projector
//! will write, folded from their committed events by the model's own code — `createdAt` and
//! `updatedAt` are the events' `recorded_at`, reasons and login times are what the stream
//! says — and once the projection catches up a query answers the very same fields.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sqlx::{Connection, PgConnection};
use tagih_replay::HostConfig;

use crate::helpers::{TestApp, eventually, fresh_database, test_settings};

const LOCATION: &str = "id name host port transport username hotspotServer timeZone tlsTrust tlsFingerprint hasRouterToken active createdAt updatedAt";
const PROFILE: &str = "id locationId name priceSell priceCost profit validitySeconds rateLimit uptimeLimitSeconds dataQuotaBytes retired updatedAt";
const ADMIN: &str = "id username email role active lastLoginAt createdAt";
const CUSTOMER: &str =
    "id name phone email address locationId notes active balance debt createdAt updatedAt";
const SUBSCRIPTION: &str = "id customerId locationId kind username password profile price cycle cycleDays anchorDay startsAt expiry status autoRenew renewals lastPaidAt graceSince disabledAt cancelReason routerState createdAt updatedAt";
const INVOICE: &str = "id number customerId subscriptionId periodStart periodEnd amount paidTotal outstanding partiallyPaid credited shortfallToDebt status dueDate issuedAt paidAt payments voidReason updatedAt";

/// The projection host of the app's database held off: it skips every pass while another
/// session holds its group's advisory lock (as when another instance runs the pass). The
/// lock takes no transaction id, so no other database is held back — an open xid holding the
/// gap-safe horizon (or a row lock on the checkpoints, which takes one) would stall the
/// projections of every database on the server, other tests' included.
pub(crate) struct Hold(PgConnection);

impl Hold {
    pub(crate) async fn new(app: &TestApp) -> Self {
        let mut conn = PgConnection::connect(&app.db_url).await.unwrap();
        sqlx::query("select pg_advisory_lock(hashtextextended($1, 0))")
            .bind(HostConfig::default().group)
            .execute(&mut conn)
            .await
            .unwrap();
        Self(conn)
    }

    /// Lets the host go and wakes it (as the next commit would).
    pub(crate) async fn release(mut self) {
        let released: bool =
            sqlx::query_scalar("select pg_advisory_unlock(hashtextextended($1, 0))")
                .bind(HostConfig::default().group)
                .fetch_one(&mut self.0)
                .await
                .unwrap();
        assert!(released);
        sqlx::query("select pg_notify('events', 'released')")
            .execute(&mut self.0)
            .await
            .unwrap();
    }
}

/// An app whose mutations give up waiting for their read model after 50 ms.
async fn impatient_app() -> TestApp {
    let mut settings = test_settings(&fresh_database().await, false).await;
    settings.api.read_your_writes_ms = 50;
    crate::whatsapp::spawn_on(settings).await
}

async fn mutate(app: &TestApp, token: &str, field: &str, query: &str, vars: Value) -> Value {
    let r = app.gql(Some(token), query, vars).await;
    assert!(r["errors"].is_null(), "{field} failed: {r}");
    r["data"][field].clone()
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not a time: {v}")))
        .unwrap()
        .with_timezone(&Utc)
}

/// When the stream's first and newest events were recorded.
async fn recorded(app: &TestApp, aggregate_type: &str, id: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    let at: Vec<DateTime<Utc>> = sqlx::query_scalar(
        "select recorded_at from events where aggregate_type = $1 and aggregate_id = $2
          order by sequence",
    )
    .bind(aggregate_type)
    .bind(id)
    .fetch_all(app.pool())
    .await
    .unwrap();
    (at[0], at[at.len() - 1])
}

/// Whether `table` has the stream's row (at all, or including its newest event).
async fn projected(
    app: &TestApp,
    table: &str,
    aggregate_type: &str,
    id: &str,
    newest: bool,
) -> bool {
    sqlx::query_scalar(&format!(
        "select exists(select 1 from {table} r where r.id = $2 and (not $3 or r.last_position =
           (select max(position) from events where aggregate_type = $1 and aggregate_id = $2)))"
    ))
    .bind(aggregate_type)
    .bind(id)
    .bind(newest)
    .fetch_one(app.pool())
    .await
    .unwrap()
}

/// The answer came from the events (the read model has no row yet) and carries their times.
async fn assert_folded(app: &TestApp, answer: &Value, row: (&str, &str), created: Option<&str>) {
    let (table, aggregate_type) = row;
    let id = answer["id"].as_str().unwrap();
    assert!(
        !projected(app, table, aggregate_type, id, false).await,
        "{table} must still lack {id} while held"
    );
    let (first, newest) = recorded(app, aggregate_type, id).await;
    if let Some(field) = created {
        assert_eq!(time(&answer[field]), first, "{field} of {answer}");
    }
    if answer.get("updatedAt").is_some() {
        assert_eq!(time(&answer["updatedAt"]), newest, "updatedAt of {answer}");
    }
}

/// Releases the host and waits until every given stream's row includes its newest event.
/// Nothing appends to these streams after the mutations: the sagas that could (router
/// effects recording `RecordRouterState`) never succeed against the test's router double.
async fn catch_up(app: &TestApp, hold: Hold, rows: &[(&str, &str, String)]) {
    hold.release().await;
    let caught_up = eventually(Duration::from_secs(15), || async {
        for (table, aggregate_type, id) in rows {
            if !projected(app, table, aggregate_type, id, true).await {
                return false;
            }
        }
        true
    })
    .await;
    assert!(caught_up, "the read models never caught up with {rows:?}");
}

#[tokio::test]
async fn locations_profiles_and_accounts_answer_from_their_events_while_read_models_lag() {
    let app = impatient_app().await;
    let root = app.root_token().await;
    let held = Hold::new(&app).await;

    let q = format!(
        "mutation {{ createLocation(input:{{name:\"Desa Lambat\", host:\"10.0.0.9\", username:\"api\", password:\"router-pass\"}}) {{ {LOCATION} }} }}"
    );
    let location = mutate(&app, &root, "createLocation", &q, json!({})).await;
    assert_folded(
        &app,
        &location,
        ("rm_locations", "Location"),
        Some("createdAt"),
    )
    .await;
    let loc = location["id"].as_str().unwrap().to_string();

    let q = format!(
        "mutation($l:String!) {{ upsertVoucherProfile(input:{{locationId:$l, name:\"1 Jam\", priceSell:\"2000\", priceCost:\"1500\", validity:\"1h\"}}) {{ {PROFILE} }} }}"
    );
    let profile = mutate(&app, &root, "upsertVoucherProfile", &q, json!({"l": loc})).await;
    assert_folded(
        &app,
        &profile,
        ("rm_voucher_profiles", "VoucherProfile"),
        None,
    )
    .await;

    let q = format!(
        "mutation {{ createAdmin(input:{{username:\"lambat\", password:\"lambat-pass-1\", role:OPERATOR}}) {{ {ADMIN} }} }}"
    );
    let created = mutate(&app, &root, "createAdmin", &q, json!({})).await;
    assert_folded(
        &app,
        &created,
        ("rm_admin_users", "AdminUser"),
        Some("createdAt"),
    )
    .await;
    assert!(created["lastLoginAt"].is_null(), "{created}");

    // The login's answer carries the login it just recorded.
    let q = format!(
        "mutation {{ login(username:\"lambat\", password:\"lambat-pass-1\") {{ token admin {{ {ADMIN} }} }} }}"
    );
    let login = mutate(&app, &root, "login", &q, json!({})).await;
    let admin = login["admin"].clone();
    let (_, logged_in) = recorded(&app, "AdminUser", admin["id"].as_str().unwrap()).await;
    assert_eq!(time(&admin["lastLoginAt"]), logged_in, "{admin}");
    assert_eq!(admin["createdAt"], created["createdAt"]);
    let token = login["token"].as_str().unwrap().to_string();
    let me = app
        .gql(Some(&token), &format!("{{ me {{ {ADMIN} }} }}"), json!({}))
        .await;
    assert_eq!(
        me["data"]["me"], admin,
        "me while the read model lags: {me}"
    );

    let id = admin["id"].as_str().unwrap().to_string();
    let rows = [
        ("rm_locations", "Location", loc.clone()),
        (
            "rm_voucher_profiles",
            "VoucherProfile",
            profile["id"].as_str().unwrap().into(),
        ),
        ("rm_admin_users", "AdminUser", id.clone()),
    ];
    catch_up(&app, held, &rows).await;
    let q = format!(
        "query($l:String!) {{ location(id:$l) {{ {LOCATION} }} voucherProfiles(locationId:$l) {{ {PROFILE} }} admins {{ {ADMIN} }} }}"
    );
    let r = app.gql(Some(&root), &q, json!({"l": loc})).await;
    assert_eq!(r["data"]["location"], location, "{r}");
    assert_eq!(r["data"]["voucherProfiles"], json!([profile]), "{r}");
    let listed = r["data"]["admins"].as_array().unwrap();
    assert!(listed.contains(&admin), "{admin} in {listed:?}");
}

#[tokio::test]
async fn billing_mutations_answer_from_their_events_while_read_models_lag() {
    let app = impatient_app().await;
    let root = app.root_token().await;
    let loc = app.create_location(&root, "Desa Sabar").await;
    let held = Hold::new(&app).await;

    let q = format!(
        "mutation($l:String!) {{ createCustomer(input:{{name:\"Bu Sabar\", phone:\"081233334444\", locationId:$l}}) {{ {CUSTOMER} }} }}"
    );
    let customer = mutate(&app, &root, "createCustomer", &q, json!({"l": loc})).await;
    assert_folded(
        &app,
        &customer,
        ("rm_customers", "Customer"),
        Some("createdAt"),
    )
    .await;
    let c = customer["id"].as_str().unwrap().to_string();

    let plan = "plan:{profile:\"10M\", price:\"150000\"}";
    let q = format!(
        "mutation($c:String!) {{ createSubscription(input:{{customerId:$c, username:\"sabar\", {plan}}}) {{ {SUBSCRIPTION} }} }}"
    );
    let single = mutate(&app, &root, "createSubscription", &q, json!({"c": c})).await;
    assert_folded(
        &app,
        &single,
        ("rm_subscriptions", "Subscription"),
        Some("createdAt"),
    )
    .await;
    let s = single["id"].as_str().unwrap().to_string();

    let q = format!(
        "mutation($c:String!) {{ createSubscriptions(input:{{customerId:$c, prefix:\"sbr\", count:3, {plan}}}) {{ {SUBSCRIPTION} }} }}"
    );
    let bulk = mutate(&app, &root, "createSubscriptions", &q, json!({"c": c})).await;
    let bulk = bulk.as_array().unwrap().clone();
    let names: Vec<&str> = bulk
        .iter()
        .map(|b| b["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["sbr001", "sbr002", "sbr003"]);
    for b in &bulk {
        assert_folded(
            &app,
            b,
            ("rm_subscriptions", "Subscription"),
            Some("createdAt"),
        )
        .await;
    }

    // Reasons and times the old write-model answers left out.
    let q = format!(
        "mutation($s:String!) {{ cancelSubscription(id:$s, reason:\"pindah rumah\") {{ {SUBSCRIPTION} }} }}"
    );
    let b0 = bulk[0]["id"].as_str().unwrap().to_string();
    let cancelled = mutate(&app, &root, "cancelSubscription", &q, json!({"s": b0})).await;
    assert_folded(
        &app,
        &cancelled,
        ("rm_subscriptions", "Subscription"),
        Some("createdAt"),
    )
    .await;
    assert_eq!(cancelled["cancelReason"], "pindah rumah", "{cancelled}");
    assert_eq!(cancelled["createdAt"], bulk[0]["createdAt"]);

    let q = format!("mutation($s:String!) {{ issueInvoice(subscriptionId:$s) {{ {INVOICE} }} }}");
    let issued = mutate(&app, &root, "issueInvoice", &q, json!({"s": s})).await;
    assert_folded(&app, &issued, ("rm_invoices", "Invoice"), None).await;
    let inv = issued["id"].as_str().unwrap().to_string();
    let q = format!(
        "mutation($i:String!) {{ voidInvoice(id:$i, reason:\"salah tagih\") {{ {INVOICE} }} }}"
    );
    let voided = mutate(&app, &root, "voidInvoice", &q, json!({"i": inv})).await;
    assert_folded(&app, &voided, ("rm_invoices", "Invoice"), None).await;
    assert_eq!(voided["voidReason"], "salah tagih", "{voided}");
    assert_eq!(voided["status"], "VOID", "{voided}");

    let mut rows = vec![
        ("rm_customers", "Customer", c.clone()),
        ("rm_invoices", "Invoice", inv.clone()),
    ];
    rows.extend(bulk.iter().chain([&single]).map(|b| {
        (
            "rm_subscriptions",
            "Subscription",
            b["id"].as_str().unwrap().to_string(),
        )
    }));
    catch_up(&app, held, &rows).await;
    let q = format!(
        "query($c:String!,$i:String!) {{ customer(id:$c) {{ {CUSTOMER} }} invoice(id:$i) {{ {INVOICE} }} subscriptions(customerId:$c) {{ nodes {{ {SUBSCRIPTION} }} }} }}"
    );
    let r = app.gql(Some(&root), &q, json!({"c": c, "i": inv})).await;
    assert_eq!(r["data"]["customer"], customer, "{r}");
    assert_eq!(r["data"]["invoice"], voided, "{r}");
    let listed = r["data"]["subscriptions"]["nodes"].as_array().unwrap();
    assert_eq!(listed.len(), 4, "{r}");
    for expected in [&single, &cancelled, &bulk[1], &bulk[2]] {
        assert!(listed.contains(expected), "{expected} in {listed:?}");
    }
}
