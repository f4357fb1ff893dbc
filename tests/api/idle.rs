//! An idle server costs (almost) no database work: runners and outbox workers sleep until a
//! notification or a due time, and only infrequent sweeps and scheduled jobs remain; the
//! queries a pass runs walk indexes whatever the statistics say (docs/adr/0013).

use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection};
use tagih::startup::{self, Options};
use tagih_commands::SystemClock;
use tagih_replay::LogCursor;
use tagih_sagas::WorkerConfig;

use crate::helpers::{FakeRouter, eventually, fresh_database, server_url, test_settings};

/// What an idle instance may cost, all periodic work included.
const MAX_IDLE_TX_PER_SEC: f64 = 5.0;
const WINDOW: Duration = Duration::from_secs(10);
/// A backend that goes idle reports its transaction counts to `pg_stat_database` at most
/// this long afterwards (PostgreSQL's PGSTAT_IDLE_INTERVAL, 10 s): the start-up burst must
/// have been reported before the window opens, or it would be counted as idle work.
const STATS_REPORT_DELAY: Duration = Duration::from_secs(11);

/// Committed plus rolled-back transactions of `database`, read from the server's maintenance
/// database so that these reads are not counted against the database measured.
async fn transactions(conn: &mut PgConnection, database: &str) -> i64 {
    sqlx::query_scalar(
        "select (xact_commit + xact_rollback)::bigint from pg_stat_database where datname = $1",
    )
    .bind(database)
    .fetch_one(conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_idle_server_makes_at_most_a_few_transactions_a_second() {
    let db_url = fresh_database().await;
    let database = db_url.rsplit('/').next().unwrap().to_string();
    // Scheduled jobs stay off, as in every test: a run costs 10–40 transactions and five
    // jobs fall on each 5-minute mark, so whether a 10 s window met one would decide the
    // result. What this measures is what runs *between* jobs; the bench's 30 s line
    // includes the jobs (docs/adr/0013-idle-wake-ups.md lists both).
    let settings = test_settings(&db_url, false).await;
    let names: Vec<String> = startup::projectors(&settings)
        .iter()
        .map(|p| p.name().to_string())
        .collect();
    let app = startup::build(
        settings,
        Options {
            router_gateway: Arc::new(FakeRouter::default()),
            worker: WorkerConfig::default(),
            clock: Arc::new(SystemClock),
        },
    )
    .await
    .expect("app failed to start");

    // Settled: every runner has applied the start-up events (admin, templates, plugins)
    // and no outbox row is open.
    let (tx, pos): (i64, i64) = sqlx::query_as(
        "select tx_id::text::bigint, position from events order by tx_id desc, position desc limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let newest = LogCursor::new(tx, pos);
    let settled = eventually(Duration::from_secs(60), || async {
        let open: i64 = sqlx::query_scalar(
            "select count(*) from outbox where status in ('pending', 'in_flight')",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap();
        open == 0 && names.iter().all(|n| app.progress.current(n) >= newest)
    })
    .await;
    assert!(settled, "the server did not settle after start-up");
    tokio::time::sleep(STATS_REPORT_DELAY).await;

    let mut stats = PgConnection::connect(&server_url()).await.unwrap();
    let before = transactions(&mut stats, &database).await;
    assert!(
        before > 0,
        "pg_stat_database must count this database's start-up"
    );
    let started = Instant::now();
    tokio::time::sleep(WINDOW).await;
    let after = transactions(&mut stats, &database).await;
    let rate = (after - before) as f64 / started.elapsed().as_secs_f64();
    eprintln!("idle server: {rate:.2} transactions/s");
    assert!(
        rate <= MAX_IDLE_TX_PER_SEC,
        "an idle server made {rate:.1} transactions/s (at most {MAX_IDLE_TX_PER_SEC})"
    );
}

/// Every `Seq Scan` in an `EXPLAIN (format json)` plan, by relation.
fn seq_scans(plan: &serde_json::Value, found: &mut Vec<String>) {
    match plan {
        serde_json::Value::Object(node) => {
            if node.get("Node Type").and_then(|t| t.as_str()) == Some("Seq Scan") {
                let rel = node.get("Relation Name").and_then(|r| r.as_str());
                found.push(rel.unwrap_or("?").to_string());
            }
            node.values().for_each(|v| seq_scans(v, found));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| seq_scans(v, found)),
        _ => {}
    }
}

/// Every node type in a plan.
fn node_types(plan: &serde_json::Value, found: &mut Vec<String>) {
    match plan {
        serde_json::Value::Object(node) => {
            if let Some(t) = node.get("Node Type").and_then(|t| t.as_str()) {
                found.push(t.to_string());
            }
            node.values().for_each(|v| node_types(v, found));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| node_types(v, found)),
        _ => {}
    }
}

/// The runner's, the log tails' and the outbox workers' per-pass queries, planned both as
/// custom plans (the values bound) and as the generic plan a prepared statement may switch
/// to, on a database whose tables were never analysed (autovacuum may be off): none may
/// scan the whole log or the whole outbox.
#[tokio::test]
async fn hot_path_queries_use_indexes_on_a_never_analysed_database() {
    let mut conn = PgConnection::connect(&fresh_database().await)
        .await
        .unwrap();
    // Some log, written by a few transactions, and an outbox with open rows of two kinds.
    for batch in 0..5 {
        sqlx::query(
            "insert into events (aggregate_type, aggregate_id, sequence, event_type,
                                 event_version, payload, metadata)
             select 'Test', $1 || '-' || g, 1, 'Happened', '1', '{\"n\": 1}', '{}'
               from generate_series(1, 2000) g",
        )
        .bind(format!("b{batch}"))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    sqlx::query(
        "insert into outbox (idempotency_key, kind, partition_key, payload, causation_position,
                             status, lease_until)
         select 'k' || g, case when g % 2 = 0 then 'a' else 'b' end, 'p' || (g % 7), '{}', g,
                case when g % 5 = 0 then 'in_flight' else 'pending' end,
                case when g % 5 = 0 then now() end
           from generate_series(1, 2000) g",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let analysed: bool = sqlx::query_scalar(
        "select bool_or(last_analyze is not null or last_autoanalyze is not null)
           from pg_stat_user_tables where relname in ('events', 'outbox')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert!(!analysed, "the premise: no statistics");

    let horizon = tagih_replay::feed::safe_horizon(&mut conn).await.unwrap();
    let (mid_tx, mid_pos): (i64, i64) =
        sqlx::query_as("select tx_id::text::bigint, position from events where position = 5000")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    let read_after = tagih_replay::feed::read_after_sql();
    let read_of_types = tagih_replay::feed::read_after_of_types_sql();
    let newest_settled = tagih_replay::feed::newest_settled_sql();
    let sweep = tagih_replay::sweep::behind_sql();
    let horizon_sql = format!("select {}::text::bigint", tagih_replay::feed::HORIZON_SQL);
    let pass_opening = tagih_replay::feed::pass_opening_sql();
    // (name, sql, parameters as SQL literals)
    let queries: Vec<(&str, &str, Vec<String>)> = vec![
        ("safe horizon", &horizon_sql, vec![]),
        ("pass opening", &pass_opening, vec!["'test'".into()]),
        // A runner at the head of the log (an idle pass) and one catching up.
        (
            "read after (at the head)",
            &read_after,
            vec![
                format!("'{horizon}'"),
                "999999".into(),
                format!("'{horizon}'"),
                "10000".into(),
            ],
        ),
        (
            "read after (behind)",
            &read_after,
            vec![
                format!("'{mid_tx}'"),
                mid_pos.to_string(),
                format!("'{horizon}'"),
                "10000".into(),
            ],
        ),
        (
            "read after (from the start)",
            &read_after,
            vec![
                "'0'".into(),
                "0".into(),
                format!("'{horizon}'"),
                "500".into(),
            ],
        ),
        // The projection host's read: only its consumers' aggregate types.
        (
            "read of types (at the head)",
            &read_of_types,
            vec![
                format!("'{horizon}'"),
                "999999".into(),
                format!("'{horizon}'"),
                "10000".into(),
                "'{Test,Customer}'".into(),
            ],
        ),
        (
            "read of types (behind)",
            &read_of_types,
            vec![
                format!("'{mid_tx}'"),
                mid_pos.to_string(),
                format!("'{horizon}'"),
                "10000".into(),
                "'{Customer}'".into(),
            ],
        ),
        (
            "log heads",
            tagih_replay::feed::HEADS_SQL,
            vec![format!("'{horizon}'")],
        ),
        ("behind check", tagih_replay::feed::NEWEST_TX_SQL, vec![]),
        ("newest settled", &newest_settled, vec![]),
        (
            "cursor of position",
            tagih_replay::feed::CURSOR_OF_SQL,
            vec!["5000".into()],
        ),
        ("runner sweep", &sweep, vec![]),
        (
            "outbox next due",
            tagih_sagas::wakeups::NEXT_DUE_SQL,
            vec!["'a'".into()],
        ),
        (
            "outbox sweep",
            tagih_sagas::wakeups::DUE_KINDS_SQL,
            vec!["'{a,b,c}'".into()],
        ),
    ];
    sqlx::raw_sql(&format!(
        "select {}",
        tagih_replay::feed::ordered_walk_sql(false)
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let mut failures = Vec::new();
    for (i, (name, sql, params)) in queries.iter().enumerate() {
        let args = if params.is_empty() {
            String::new()
        } else {
            format!("({})", params.join(", "))
        };
        sqlx::raw_sql(&format!("prepare hot_{i} as {sql}"))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for mode in ["force_custom_plan", "force_generic_plan"] {
            sqlx::raw_sql(&format!("set plan_cache_mode = {mode}"))
                .execute(&mut conn)
                .await
                .unwrap();
            let plan: serde_json::Value =
                sqlx::query_scalar(&format!("explain (format json) execute hot_{i}{args}"))
                    .fetch_one(&mut conn)
                    .await
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut scans = Vec::new();
            seq_scans(&plan, &mut scans);
            scans.retain(|rel| rel == "events" || rel == "outbox");
            if !scans.is_empty() {
                failures.push(format!("{name} ({mode}) scans {scans:?}: {plan}"));
            }
            // A batch read must walk the commit order and stop at its limit: sorting what
            // follows the cursor costs in proportion to the log (the host and rebuilds read
            // under `feed::ordered_walk_sql`, as here).
            if name.starts_with("read ") {
                let mut nodes = Vec::new();
                node_types(&plan, &mut nodes);
                if nodes.iter().any(|n| n == "Sort" || n.starts_with("Bitmap")) {
                    failures.push(format!("{name} ({mode}) sorts: {nodes:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
