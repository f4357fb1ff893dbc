//! Subscriptions at fleet scale on the simulator (issue 17 item 1, issue 12 item 9): a bulk
//! of PPPoE accounts reaches the router in one batch with exact secrets, one refused account
//! fails only itself, a create followed by a disable keeps its order, and drift of PPP
//! secrets is reported and repaired like vouchers'.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use tagih_routeros::sim::SimHandle;
use tagih_sagas::voucher_effects::CleanupPolicy;

use crate::helpers::{TestApp, eventually};
use crate::pppoe_life::customer_at;
use crate::routeros::{app_with_router_using, location_at};

fn secret(sim: &SimHandle, name: &str) -> Option<BTreeMap<String, String>> {
    sim.ppp_secrets()
        .into_iter()
        .find(|s| s.get("name").map(String::as_str) == Some(name))
}

fn add_ppp_profile(sim: &SimHandle, name: &str) {
    let r = sim.run(&[
        "/ppp/profile/add",
        &format!("=name={name}"),
        "=rate-limit=10M/10M",
        "=comment=PPPOE_SYSTEM",
    ]);
    assert_eq!(r.last().map(|w| w[0].as_str()), Some("!done"), "{r:?}");
}

fn ok<'a>(r: &'a Value, field: &str) -> &'a Value {
    assert!(r["errors"].is_null(), "{field}: {r}");
    &r["data"][field]
}

const FIELDS: &str = "id username password expiry routerState";

async fn create_one(
    app: &TestApp,
    token: &str,
    customer: &str,
    name: &str,
    profile: &str,
) -> Value {
    let q = format!(
        "mutation($c:String!,$u:String!,$p:String!){{ createSubscription(input:{{customerId:$c, kind:PPPOE, username:$u, plan:{{profile:$p, price:\"100000\"}}}}) {{ {FIELDS} }} }}"
    );
    let r = app
        .gql(
            Some(token),
            &q,
            json!({"c": customer, "u": name, "p": profile}),
        )
        .await;
    ok(&r, "createSubscription").clone()
}

async fn router_state(app: &TestApp, id: &str) -> Option<String> {
    sqlx::query_scalar("select router_state from rm_subscriptions where id = $1")
        .bind(id)
        .fetch_optional(app.pool())
        .await
        .unwrap()
        .flatten()
}

#[tokio::test]
async fn a_bulk_reaches_the_router_in_one_batch_and_one_refusal_fails_only_its_own_account() {
    let (app, sim) = app_with_router_using(Arc::new(tagih_commands::SystemClock), |s| {
        s.routers.cancel_policy = CleanupPolicy::Disable;
    })
    .await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    add_ppp_profile(&sim, "10M");
    let customer = customer_at(&app, &loc, "Kos Melati", "0812-1111-2222").await;
    // The router is away while everything is written: it all drains as one batch.
    sim.set_offline(true).await.unwrap();
    let bulk = format!(
        "mutation($c:String!){{ createSubscriptions(input:{{customerId:$c, kind:PPPOE, prefix:\"pel\", count:30, plan:{{profile:\"10M\", price:\"100000\"}}}}) {{ {FIELDS} }} }}"
    );
    let r = app.gql(Some(&token), &bulk, json!({"c": customer})).await;
    let created = ok(&r, "createSubscriptions").as_array().unwrap().clone();
    assert_eq!(created.len(), 30);
    // An account on a profile the router does not have: the router refuses that one.
    let ghost = create_one(&app, &token, &customer, "ghost01", "ghost").await;
    // Created, then cancelled (policy: disable) before the router saw either.
    let late = create_one(&app, &token, &customer, "late01", "10M").await;
    let late_id = late["id"].as_str().unwrap();
    let r = app
        .gql(
            Some(&token),
            "mutation($i:String!){ cancelSubscription(id:$i, reason:\"moved away\") { status } }",
            json!({"i": late_id}),
        )
        .await;
    assert_eq!(ok(&r, "cancelSubscription")["status"], "CANCELLED");
    sim.set_offline(false).await.unwrap();

    let ghost_id = ghost["id"].as_str().unwrap();
    let settled = eventually(Duration::from_secs(30), || async {
        let mut all = vec![late_id.to_string(), ghost_id.to_string()];
        all.extend(
            created
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_string()),
        );
        let mut done = true;
        for id in &all {
            done &= router_state(&app, id).await.is_some();
        }
        done
    })
    .await;
    assert!(settled, "every subscription has a router state");

    for s in &created {
        let name = s["username"].as_str().unwrap();
        let on_router = secret(&sim, name).unwrap_or_else(|| panic!("{name} on the router"));
        let expiry: DateTime<Utc> = s["expiry"].as_str().unwrap().parse().unwrap();
        let id = s["id"].as_str().unwrap();
        let get = |k: &str| on_router.get(k).map(String::as_str);
        assert_eq!(get("password"), s["password"].as_str(), "{name}");
        assert_eq!(get("profile"), Some("10M"), "{name}");
        assert_eq!(get("service"), Some("pppoe"), "{name}");
        assert_eq!(get("disabled"), Some("false"), "{name}");
        let comment = format!("PPPOE_SYSTEM|{customer}|{id}|{}", expiry.timestamp());
        assert_eq!(get("comment"), Some(comment.as_str()), "{name}");
        assert_eq!(router_state(&app, id).await.as_deref(), Some("ENABLED"));
    }
    // The refusal is recorded on that subscription alone, with the router's words.
    assert!(secret(&sim, "ghost01").is_none());
    assert_eq!(
        router_state(&app, ghost_id).await.as_deref(),
        Some("REFUSED")
    );
    let error: String = sqlx::query_scalar(
        "select payload::text from events where aggregate_id = $1
            and event_type = 'SubscriptionRouterUpdated'",
    )
    .bind(ghost_id)
    .fetch_one(app.pool())
    .await
    .unwrap();
    assert!(
        error.contains("refused") && error.contains("profile"),
        "{error}"
    );
    let refused: i64 = app
        .count("select count(*) from rm_subscriptions where router_state = 'REFUSED'")
        .await;
    assert_eq!(refused, 1);
    // Create-then-disable kept its order: the account is there, disabled.
    let late_secret = secret(&sim, "late01").expect("late01 on the router");
    assert_eq!(
        late_secret.get("disabled").map(String::as_str),
        Some("true")
    );
    assert_eq!(
        router_state(&app, late_id).await.as_deref(),
        Some("DISABLED")
    );
    // Nothing twice.
    assert_eq!(sim.ppp_secrets().len(), 31);
}

#[tokio::test]
async fn create_then_disable_of_one_account_reaches_the_router_in_that_order() {
    let (app, sim) = app_with_router_using(Arc::new(tagih_commands::SystemClock), |s| {
        s.routers.cancel_policy = CleanupPolicy::Disable;
    })
    .await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    add_ppp_profile(&sim, "10M");
    let customer = customer_at(&app, &loc, "Budi", "0812-3333-4444").await;
    let s = create_one(&app, &token, &customer, "budi01", "10M").await;
    let id = s["id"].as_str().unwrap();
    let enabled = eventually(Duration::from_secs(15), || async {
        secret(&sim, "budi01")
            .is_some_and(|s| s.get("disabled").map(String::as_str) == Some("false"))
    })
    .await;
    assert!(enabled, "created and enabled first");
    sim.ppp_connect("budi01", "10.10.0.9")
        .expect("the customer is online");
    let r = app
        .gql(
            Some(&token),
            "mutation($i:String!){ cancelSubscription(id:$i, reason:\"unpaid\") { status } }",
            json!({"i": id}),
        )
        .await;
    ok(&r, "cancelSubscription");
    let disabled = eventually(Duration::from_secs(15), || async {
        router_state(&app, id).await.as_deref() == Some("DISABLED")
    })
    .await;
    assert!(disabled);
    let on_router = secret(&sim, "budi01").unwrap();
    assert_eq!(on_router.get("disabled").map(String::as_str), Some("true"));
    assert!(
        sim.rows("/ppp/active").is_empty(),
        "the disable ended the session"
    );
}

async fn sync(app: &TestApp, token: &str, loc: &str, repair: bool) {
    let r = app
        .gql(
            Some(token),
            "mutation($l:String!,$r:Boolean!){ syncRouter(locationId:$l, repair:$r) }",
            json!({"l": loc, "r": repair}),
        )
        .await;
    assert!(r["errors"].is_null(), "syncRouter failed: {r}");
}

#[tokio::test]
async fn drift_of_ppp_secrets_is_reported_and_repaired_like_vouchers() {
    let (app, sim) = app_with_router_using(Arc::new(tagih_commands::SystemClock), |_| {}).await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    add_ppp_profile(&sim, "10M");
    add_ppp_profile(&sim, "20M");
    let customer = customer_at(&app, &loc, "Siti", "0812-5555-6666").await;
    let gone = create_one(&app, &token, &customer, "gone01", "10M").await;
    let moved = create_one(&app, &token, &customer, "moved01", "10M").await;
    let on_router = eventually(Duration::from_secs(15), || async {
        secret(&sim, "gone01").is_some() && secret(&sim, "moved01").is_some()
    })
    .await;
    assert!(on_router);
    // Someone edits the router by hand.
    let id_of = |name: &str| {
        secret(&sim, name)
            .and_then(|s| s.get(".id").cloned())
            .unwrap()
    };
    sim.run(&["/ppp/secret/remove", &format!("=.id={}", id_of("gone01"))]);
    sim.run(&[
        "/ppp/secret/set",
        &format!("=.id={}", id_of("moved01")),
        "=profile=20M",
    ]);
    sim.run(&[
        "/ppp/secret/add",
        "=name=orphan01",
        "=password=x",
        "=profile=10M",
        "=comment=PPPOE_SYSTEM|c-old|s-old|0",
    ]);
    sim.run(&["/ppp/secret/add", "=name=stranger", "=password=x"]);

    sync(&app, &token, &loc, false).await;
    let report = app
        .gql(
            Some(&token),
            "query($l:String!){ driftReport(locationId:$l) { items { kind username subscriptionId ppp expected actual } } }",
            json!({"l": loc}),
        )
        .await;
    let items = report["data"]["driftReport"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let has = |kind: &str, user: &str| {
        items
            .iter()
            .any(|i| i["kind"] == kind && i["username"] == user && i["ppp"] == true)
    };
    assert!(has("MISSING", "gone01"), "{report}");
    assert!(has("PROFILE_CHANGED", "moved01"), "{report}");
    assert!(has("EXTRA", "orphan01"), "{report}");
    assert!(has("UNKNOWN", "stranger"), "{report}");
    let missing = items.iter().find(|i| i["username"] == "gone01").unwrap();
    assert_eq!(missing["subscriptionId"], gone["id"]);
    assert!(
        secret(&sim, "gone01").is_none(),
        "report-only changes nothing"
    );

    sync(&app, &token, &loc, true).await;
    let back = secret(&sim, "gone01").expect("the missing secret is re-added");
    assert_eq!(
        back.get("password").map(String::as_str),
        gone["password"].as_str()
    );
    assert_eq!(back.get("profile").map(String::as_str), Some("10M"));
    assert_eq!(back.get("disabled").map(String::as_str), Some("false"));
    let fixed = secret(&sim, "moved01").unwrap();
    assert_eq!(fixed.get("profile").map(String::as_str), Some("10M"));
    assert_eq!(
        fixed.get("password").map(String::as_str),
        moved["password"].as_str()
    );
    let orphan = secret(&sim, "orphan01").expect("disabled, never deleted");
    assert_eq!(orphan.get("disabled").map(String::as_str), Some("true"));
    let stranger = secret(&sim, "stranger").expect("someone else's secret is left");
    assert_eq!(stranger.get("disabled").map(String::as_str), Some("false"));
    assert_eq!(sim.ppp_secrets().len(), 4);
}
