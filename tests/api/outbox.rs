//! The voucher provisioning saga and the outbox: once-only delivery to the router, waiting
//! while it is offline, crash recovery by lease, dead rows and their revival, idempotency.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::{Value, json};
use tagih::startup::{self, Options};
use tagih_replay::{LogCursor, Projector, feed};
use tagih_sagas::provisioning::{KIND, ProvisioningSaga};

use crate::helpers::{
    FakeRouter, Spawn, TestApp, eventually, fresh_database, spawn_app, test_settings,
};

const WAIT: Duration = Duration::from_secs(30);

fn codes_of(generated: &Value) -> Vec<String> {
    let list = generated["data"]["generateVouchers"]["vouchers"]
        .as_array()
        .unwrap_or_else(|| panic!("generateVouchers failed: {generated}"));
    list.iter()
        .map(|v| v["code"].as_str().unwrap().to_string())
        .collect()
}

async fn provisioned(app: &TestApp, token: &str, loc: &str) -> i64 {
    let r = app
        .gql(
            Some(token),
            "query($l:String!){ vouchers(locationId:$l, status:PROVISIONED, first:1) { totalCount } }",
            json!({ "l": loc }),
        )
        .await;
    r["data"]["vouchers"]["totalCount"]
        .as_i64()
        .unwrap_or_else(|| panic!("vouchers failed: {r}"))
}

async fn outbox_status(app: &TestApp, status: &str) -> i64 {
    sqlx::query_scalar("select count(*) from outbox where status = $1")
        .bind(status)
        .fetch_one(app.pool())
        .await
        .unwrap()
}

/// Every add the router saw, and whether any code was added twice.
fn adds(router: &FakeRouter) -> (usize, BTreeSet<String>) {
    let adds = router.adds.lock().unwrap().clone();
    (adds.len(), adds.into_iter().collect())
}

#[tokio::test]
async fn generated_vouchers_reach_the_router_once_each_and_become_provisioned() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let generated = app.generate(&token, &loc, "1 Hari", 5).await;
    let codes = codes_of(&generated);

    assert!(
        eventually(WAIT, || async {
            provisioned(&app, &token, &loc).await == 5
        })
        .await,
        "not all vouchers became PROVISIONED"
    );
    let (count, unique) = adds(&app.router);
    assert_eq!(count, 5, "a voucher was sent to the router more than once");
    assert_eq!(unique, codes.iter().cloned().collect::<BTreeSet<_>>());
    assert_eq!(app.router.user_count(), 5);
    let target = app
        .router
        .users
        .lock()
        .unwrap()
        .get(&codes[0])
        .cloned()
        .unwrap();
    assert_eq!(target.profile_name, "1 Hari");
    assert_eq!(outbox_status(&app, "done").await, 5);

    let id = generated["data"]["generateVouchers"]["vouchers"][0]["id"]
        .as_str()
        .unwrap();
    let r = app
        .gql(
            Some(&token),
            "query($id:String!){ history(aggregateType:\"Voucher\", aggregateId:$id) { eventType actor } }",
            json!({ "id": id }),
        )
        .await;
    let events = r["data"]["history"]
        .as_array()
        .unwrap_or_else(|| panic!("history failed: {r}"));
    let provisioned: Vec<&Value> = events
        .iter()
        .filter(|e| e["eventType"] == "VoucherProvisioned")
        .collect();
    assert_eq!(provisioned.len(), 1, "{r}");
    assert_eq!(provisioned[0]["actor"], "saga:voucher_provisioning");
    assert_eq!(
        app.count("select count(*) from events where event_type = 'VoucherProvisioned'")
            .await,
        5
    );
}

#[tokio::test]
async fn vouchers_generated_while_the_router_is_offline_wait_and_arrive_once_when_it_returns() {
    let app = spawn_app().await;
    app.router.offline.store(true, Ordering::SeqCst);
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let codes = codes_of(&app.generate(&token, &loc, "1 Hari", 200).await);

    // The worker keeps trying: every row has been attempted and told the router is unreachable.
    let tried = eventually(WAIT, || async {
        app.count("select count(*) from outbox where last_error like '%unreachable%'")
            .await
            == 200
    })
    .await;
    assert!(tried, "the worker never tried the offline router");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(app.router.add_count(), 0);
    assert_eq!(app.router.user_count(), 0);
    assert_eq!(
        outbox_status(&app, "dead").await,
        0,
        "waiting for the router turned rows dead"
    );
    assert_eq!(
        app.count("select count(*) from outbox where status in ('pending', 'in_flight')")
            .await,
        200
    );
    assert!(
        app.count("select coalesce(max(attempts), 0)::bigint from outbox")
            .await
            <= 1,
        "attempts grow while offline"
    );
    assert_eq!(provisioned(&app, &token, &loc).await, 0);

    app.router.offline.store(false, Ordering::SeqCst);
    assert!(
        eventually(WAIT, || async {
            provisioned(&app, &token, &loc).await == 200
        })
        .await,
        "not all 200 became PROVISIONED"
    );
    let (count, unique) = adds(&app.router);
    assert_eq!(count, 200, "some voucher reached the router twice");
    assert_eq!(unique, codes.into_iter().collect::<BTreeSet<_>>());
    assert_eq!(outbox_status(&app, "done").await, 200);
    assert_eq!(
        app.count("select count(*) from events where event_type = 'VoucherProvisioned'")
            .await,
        200
    );
}

#[tokio::test]
async fn a_worker_that_died_holding_outbox_rows_is_resumed_by_a_new_instance_once_the_lease_ends() {
    // Both instances share the database and the keys (the router password is sealed with it).
    let db_url = fresh_database().await;
    let settings = test_settings(&db_url, false).await;
    let router = Arc::new(FakeRouter::default());
    router.offline.store(true, Ordering::SeqCst);
    let mut worker = Spawn::default().worker;
    worker.lease = Duration::from_millis(200);
    let options = Options {
        clock: std::sync::Arc::new(tagih_commands::SystemClock),
        router_gateway: router.clone(),
        worker,
    };
    let app = startup::build(settings.clone(), options).await.unwrap();
    let mut old = TestApp {
        url: format!("http://{}", app.address),
        app,
        db_url: db_url.clone(),
        client: reqwest::Client::new(),
        router: router.clone(),
    };
    let token = old.root_token().await;
    let loc = old.location_with_profile(&token).await;
    let codes = codes_of(&old.generate(&token, &loc, "1 Hari", 20).await);
    assert!(
        eventually(WAIT, || async {
            old.count("select count(*) from outbox").await == 20
        })
        .await,
        "saga did not enqueue"
    );

    // The instance dies; a worker of it had claimed every row and never recorded an outcome.
    old.app.shutdown();
    tokio::time::sleep(Duration::from_millis(400)).await; // past any back-off and old lease
    let (partition, rows) =
        tagih_sagas::outbox::claim(old.pool(), KIND, Duration::from_millis(200), 100, "other")
            .await
            .unwrap()
            .expect("nothing to claim");
    assert_eq!(partition, loc);
    assert_eq!(rows.len(), 20);
    assert!(rows.iter().all(|r| r.status == "in_flight"));
    assert_eq!(outbox_status(&old, "in_flight").await, 20);
    assert_eq!(router.add_count(), 0);

    router.offline.store(false, Ordering::SeqCst);
    let options = Options {
        clock: std::sync::Arc::new(tagih_commands::SystemClock),
        router_gateway: router.clone(),
        worker: Spawn::default().worker,
    };
    let app = startup::build(settings, options)
        .await
        .expect("second instance failed to start");
    let new = TestApp {
        url: format!("http://{}", app.address),
        app,
        db_url,
        client: reqwest::Client::new(),
        router: router.clone(),
    };
    assert!(
        eventually(WAIT, || async { outbox_status(&new, "done").await == 20 }).await,
        "rows were not resumed"
    );
    let (count, unique) = adds(&router);
    assert_eq!(count, 20, "a voucher was provisioned twice");
    assert_eq!(unique, codes.into_iter().collect::<BTreeSet<_>>());
    let vouchers = new
        .count("select count(*) from events where event_type = 'VoucherGenerated'")
        .await;
    assert_eq!(
        new.count("select count(*) from events where event_type = 'VoucherProvisioned'")
            .await,
        vouchers
    );
    assert_eq!(new.count("select count(distinct aggregate_id) from events where event_type = 'VoucherProvisioned'").await, vouchers);
    let token = new.root_token().await;
    assert!(
        eventually(WAIT, || async {
            provisioned(&new, &token, &loc).await == 20
        })
        .await
    );
}

#[tokio::test]
async fn a_voucher_the_router_refuses_goes_dead_and_is_provisioned_after_a_retry() {
    let app = spawn_app().await;
    app.router.offline.store(true, Ordering::SeqCst);
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let generated = app.generate(&token, &loc, "1 Hari", 3).await;
    let codes = codes_of(&generated);
    let refused = codes[0].clone();
    let voucher_id = generated["data"]["generateVouchers"]["vouchers"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.router.refuse.lock().unwrap().push(refused.clone());
    app.router.offline.store(false, Ordering::SeqCst);

    assert!(
        eventually(WAIT, || async { outbox_status(&app, "dead").await == 1 }).await,
        "the refused row never went dead"
    );
    assert!(
        eventually(WAIT, || async {
            provisioned(&app, &token, &loc).await == 2
        })
        .await
    );
    let tries = app
        .router
        .adds
        .lock()
        .unwrap()
        .iter()
        .filter(|c| **c == refused)
        .count();
    assert_eq!(
        tries, 3,
        "expected max_attempts (3) tries of the refused voucher"
    );

    let r = app
        .gql(Some(&token), "{ outbox(status:\"dead\") { id idempotencyKey partitionKey status attempts lastError } }", json!({}))
        .await;
    let dead = r["data"]["outbox"]
        .as_array()
        .unwrap_or_else(|| panic!("outbox failed: {r}"));
    assert_eq!(dead.len(), 1, "{r}");
    assert_eq!(dead[0]["idempotencyKey"], format!("provision:{voucher_id}"));
    assert_eq!(dead[0]["partitionKey"], loc.as_str());
    assert_eq!(dead[0]["attempts"], 3);
    let last_error = dead[0]["lastError"].as_str().unwrap_or_default();
    assert!(last_error.contains("refused"), "lastError: {last_error}");

    let r = app
        .gql(
            Some(&token),
            "query($id:String!){ history(aggregateType:\"Voucher\", aggregateId:$id) { eventType actor } }",
            json!({ "id": voucher_id }),
        )
        .await;
    let failures = r["data"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["eventType"] == "VoucherProvisioningFailed")
        .count();
    assert_eq!(failures, 3, "{r}");

    // An operator fixes the router; a super admin revives the row.
    app.router.refuse.lock().unwrap().clear();
    let id = dead[0]["id"].as_i64().unwrap();
    let r = app
        .gql(
            Some(&token),
            "mutation($id:Int!){ retryOutboxEntry(id:$id) }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(r["data"]["retryOutboxEntry"], true, "{r}");
    assert!(
        eventually(WAIT, || async {
            provisioned(&app, &token, &loc).await == 3
        })
        .await,
        "the revived voucher was not provisioned"
    );
    assert!(app.router.users.lock().unwrap().contains_key(&refused));
    assert_eq!(outbox_status(&app, "done").await, 3);
    assert_eq!(outbox_status(&app, "dead").await, 0);
    let r = app
        .gql(
            Some(&token),
            "mutation($id:Int!){ retryOutboxEntry(id:$id) }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        crate::helpers::code(&r),
        "NOT_FOUND",
        "a row that is not dead was revived: {r}"
    );
}

#[tokio::test]
async fn running_the_provisioning_saga_twice_over_the_same_events_enqueues_nothing_new() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    codes_of(&app.generate(&token, &loc, "1 Hari", 10).await);
    assert!(eventually(WAIT, || async { outbox_status(&app, "done").await == 10 }).await);
    let before: Vec<(i64, String)> =
        sqlx::query_as("select id, idempotency_key from outbox order by id")
            .fetch_all(app.pool())
            .await
            .unwrap();

    let mut tx = app.pool().begin().await.unwrap();
    let horizon = feed::safe_horizon(&mut tx).await.unwrap();
    let events = feed::read_after(&mut tx, LogCursor::START, horizon, 10_000)
        .await
        .unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.event_type == "VoucherGenerated")
            .count(),
        10
    );
    let saga = ProvisioningSaga;
    saga.apply(&mut tx, &events).await.unwrap();
    saga.apply(&mut tx, &events).await.unwrap();
    tx.commit().await.unwrap();

    let after: Vec<(i64, String)> =
        sqlx::query_as("select id, idempotency_key from outbox order by id")
            .fetch_all(app.pool())
            .await
            .unwrap();
    assert_eq!(after, before);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        outbox_status(&app, "done").await,
        10,
        "replayed saga reopened rows"
    );
    assert_eq!(
        app.router.add_count(),
        10,
        "replayed saga provisioned again"
    );
}
