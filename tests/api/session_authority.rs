//! Sessions checked from memory (ADR 0019): revocations reach the serving instance before
//! it answers and every other instance within a NOTIFY; a valid token costs no database
//! round trip; a lost listener reloads everything; WebSocket operations see the session
//! as it is now.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::{Connection, PgConnection};
use tagih::startup::{self, Options};
use tagih_commands::sessions::{Refusal, SessionClaim, Verdict};
use tagih_commands::{Metadata, SystemClock};

use crate::helpers::{
    FakeRouter, ROOT, Spawn, TestApp, code, eventually, fresh_database, spawn_app, test_settings,
};
use crate::subscriptions::WsClient;

/// A field only admins (and above) may read, and that reads no table: what it costs is
/// the token check alone.
const PROBE: &str = "{ templateVariables { name } }";
/// How long another instance may take to hear of a change: a NOTIFY round trip, with
/// room for a loaded machine.
const NOTIFY_WAIT: Duration = Duration::from_secs(5);

const LOGGED_OUT: &str = "session has been logged out";
const SUPERSEDED: &str = "session was revoked; log in again";
const DEACTIVATED: &str = "account is deactivated";

async fn instance(settings: tagih::config::Settings, db_url: &str) -> TestApp {
    let router = Arc::new(FakeRouter::default());
    let options = Options {
        clock: Arc::new(SystemClock),
        router_gateway: router.clone(),
        worker: Spawn::default().worker,
    };
    let app = startup::build(settings, options)
        .await
        .expect("instance failed to start");
    let app = TestApp {
        url: format!("http://{}", app.address),
        app,
        db_url: db_url.to_string(),
        client: reqwest::Client::new(),
        router,
    };
    live(&app).await;
    app
}

/// Two instances on one database with the same keys (a token of one works on the other).
async fn two_instances() -> (TestApp, TestApp) {
    let db_url = fresh_database().await;
    let settings = test_settings(&db_url, false).await;
    let a = instance(settings.clone(), &db_url).await;
    let b = instance(settings, &db_url).await;
    (a, b)
}

async fn live(app: &TestApp) {
    let sessions = app.app.sessions.clone();
    assert!(
        eventually(Duration::from_secs(10), || {
            let live = sessions.is_live();
            async move { live }
        })
        .await,
        "the session authority never went live"
    );
}

async fn probe(app: &TestApp, token: &str) -> Value {
    app.gql(Some(token), PROBE, json!({})).await
}

fn allowed(r: &Value) -> bool {
    r["errors"].is_null() && r["data"]["templateVariables"].is_array()
}

fn refused_with(r: &Value, message: &str) -> bool {
    code(r) == "UNAUTHENTICATED" && r["errors"][0]["message"] == message
}

async fn refused_within(app: &TestApp, token: &str, message: &str) -> bool {
    eventually(NOTIFY_WAIT, || async {
        refused_with(&probe(app, token).await, message)
    })
    .await
}

async fn mutate(app: &TestApp, token: &str, query: &str, variables: Value) {
    let r = app.gql(Some(token), query, variables).await;
    assert!(r["errors"].is_null(), "{query}: {r}");
}

async fn create_admin(app: &TestApp, root: &str, username: &str, role: &str) {
    let q = format!(
        "mutation($u:String!){{ createAdmin(input:{{username:$u, password:\"password-of-{username}\", role:{role}}}) {{ id }} }}"
    );
    mutate(app, root, &q, json!({"u": username})).await;
}

#[tokio::test]
async fn a_logout_is_refused_at_once_where_served_and_within_a_notify_on_another_instance() {
    let (a, b) = two_instances().await;
    let token = a.root_token().await;
    let other = a.root_token().await;
    assert!(allowed(&probe(&a, &token).await));
    assert!(allowed(&probe(&b, &token).await));

    mutate(&a, &token, "mutation { logout }", json!({})).await;
    let r = probe(&a, &token).await;
    assert!(refused_with(&r, LOGGED_OUT), "at once where served: {r}");
    assert!(
        refused_within(&b, &token, LOGGED_OUT).await,
        "the other instance still accepts the logged-out token"
    );
    for app in [&a, &b] {
        let r = probe(app, &other).await;
        assert!(allowed(&r), "the other session must survive: {r}");
    }
}

#[tokio::test]
async fn a_demoted_admins_tokens_are_refused_at_once_and_a_new_login_carries_the_lower_role() {
    let (a, b) = two_instances().await;
    let root = a.root_token().await;
    create_admin(&a, &root, "boss", "ADMIN").await;
    // Created on A a moment ago: B checks the first token against the store if it has not
    // heard of the account yet.
    let token = a.login("boss", "password-of-boss").await;
    assert!(allowed(&probe(&b, &token).await));
    assert!(allowed(&probe(&a, &token).await));

    let demote = "mutation { setAdminRole(id:\"boss\", role:OPERATOR) }";
    mutate(&a, &root, demote, json!({})).await;
    let r = probe(&a, &token).await;
    assert!(refused_with(&r, SUPERSEDED), "at once where served: {r}");
    assert!(
        refused_within(&b, &token, SUPERSEDED).await,
        "the other instance still accepts the demoted admin's token"
    );

    // A token of the new generation, used at once on the other instance.
    let fresh = a.login("boss", "password-of-boss").await;
    for app in [&b, &a] {
        let r = probe(app, &fresh).await;
        assert_eq!(code(&r), "FORBIDDEN", "an operator reads no templates: {r}");
        let me = app.gql(Some(&fresh), "{ me { role } }", json!({})).await;
        assert_eq!(me["data"]["me"]["role"], "operator", "{me}");
    }
    let own = format!("mutation {{ setAdminRole(id:\"{ROOT}\", role:OPERATOR) }}");
    let r = a.gql(Some(&root), &own, json!({})).await;
    assert_eq!(code(&r), "REJECTED", "{r}");
}

#[tokio::test]
async fn deactivation_is_refused_everywhere_and_a_reactivated_admins_new_token_works_at_once() {
    let (a, b) = two_instances().await;
    let root = a.root_token().await;
    create_admin(&a, &root, "budi", "ADMIN").await;
    let token = b.login("budi", "password-of-budi").await;
    assert!(allowed(&probe(&a, &token).await));

    let set_active = "mutation($a:Boolean!){ setAdminActive(id:\"budi\", active:$a) }";
    mutate(&a, &root, set_active, json!({"a": false})).await;
    let r = probe(&a, &token).await;
    assert!(refused_with(&r, DEACTIVATED), "at once where served: {r}");
    assert!(
        refused_within(&b, &token, DEACTIVATED).await,
        "the other instance still accepts the deactivated admin's token"
    );

    // Reactivated on A, logged in on A, used on B at once: B may not have heard of the
    // reactivation yet, and must not refuse a token newer than what it knows.
    mutate(&a, &root, set_active, json!({"a": true})).await;
    let fresh = a.login("budi", "password-of-budi").await;
    let r = probe(&b, &fresh).await;
    assert!(allowed(&r), "{r}");
    let r = probe(&b, &token).await;
    assert!(
        refused_with(&r, SUPERSEDED),
        "tokens from before the deactivation stay void: {r}"
    );
}

/// Every connection of the instance's pool is held by the test: any query a request made
/// would wait for one (10 s). Authenticated requests answering at once make none.
#[tokio::test]
async fn a_request_with_a_valid_token_makes_no_database_query_to_authenticate() {
    let app = spawn_app().await;
    live(&app).await;
    let token = app.root_token().await;
    assert!(allowed(&probe(&app, &token).await));

    let mut held = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_millis(300), app.pool().acquire()).await {
            Ok(Ok(conn)) => held.push(conn),
            Ok(Err(e)) => panic!("cannot take a pool connection: {e}"),
            Err(_) => break,
        }
    }
    assert_eq!(
        app.pool().num_idle(),
        0,
        "the pool still has a free connection"
    );
    for i in 0..20 {
        let r = tokio::time::timeout(Duration::from_secs(3), probe(&app, &token))
            .await
            .unwrap_or_else(|_| panic!("request {i} waited for the database"));
        assert!(allowed(&r), "request {i}: {r}");
    }
    drop(held);
}

/// Notices are lost (the trigger is off while a logout is written), then the listener's
/// connection is killed: the reload on reconnect must find the logout.
#[tokio::test]
async fn the_authority_reloads_everything_after_its_listener_connection_is_lost() {
    let app = spawn_app().await;
    live(&app).await;
    let token = app.root_token().await;
    let session_id: String = sqlx::query_scalar(
        "select payload->'AdminLoggedIn'->>'session_id' from events
          where aggregate_id = $1 and event_type = 'AdminLoggedIn' order by sequence desc limit 1",
    )
    .bind(ROOT)
    .fetch_one(app.pool())
    .await
    .unwrap();
    let trigger = |on: bool| {
        let verb = if on { "enable" } else { "disable" };
        format!("alter table events {verb} trigger events_admin_sessions_notify")
    };
    sqlx::query(&trigger(false))
        .execute(app.pool())
        .await
        .unwrap();
    // Written behind the API's back (no instance served it): only the store knows.
    tagih_commands::admins::logout(&app.app.bus, ROOT, &session_id, &Metadata::system("test"))
        .await
        .unwrap();
    sqlx::query(&trigger(true))
        .execute(app.pool())
        .await
        .unwrap();
    let r = probe(&app, &token).await;
    assert!(
        allowed(&r),
        "memory missed the logout, as the test intends: {r}"
    );

    let database = app.db_url.rsplit('/').next().unwrap().to_string();
    let mut conn = PgConnection::connect(&crate::helpers::server_url())
        .await
        .unwrap();
    let old = listener_pids(&mut conn, &database).await;
    assert_eq!(old.len(), 1, "one session listener per instance: {old:?}");
    let killed: bool = sqlx::query_scalar("select pg_terminate_backend($1)")
        .bind(old[0])
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(killed);

    // No request in between (a token check while memory is not trusted would read the
    // store itself): wait for a new listener and memory trusted again, i.e. reloaded.
    let mut reconnected = false;
    for _ in 0..200 {
        let now = listener_pids(&mut conn, &database).await;
        if now.len() == 1 && now != old && app.app.sessions.is_live() {
            reconnected = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(reconnected, "the session listener did not come back");
    let claim = SessionClaim {
        admin_id: ROOT,
        session_id: &session_id,
        generation: 0,
    };
    assert_eq!(
        app.app.sessions.check(&claim),
        Some(Verdict::Refused(Refusal::LoggedOut)),
        "memory, reloaded, has the logout"
    );
    let r = probe(&app, &token).await;
    assert!(refused_with(&r, LOGGED_OUT), "{r}");
}

/// The backends of the database's session listeners.
async fn listener_pids(conn: &mut PgConnection, database: &str) -> Vec<i32> {
    sqlx::query_scalar(
        "select pid from pg_stat_activity where datname = $1 and application_name = $2",
    )
    .bind(database)
    .bind(tagih_commands::sessions::APPLICATION_NAME)
    .fetch_all(conn)
    .await
    .unwrap()
}

/// The error code of a protocol message carrying errors (`next` with errors, or `error`).
fn ws_error_code(msg: &Value) -> Option<&str> {
    let error = match msg["type"].as_str() {
        Some("next") => &msg["payload"]["errors"][0],
        Some("error") => &msg["payload"][0],
        _ => return None,
    };
    error["extensions"]["code"].as_str()
}

#[tokio::test]
async fn a_subscription_ends_when_its_session_is_logged_out_and_new_operations_are_refused() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let writer = app.root_token().await;
    let mut ws = WsClient::connect(&app, Some(&token)).await;
    let events = "subscription { events { position } }";
    let id = ws.subscribe(events, json!({})).await;
    // Live once something arrives (see the events subscription tests).
    let mut arrived = false;
    for attempt in 0..10 {
        app.create_location(&writer, &format!("Desa {attempt}"))
            .await;
        if ws.next(&id, Duration::from_secs(3)).await.is_some() {
            arrived = true;
            break;
        }
    }
    assert!(arrived, "the subscription never delivered");

    mutate(&app, &token, "mutation { logout }", json!({})).await;
    app.create_location(&writer, "Desa Sesudah").await;
    let refusal = loop {
        let msg = ws
            .recv(Duration::from_secs(10))
            .await
            .expect("the subscription neither ended nor delivered");
        assert_eq!(msg["id"], id.as_str(), "{msg}");
        if ws_error_code(&msg).is_some() {
            break msg;
        }
        // Only what was on its way before the logout answered may still arrive.
        assert_eq!(msg["type"], "next", "{msg}");
    };
    assert_eq!(
        ws_error_code(&refusal),
        Some("UNAUTHENTICATED"),
        "{refusal}"
    );
    let done = ws.recv(Duration::from_secs(5)).await.expect("no complete");
    assert_eq!(done["type"], "complete", "{done}");

    let again = ws.subscribe(events, json!({})).await;
    let msg = ws.recv(Duration::from_secs(5)).await.expect("no answer");
    assert_eq!(msg["id"], again.as_str(), "{msg}");
    assert_eq!(ws_error_code(&msg), Some("UNAUTHENTICATED"), "{msg}");
}

/// Start-up and reconnect read every admin event; a notice or a token newer than memory
/// reads one admin's tail. Both on the primary key, whatever the statistics say.
#[tokio::test]
async fn the_authoritys_queries_use_the_primary_key_on_a_never_analysed_database() {
    let mut conn = PgConnection::connect(&fresh_database().await)
        .await
        .unwrap();
    sqlx::query(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type,
                             event_version, payload, metadata)
         select case when g % 100 = 0 then 'AdminUser' else 'Test' end, 'a' || g, 1,
                'Happened', '1', '{}', '{}'
           from generate_series(1, 10000) g",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let queries = [
        "select aggregate_id, sequence, recorded_at, payload::text from events
          where aggregate_type = $1 order by aggregate_id, sequence",
        "select aggregate_id, sequence, recorded_at, payload::text from events
          where aggregate_type = $1 and aggregate_id = $2 and sequence > $3 order by sequence",
    ];
    for mode in ["force_custom_plan", "force_generic_plan"] {
        sqlx::query(&format!("set plan_cache_mode = {mode}"))
            .execute(&mut conn)
            .await
            .unwrap();
        for (i, q) in queries.iter().enumerate() {
            let args = if i == 0 {
                "('AdminUser')"
            } else {
                "('AdminUser', 'a100', 0)"
            };
            let types = if i == 0 {
                "(text)"
            } else {
                "(text, text, bigint)"
            };
            sqlx::query(&format!("prepare q{i} {types} as {q}"))
                .execute(&mut conn)
                .await
                .unwrap();
            let plan: Vec<String> = sqlx::query_scalar(&format!("explain execute q{i} {args}"))
                .fetch_all(&mut conn)
                .await
                .unwrap();
            let plan = plan.join("\n");
            assert!(!plan.contains("Seq Scan"), "{mode}, query {i}:\n{plan}");
            sqlx::query(&format!("deallocate q{i}"))
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
}
