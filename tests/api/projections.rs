//! Projections: gap-safe reading, idempotent handlers, rebuild equals live, failure status.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use serde_json::json;
use sqlx::{Connection, PgConnection};
use tagih_replay::{
    HostConfig, Interests, Progress, ProjectionError, ProjectionHost, Projector, Step, StoredEvent,
    rebuild,
};

use crate::helpers::{TestApp, eventually, minutes_ago, spawn_app};

/// Records the positions it was given; fails while `fail` is set.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<i64>>,
    fail: AtomicBool,
}

#[async_trait]
impl Projector for Recorder {
    fn name(&self) -> &'static str {
        "test_recorder"
    }
    fn interests(&self) -> Interests {
        Interests::all()
    }
    async fn apply(
        &self,
        _: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        if self.fail.load(Ordering::SeqCst) {
            return Err(ProjectionError::Other(
                "boom: read model unavailable".into(),
            ));
        }
        self.seen
            .lock()
            .unwrap()
            .extend(events.iter().map(|e| e.position));
        Ok(())
    }
}

/// A host of its own beside the app's (another lock group), driving only `projector`.
pub async fn test_host(
    app: &TestApp,
    projector: Arc<dyn Projector>,
    config: HostConfig,
) -> ProjectionHost {
    let config = HostConfig {
        group: "test",
        ..config
    };
    ProjectionHost::new(
        app.pool().clone(),
        Progress::default(),
        config,
        vec![projector],
    )
    .await
    .unwrap()
}

fn insert_sql(id: &str) -> String {
    format!(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         values ('Test', '{id}', 1, 'Tested', '1.0', '{{}}', '{{}}') returning position"
    )
}

#[tokio::test]
async fn a_transaction_holding_a_lower_position_open_is_never_skipped() {
    let app = spawn_app().await;
    let rec = Arc::new(Recorder::default());
    let runner = test_host(&app, rec.clone(), HostConfig::default()).await;
    while matches!(runner.run_once().await.unwrap(), Step::Applied(_)) {}
    rec.seen.lock().unwrap().clear();

    // T2 takes its transaction id first (as a voucher batch does when it reserves codes)...
    let mut t2 = PgConnection::connect(&app.db_url).await.unwrap();
    sqlx::query("begin").execute(&mut t2).await.unwrap();
    sqlx::query("insert into voucher_codes values ('loc', 'CODE', 'v')")
        .execute(&mut t2)
        .await
        .unwrap();
    // ...T1 appends (lower position) and stays open...
    let mut t1 = PgConnection::connect(&app.db_url).await.unwrap();
    sqlx::query("begin").execute(&mut t1).await.unwrap();
    let low: i64 = sqlx::query_scalar(&insert_sql("slow"))
        .fetch_one(&mut t1)
        .await
        .unwrap();
    // ...T2 appends (higher position) and commits first.
    let high: i64 = sqlx::query_scalar(&insert_sql("fast"))
        .fetch_one(&mut t2)
        .await
        .unwrap();
    sqlx::query("commit").execute(&mut t2).await.unwrap();
    assert!(low < high);

    while matches!(runner.run_once().await.unwrap(), Step::Applied(_)) {}
    assert!(
        !rec.seen.lock().unwrap().contains(&low),
        "an in-flight event cannot have been read"
    );
    sqlx::query("commit").execute(&mut t1).await.unwrap();
    // The horizon is cluster-wide: another test's open transaction may delay (never skip)
    // the event, so keep running passes until it arrives.
    let arrived = eventually(Duration::from_secs(10), || async {
        while matches!(runner.run_once().await.unwrap(), Step::Applied(_)) {}
        rec.seen.lock().unwrap().contains(&low)
    })
    .await;
    assert!(arrived, "the slow transaction's event never arrived");
    let seen = rec.seen.lock().unwrap().clone();
    assert!(
        seen.contains(&low),
        "the slow transaction's event was skipped: {seen:?}"
    );
    assert!(seen.contains(&high));
    assert_eq!(seen.len(), 2, "each event exactly once: {seen:?}");
}

#[tokio::test]
async fn a_failing_projection_shows_failed_and_catches_up_after_recovery() {
    let app = spawn_app().await;
    let rec = Arc::new(Recorder::default());
    rec.fail.store(true, Ordering::SeqCst);
    let config = HostConfig {
        tick: Duration::from_millis(50),
        ..HostConfig::default()
    };
    let task = Arc::new(test_host(&app, rec.clone(), config).await)
        .spawn(Arc::new(tokio::sync::Notify::new()));
    let failed = eventually(Duration::from_secs(15), || async {
        let row: (String, Option<String>) = sqlx::query_as(
            "select status, last_error from projection_checkpoint where name = 'test_recorder'",
        )
        .fetch_one(app.pool())
        .await
        .unwrap();
        row.0 == "failed" && row.1.is_some_and(|e| e.contains("boom"))
    })
    .await;
    assert!(failed, "the failure must be visible");
    assert!(
        rec.seen.lock().unwrap().is_empty(),
        "nothing may be skipped while failing"
    );
    rec.fail.store(false, Ordering::SeqCst);
    let total = app.count("select count(*) from events").await as usize;
    // Bounded generously: the horizon is cluster-wide, so other writers may delay reads.
    let recovered = eventually(Duration::from_secs(30), || async {
        rec.seen.lock().unwrap().len() == total
    })
    .await;
    assert!(
        recovered,
        "the projection must catch up once the cause is gone"
    );
    // The recorder sees events inside `apply`, a moment before the runner commits the
    // checkpoint with status 'live': wait for that commit.
    let live = eventually(Duration::from_secs(10), || async {
        let status: String = sqlx::query_scalar(
            "select status from projection_checkpoint where name = 'test_recorder'",
        )
        .fetch_one(app.pool())
        .await
        .unwrap();
        status == "live"
    })
    .await;
    task.abort();
    assert!(live, "the checkpoint must show the projection live again");
}

/// Every read-model table as JSON, ordered, for comparisons.
async fn read_models(app: &TestApp) -> serde_json::Value {
    let mut all = serde_json::Map::new();
    for t in [
        "rm_admin_users",
        "rm_revoked_sessions",
        "rm_locations",
        "rm_voucher_profiles",
        "rm_voucher_batches",
        "rm_vouchers",
        "rm_finance_ledger",
        "rm_finance_sources",
        "rm_finance_daily",
        "rm_receipts",
    ] {
        let rows: Option<serde_json::Value> = sqlx::query_scalar(&format!(
            // The whole row orders it: some tables' first column repeats (daily sums).
            "select json_agg(t order by t::text) from (select * from {t}) t"
        ))
        .fetch_one(app.pool())
        .await
        .unwrap();
        all.insert(t.to_string(), rows.unwrap_or(json!([])));
    }
    serde_json::Value::Object(all)
}

async fn busy_history(app: &TestApp) {
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let r = app.generate(&token, &loc, "1 Hari", 50).await;
    let id = r["data"]["generateVouchers"]["vouchers"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .gql(
            Some(&token),
            "mutation($id:String!,$at:DateTime!){ activateVoucher(id:$id, firstLoginAt:$at) }",
            json!({"id": id, "at": minutes_ago(60).to_rfc3339()}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    // A batch sold to a reseller and returned: sales and their reversals in the ledger.
    let batch = r#"mutation($b:String!){ sellVoucherBatch(batchId:$b, reseller:"Warung", agreedPrice:"4500") }"#;
    let b = app.generate(&token, &loc, "1 Hari", 3).await["data"]["generateVouchers"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app.gql(Some(&token), batch, json!({"b": b})).await;
    assert_eq!(r["data"]["sellVoucherBatch"], 3, "{r}");
    let refund = r#"mutation($b:String!){ refundVoucherBatch(batchId:$b, reason:"returned") }"#;
    let r = app.gql(Some(&token), refund, json!({"b": b})).await;
    assert_eq!(r["data"]["refundVoucherBatch"], 3, "{r}");
    let r = app.gql(Some(&token), "mutation{ logout }", json!({})).await;
    assert!(r["errors"].is_null(), "{r}");
    app.gql(
        Some(&app.root_token().await),
        "mutation($l:String!){ setLocationActive(id:$l, active:false) { active } }",
        json!({"l": loc}),
    )
    .await;
}

async fn caught_up(app: &TestApp) {
    let ok = eventually(Duration::from_secs(10), || async {
        app.count("select count(*) from projection_checkpoint where name not like 'test%' and (tx_id, position) < (select tx_id::text::bigint, position from events order by tx_id desc, position desc limit 1)").await == 0
    }).await;
    assert!(ok, "projections did not catch up");
}

#[tokio::test]
async fn applying_the_log_twice_gives_the_same_rows() {
    let app = spawn_app().await;
    busy_history(&app).await;
    caught_up(&app).await;
    let before = read_models(&app).await;
    let mut tx = app.pool().begin().await.unwrap();
    let events =
        tagih_replay::feed::read_after(&mut tx, tagih_replay::LogCursor::START, i64::MAX, 100_000)
            .await
            .unwrap();
    for p in tagih_projections::all() {
        p.apply(&mut tx, &events).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(read_models(&app).await, before);
}

#[tokio::test]
async fn a_rebuild_equals_the_live_read_model() {
    let app = spawn_app().await;
    busy_history(&app).await;
    caught_up(&app).await;
    let before = read_models(&app).await;
    for p in tagih_projections::all() {
        let (tx, pos): (i64, i64) = sqlx::query_as(
            "select tx_id::text::bigint, position from events order by tx_id desc, position desc limit 1",
        )
        .fetch_one(app.pool())
        .await
        .unwrap();
        let report = rebuild::rebuild(app.pool(), p.as_ref(), |_| {})
            .await
            .unwrap();
        // It read exactly the events of the aggregate types it declares up to its
        // checkpoint, which is at least where the log's head was when it started.
        let types = p
            .interests()
            .aggregate_types()
            .expect("read models name their types");
        let of_its_types: i64 = sqlx::query_scalar(
            "select count(*) from events where aggregate_type = any($1)
                and (tx_id::text::bigint, position) <= ($2, $3)",
        )
        .bind(&types)
        .bind(report.checkpoint.tx_id)
        .bind(report.checkpoint.position)
        .fetch_one(app.pool())
        .await
        .unwrap();
        assert_eq!(report.events as i64, of_its_types, "{}", p.name());
        assert!(
            report.checkpoint >= tagih_replay::LogCursor::new(tx, pos),
            "{}",
            p.name()
        );
    }
    assert_eq!(read_models(&app).await, before);
    // The path of a read model too large for memory: the fold is written out every two
    // rows and later events load the rows they touch from the half-built table.
    for p in tagih_projections::all() {
        let report = rebuild::rebuild_holding(app.pool(), p.as_ref(), 2, |_| {})
            .await
            .unwrap();
        assert!(!report.careful, "{}", p.name());
    }
    assert_eq!(read_models(&app).await, before);
    // The live host keeps working on the swapped-in tables.
    let token = app.root_token().await;
    let loc = app.create_location(&token, "After Rebuild").await;
    let ok = eventually(Duration::from_secs(5), || async {
        app.count(&format!(
            "select count(*) from rm_locations where id = '{loc}'"
        ))
        .await
            == 1
    })
    .await;
    assert!(ok);
}

#[tokio::test]
async fn rebuilds_keep_the_tables_indexes_and_their_names() {
    let app = spawn_app().await;
    busy_history(&app).await;
    caught_up(&app).await;
    let indexes = || async {
        let names: Vec<(String, String)> = sqlx::query_as(
            "select indexname::text, regexp_replace(indexdef, 'INDEX \\S+ ON', 'INDEX ON')
               from pg_indexes where tablename = 'rm_vouchers' order by 1",
        )
        .fetch_all(app.pool())
        .await
        .unwrap();
        names
    };
    let before = indexes().await;
    assert!(before.len() >= 5, "{before:?}");
    for _ in 0..2 {
        let p = tagih_projections::all()
            .into_iter()
            .find(|p| p.name() == "vouchers")
            .unwrap();
        rebuild::rebuild(app.pool(), p.as_ref(), |_| {})
            .await
            .unwrap();
        assert_eq!(
            indexes().await,
            before,
            "same indexes under the same names after a rebuild"
        );
    }
}

/// Counts its `apply` calls; reads only what `interests` says.
struct Counter {
    name: &'static str,
    interests: Interests,
    calls: std::sync::atomic::AtomicUsize,
    down: AtomicBool,
}

impl Counter {
    fn new(name: &'static str, interests: Interests) -> Arc<Self> {
        Arc::new(Self {
            name,
            interests,
            calls: 0.into(),
            down: false.into(),
        })
    }
}

#[async_trait]
impl Projector for Counter {
    fn name(&self) -> &'static str {
        self.name
    }
    fn interests(&self) -> Interests {
        self.interests.clone()
    }
    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        // A write of its own, so that a failure after it must be rolled back alone.
        sqlx::query("insert into test_counted values ($1, $2) on conflict do nothing")
            .bind(self.name)
            .bind(events.len() as i64)
            .execute(&mut *conn)
            .await?;
        if self.down.load(Ordering::SeqCst) {
            return Err(ProjectionError::Other("counter down".into()));
        }
        Ok(())
    }
}

async fn checkpoint_of(app: &TestApp, name: &str) -> (String, i64) {
    sqlx::query_as("select status, position from projection_checkpoint where name = $1")
        .bind(name)
        .fetch_one(app.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn one_host_moves_every_consumer_and_calls_only_those_a_batch_concerns() {
    let app = spawn_app().await;
    sqlx::query("create table test_counted (name text, n bigint, primary key (name, n))")
        .execute(app.pool())
        .await
        .unwrap();
    let reader = Counter::new("test_reader", Interests::aggregates(&["Test"]));
    let idle = Counter::new("test_idle", Interests::aggregates(&["NeverWritten"]));
    let down = Counter::new("test_down", Interests::aggregates(&["Test"]));
    down.down.store(true, Ordering::SeqCst);
    let progress = Progress::default();
    let host = ProjectionHost::new(
        app.pool().clone(),
        progress.clone(),
        HostConfig {
            group: "test",
            max_backoff: Duration::from_millis(100),
            ..HostConfig::default()
        },
        vec![reader.clone(), idle.clone(), down.clone()],
    )
    .await
    .unwrap();
    let mut newest = 0;
    for i in 0..3 {
        newest = sqlx::query_scalar(&insert_sql(&format!("host-{i}")))
            .fetch_one(app.pool())
            .await
            .unwrap();
    }
    let reached = eventually(Duration::from_secs(20), || async {
        while matches!(host.run_once().await.unwrap(), Step::Applied(_)) {}
        checkpoint_of(&app, "test_reader").await.1 >= newest
            && checkpoint_of(&app, "test_idle").await.1 >= newest
    })
    .await;
    assert!(reached, "the healthy consumers must reach the head");
    // The one that reads nothing of this log moved without ever being called.
    assert_eq!(idle.calls.load(Ordering::SeqCst), 0);
    assert!(progress.current("test_idle").position >= newest);
    assert!(reader.calls.load(Ordering::SeqCst) >= 1);
    // The failing one is shown failed, has not moved, and its writes were rolled back
    // alone: the reader's rows are there, none of its own.
    let (status, position) = checkpoint_of(&app, "test_down").await;
    assert_eq!(status, "failed");
    assert!(position < newest);
    assert!(down.calls.load(Ordering::SeqCst) >= 1);
    assert_eq!(
        app.count("select count(*) from test_counted where name = 'test_down'")
            .await,
        0
    );
    assert!(
        app.count("select count(*) from test_counted where name = 'test_reader'")
            .await
            >= 1
    );
    // Back up: it catches up from where it stopped.
    down.down.store(false, Ordering::SeqCst);
    let recovered = eventually(Duration::from_secs(20), || async {
        while matches!(host.run_once().await.unwrap(), Step::Applied(_)) {}
        let (status, position) = checkpoint_of(&app, "test_down").await;
        status == "live" && position >= newest
    })
    .await;
    assert!(
        recovered,
        "the failed consumer must catch up once the cause is gone"
    );
}
