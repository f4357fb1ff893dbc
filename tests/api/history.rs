//! Auditors' views over GraphQL: an aggregate's history (secrets redacted), its state at
//! an instant, and the whole log paged in commit order.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, code, spawn_app};

const HISTORY: &str = "query($t:String!,$id:String!){ history(aggregateType:$t, aggregateId:$id) { position sequence eventType recordedAt actor command payload } }";
const STATE_AT: &str = "query($t:String!,$id:String!,$at:DateTime!){ stateAt(aggregateType:$t, aggregateId:$id, at:$at) }";

async fn history(app: &TestApp, token: &str, ty: &str, id: &str) -> Value {
    app.gql(Some(token), HISTORY, json!({"t": ty, "id": id}))
        .await
}

async fn state_at(app: &TestApp, token: &str, id: &str, at: DateTime<Utc>) -> Value {
    let r = app
        .gql(
            Some(token),
            STATE_AT,
            json!({"t": "Location", "id": id, "at": at.to_rfc3339()}),
        )
        .await;
    assert!(r["errors"].is_null(), "stateAt failed: {r}");
    r["data"]["stateAt"].clone()
}

async fn rename(app: &TestApp, token: &str, id: &str, name: &str) {
    let q = "mutation($id:String!,$n:String!){ updateLocation(id:$id, input:{name:$n}) { name } }";
    let r = app.gql(Some(token), q, json!({"id": id, "n": name})).await;
    assert_eq!(r["data"]["updateLocation"]["name"], name, "{r}");
}

fn recorded_at(event: &Value) -> DateTime<Utc> {
    event["recordedAt"]
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .unwrap_or_else(|| panic!("no recordedAt in {event}"))
        .with_timezone(&Utc)
}

#[tokio::test]
async fn history_lists_a_locations_events_with_who_and_redacts_the_router_password() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let loc = app.create_location(&root, "Desa Lama").await;
    rename(&app, &root, &loc, "Desa Baru").await;

    let r = history(&app, &root, "Location", &loc).await;
    let events = r["data"]["history"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(events.len(), 2, "{r}");
    let types: Vec<&str> = events
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["LocationCreated", "LocationUpdated"]);
    assert_eq!(events[0]["sequence"], 1);
    assert_eq!(events[1]["sequence"], 2);
    assert!(events[0]["position"].as_i64().unwrap() < events[1]["position"].as_i64().unwrap());
    assert!(recorded_at(&events[0]) <= recorded_at(&events[1]));
    for e in events {
        assert_eq!(e["actor"], "root", "{e}");
    }
    assert_eq!(events[0]["command"], "CreateLocation");

    let created = &events[0]["payload"]["LocationCreated"];
    assert_eq!(created["name"], "Desa Lama", "{created}");
    assert_eq!(
        created["password_enc"], "[redacted]",
        "the ciphertext must not leave the server"
    );
    assert_eq!(
        events[1]["payload"]["LocationUpdated"]["password_enc"],
        "[redacted]"
    );
    assert!(!r.to_string().contains("router-pass"), "{r}");
}

#[tokio::test]
async fn state_at_shows_the_location_as_it_was_at_each_instant() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let loc = app.create_location(&root, "Desa Lama").await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    rename(&app, &root, &loc, "Desa Baru").await;
    let r = history(&app, &root, "Location", &loc).await;
    let created = recorded_at(&r["data"]["history"][0]);
    let updated = recorded_at(&r["data"]["history"][1]);
    assert!(created < updated, "{r}");

    let before = state_at(
        &app,
        &root,
        &loc,
        created - chrono::Duration::milliseconds(1),
    )
    .await;
    assert!(before.is_null(), "the location did not exist yet: {before}");
    let between = state_at(&app, &root, &loc, created + (updated - created) / 2).await;
    assert_eq!(between["settings"]["name"], "Desa Lama", "{between}");
    assert_eq!(
        between["settings"]["password_enc"], "[redacted]",
        "{between}"
    );
    let after = state_at(&app, &root, &loc, updated).await;
    assert_eq!(after["settings"]["name"], "Desa Baru", "{after}");
    let now = state_at(&app, &root, &loc, Utc::now()).await;
    assert_eq!(now, after);
}

#[tokio::test]
async fn an_unknown_aggregate_type_is_bad_input() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let r = history(&app, &root, "Spaceship", "x").await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
    let r = app
        .gql(
            Some(&root),
            STATE_AT,
            json!({"t": "Spaceship", "id": "x", "at": Utc::now().to_rfc3339()}),
        )
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
}

#[tokio::test]
async fn the_event_log_pages_through_every_event_once() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    // Admin, location and profile events; none of them starts a saga that writes later.
    for name in ["Desa Satu", "Desa Dua", "Desa Tiga"] {
        let loc = app.create_location(&root, name).await;
        app.create_profile(&root, &loc, "1 Hari").await;
        rename(&app, &root, &loc, &format!("{name} Baru")).await;
    }
    let stored: Vec<i64> = sqlx::query_scalar("select position from events order by position")
        .fetch_all(app.pool())
        .await
        .unwrap();
    assert!(
        stored.len() > 10,
        "too few events to page: {}",
        stored.len()
    );

    let q = "query($a:Int,$f:Int){ eventLog(afterPosition:$a, first:$f) { position eventType } }";
    let mut seen: Vec<i64> = Vec::new();
    let mut after: Option<i64> = None;
    let deadline = Instant::now() + Duration::from_secs(10);
    // Events only become readable once no older transaction can still commit; keep paging
    // until the log has caught up with the table.
    while seen.len() < stored.len() && Instant::now() < deadline {
        let r = app.gql(Some(&root), q, json!({"a": after, "f": 4})).await;
        let page = r["data"]["eventLog"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .clone();
        assert!(page.len() <= 4, "a page is never longer than `first`: {r}");
        if page.is_empty() {
            tokio::time::sleep(Duration::from_millis(25)).await;
            continue;
        }
        seen.extend(page.iter().map(|e| e["position"].as_i64().unwrap()));
        after = seen.last().copied();
    }
    let distinct: HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        seen.len(),
        "an event was repeated: {seen:?}"
    );
    assert_eq!(seen, stored, "the paged log differs from the table");
    let r = app.gql(Some(&root), q, json!({"a": after, "f": 4})).await;
    assert_eq!(
        r["data"]["eventLog"],
        json!([]),
        "nothing after the last event: {r}"
    );
}

#[tokio::test]
async fn every_aggregate_type_has_a_history_and_a_state() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let loc = app.location_with_profile(&root).await;
    let customer =
        crate::billing::customer_id(&app, &root, &loc, "Warung Bu Sri", "081355550000").await;
    let r = history(&app, &root, "Customer", &customer).await;
    assert!(r["errors"].is_null(), "{r}");
    assert_eq!(
        r["data"]["history"][0]["eventType"], "CustomerCreated",
        "{r}"
    );
    let r = app
        .gql(
            Some(&root),
            STATE_AT,
            json!({"t": "Customer", "id": customer, "at": (Utc::now() + chrono::Duration::minutes(1)).to_rfc3339()}),
        )
        .await;
    assert_eq!(
        r["data"]["stateAt"]["details"]["name"], "Warung Bu Sri",
        "{r}"
    );
    assert_eq!(r["data"]["stateAt"]["active"], true, "{r}");
    // Every registered type is accepted (an unknown id simply has no events).
    for kind in tagih_aggregates::event_registry::AGGREGATES {
        let r = history(&app, &root, kind.aggregate_type, "no-such-id").await;
        assert!(r["errors"].is_null(), "{}: {r}", kind.aggregate_type);
        assert_eq!(r["data"]["history"], json!([]), "{}", kind.aggregate_type);
    }
}
