//! Poisoned events (ADR 0012): dates outside the sane window are refused at the command
//! boundary; an event a read model cannot store anyway (an old one, a crafted one) is
//! skipped for that read model alone, shown in `projections`, `/metrics` and `/health`,
//! and `tagih replay rebuild` still succeeds.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Value, json};
use sqlx::PgConnection;
use tagih_replay::{HostConfig, Interests, ProjectionError, Projector, StoredEvent, rebuild};

use crate::helpers::{TestApp, code, eventually, spawn_app};

async fn customer(app: &TestApp, token: &str) -> String {
    let loc = app.create_location(token, "Desa Poison").await;
    let r = app
        .gql(
            Some(token),
            "mutation($l:String!){ createCustomer(input:{name:\"Budi\", phone:\"081234567890\", locationId:$l}) { id } }",
            json!({"l": loc}),
        )
        .await;
    r["data"]["createCustomer"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("createCustomer failed: {r}"))
        .to_string()
}

async fn create_subscription(
    app: &TestApp,
    token: &str,
    customer: &str,
    username: &str,
    starts_at: &str,
) -> Value {
    app.gql(
        Some(token),
        "mutation($c:String!,$u:String!,$s:DateTime!){ createSubscription(input:{customerId:$c, username:$u, plan:{profile:\"10M\", price:\"150000\"}, startsAt:$s}) { id username } }",
        json!({"c": customer, "u": username, "s": starts_at}),
    )
    .await
}

fn days_ago(n: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::days(n)).to_rfc3339()
}

#[tokio::test]
async fn a_start_outside_the_sane_window_is_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let c = customer(&app, &token).await;
    let before = app.count("select count(*) from events").await;
    for starts_at in [
        "9999-12-31T23:59:59Z",
        "1970-01-01T00:00:00Z",
        "2100-01-01T00:00:00Z",
    ] {
        let r = create_subscription(&app, &token, &c, "far.future", starts_at).await;
        assert_eq!(code(&r), "BAD_USER_INPUT", "{starts_at}: {r}");
        let message = r["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("start"), "the field is named: {message}");
    }
    assert_eq!(app.count("select count(*) from events").await, before);
    // The same refusal for a known expiry far away.
    let r = app
        .gql(
            Some(&token),
            "mutation($c:String!,$s:DateTime!){ createSubscription(input:{customerId:$c, username:\"far.expiry\", plan:{profile:\"10M\", price:\"150000\"}, startsAt:$s, expiresAt:\"9999-12-31T23:59:59Z\"}) { id } }",
            json!({"c": c, "s": days_ago(1)}),
        )
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
    // Inside the window it still works.
    let r = create_subscription(&app, &token, &c, "now.start", &days_ago(3)).await;
    assert!(r["errors"].is_null(), "{r}");
}

#[tokio::test]
async fn every_date_input_refuses_a_far_future_with_bad_user_input() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let r = app.generate(&token, &loc, "1 Hari", 1).await;
    let voucher = r["data"]["generateVouchers"]["vouchers"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_string();
    let activate =
        "mutation($id:String!,$at:DateTime!){ activateVoucher(id:$id, firstLoginAt:$at) }";
    let r = app
        .gql(
            Some(&token),
            activate,
            json!({"id": voucher, "at": "9999-12-31T23:59:59Z"}),
        )
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
    let r = app
        .gql(
            Some(&token),
            "{ debtAging(asOf:\"9999-12-31T23:59:59Z\") { total } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
    let r = app
        .gql(
            Some(&token),
            "{ financeReport(from:\"2026-01-01\", to:\"9999-12-31\", groupBy:DAY) { total { revenue } } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
    // The same voucher activates with a date inside the window.
    let r = app
        .gql(
            Some(&token),
            activate,
            json!({"id": voucher, "at": days_ago(0)}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
}

/// Writes a copy of `like`'s `SubscriptionCreated` under a new stream starting at the end
/// of year 9999, as the command wrote it before the input check existed: its expiry, one
/// month later, is in year 10000 (serialised `+10000-…`).
async fn craft_far_future_subscription(app: &TestApp, like: &str) -> i64 {
    let payload: String = sqlx::query_scalar(
        "select payload::text from events where aggregate_id = $1 and event_type = 'SubscriptionCreated'",
    )
    .bind(like)
    .fetch_one(app.pool())
    .await
    .unwrap();
    let mut payload: Value = serde_json::from_str(&payload).unwrap();
    let created = &mut payload["SubscriptionCreated"];
    created["starts_at"] = json!("9999-12-31T23:59:59Z");
    created["expiry"] = json!("+10000-01-31T23:59:59Z");
    created["username"] = json!("poisoned.one");
    sqlx::query_scalar(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         values ('Subscription', $1, 1, 'SubscriptionCreated', '1.0', $2::jsonb, '{}') returning position",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(payload.to_string())
    .fetch_one(app.pool())
    .await
    .unwrap()
}

async fn subscriptions_status(app: &TestApp, token: &str) -> Value {
    let r = app
        .gql(
            Some(token),
            "{ projections { name status lastError poisoned poisonedEvents { position eventType error } } }",
            json!({}),
        )
        .await;
    r["data"]["projections"]
        .as_array()
        .unwrap_or_else(|| panic!("projections failed: {r}"))
        .iter()
        .find(|p| p["name"] == "subscriptions")
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn an_event_the_subscriptions_model_cannot_store_is_skipped_for_it_alone() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let c = customer(&app, &token).await;
    let first = create_subscription(&app, &token, &c, "first.one", &days_ago(3)).await;
    let first_id = first["data"]["createSubscription"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{first}"))
        .to_string();
    let bad = craft_far_future_subscription(&app, &first_id).await;

    // Later subscription writes still land in the read model.
    let second = create_subscription(&app, &token, &c, "second.one", &days_ago(2)).await;
    assert!(second["errors"].is_null(), "{second}");
    let landed = eventually(Duration::from_secs(20), || async {
        app.count("select count(*) from rm_subscriptions where username = 'second.one'")
            .await
            == 1
    })
    .await;
    assert!(landed, "a later subscription must reach the read model");
    assert_eq!(
        app.count("select count(*) from rm_subscriptions where username = 'poisoned.one'")
            .await,
        0
    );

    // The projection says which event it skipped and why.
    let status = subscriptions_status(&app, &token).await;
    assert_eq!(status["status"], "poisoned", "{status}");
    assert_eq!(status["poisoned"], 1, "{status}");
    assert_eq!(status["poisonedEvents"][0]["position"], bad, "{status}");
    assert_eq!(
        status["poisonedEvents"][0]["eventType"],
        "SubscriptionCreated"
    );
    let error = status["lastError"].as_str().unwrap_or_default();
    assert!(
        !error.is_empty() && status["poisonedEvents"][0]["error"] == error,
        "{status}"
    );

    let metrics = app
        .client
        .get(format!("{}/metrics", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("tagih_projection_poisoned_events{projection=\"subscriptions\"} 1"),
        "{metrics}"
    );
    let health: Value = app
        .client
        .get(format!("{}/health", app.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "degraded", "{health}");

    // The repair path: a rebuild applies everything again; still-bad events are listed.
    let p = tagih_projections::all()
        .into_iter()
        .find(|p| p.name() == "subscriptions")
        .unwrap();
    let report = rebuild::rebuild(app.pool(), p.as_ref(), |_| {})
        .await
        .unwrap();
    // The in-memory fold met the bad event and the rebuild went batch by batch.
    assert!(report.careful);
    assert_eq!(
        report
            .poisoned
            .iter()
            .map(|e| e.position)
            .collect::<Vec<_>>(),
        vec![bad]
    );
    assert_eq!(
        app.count(
            "select count(*) from rm_subscriptions where username in ('first.one', 'second.one')"
        )
        .await,
        2
    );
    assert_eq!(subscriptions_status(&app, &token).await["poisoned"], 1);
}

/// Fails with a real data error (a smallint overflow) on events whose payload says so, and
/// with a read-model failure (not the event's fault) while `down` is set.
struct Picky {
    down: std::sync::atomic::AtomicBool,
}

#[async_trait]
impl Projector for Picky {
    fn name(&self) -> &'static str {
        "test_picky"
    }
    fn interests(&self) -> Interests {
        Interests::aggregates(&["Test"])
    }
    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        if self.down.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(ProjectionError::Other("read model down".into()));
        }
        for e in events {
            let n = e.payload_json()["n"].as_i64().unwrap_or(0);
            sqlx::query(
                "insert into test_picky values ($1, $2::int::smallint) on conflict do nothing",
            )
            .bind(e.position)
            .bind(n)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}

async fn test_event(app: &TestApp, n: i64) -> i64 {
    sqlx::query_scalar(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         values ('Test', $1, 1, 'Tested', '1.0', $2::jsonb, '{}') returning position",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(json!({"n": n}).to_string())
    .fetch_one(app.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn only_the_event_at_fault_is_skipped_and_a_down_read_model_skips_nothing() {
    let app = spawn_app().await;
    sqlx::query("create table test_picky (position bigint primary key, n smallint)")
        .execute(app.pool())
        .await
        .unwrap();
    let picky = Arc::new(Picky { down: true.into() });
    let config = HostConfig {
        tick: Duration::from_millis(50),
        max_backoff: Duration::from_millis(200),
        ..HostConfig::default()
    };
    let runner = Arc::new(crate::projections::test_host(&app, picky.clone(), config).await);
    let good_before = test_event(&app, 1).await;
    let bad = test_event(&app, 70_000).await;
    let good_after = test_event(&app, 2).await;
    let task = runner.spawn(Arc::new(tokio::sync::Notify::new()));

    // Down: failing passes pile up, yet nothing is skipped or poisoned.
    let failing = eventually(Duration::from_secs(10), || async {
        app.count("select count(*) from projection_checkpoint where name = 'test_picky' and status = 'failed' and failures >= 3").await == 1
    })
    .await;
    assert!(failing, "a down read model must show failed");
    assert_eq!(app.count("select count(*) from projection_poison").await, 0);
    assert_eq!(app.count("select count(*) from test_picky").await, 0);

    // Up again: every event but the one at fault lands, in order, and it is named.
    picky.down.store(false, std::sync::atomic::Ordering::SeqCst);
    let landed = eventually(Duration::from_secs(20), || async {
        app.count(&format!(
            "select count(*) from test_picky where position in ({good_before}, {good_after})"
        ))
        .await
            == 2
    })
    .await;
    assert!(landed, "the events around the bad one must land");
    assert_eq!(
        app.count(&format!(
            "select count(*) from test_picky where position = {bad}"
        ))
        .await,
        0
    );
    let ok = eventually(Duration::from_secs(10), || async {
        let row: Option<(String, Option<String>)> = sqlx::query_as(
            "select c.status, c.last_error from projection_checkpoint c
              where c.name = 'test_picky'
                and exists (select 1 from projection_poison p where p.projection = c.name and p.position = $1)",
        )
        .bind(bad)
        .fetch_optional(app.pool())
        .await
        .unwrap();
        row.is_some_and(|(s, e)| s == "poisoned" && e.is_some_and(|e| e.contains("smallint")))
    })
    .await;
    task.abort();
    assert!(ok, "the checkpoint must show the poisoned event's error");
    // Other projections were not touched by this one's poison.
    assert_eq!(
        app.count("select count(*) from projection_poison where projection <> 'test_picky'")
            .await,
        0
    );
}
