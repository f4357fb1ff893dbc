//! An idle server costs (almost) no database work: runners and outbox workers sleep until a
//! notification or a due time, and only infrequent scheduled jobs remain (docs/adr/0013).

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
    let mut settings = test_settings(&db_url, false).await;
    // The real schedules: their ticks are part of what an idle server costs.
    settings.jobs.enabled = true;
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
