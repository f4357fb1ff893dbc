//! Outbox workers sleep until their kind is notified or a row is due: an enqueued job runs
//! at once, a delayed one when due, a crashed worker's lease when it runs out — all with a
//! fallback tick far longer than the test may take (docs/adr/0013-idle-wake-ups.md).

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::PgPool;
use tagih_sagas::outbox::{self, NewOutboxRow, OutboxRow};
use tagih_sagas::{Leases, OutboxHandler, OutboxWakeups, OutboxWorker, Outcome, WorkerConfig};
use tokio::sync::mpsc;

use crate::helpers::fresh_database;

const KIND: &str = "test_wakeup";
/// Longer than any test here may take: a row handled in time was not found by a tick.
const NEVER: Duration = Duration::from_secs(600);
/// Generous for a loaded machine, and still a tenth of `NEVER`.
const PROMPTLY: Duration = Duration::from_secs(60);

/// Reports the ids it handles; every row succeeds.
struct Recorder(mpsc::UnboundedSender<i64>);

#[async_trait]
impl OutboxHandler for Recorder {
    fn kind(&self) -> &'static str {
        KIND
    }
    async fn handle(&self, _: &str, rows: &[OutboxRow]) -> Vec<Outcome> {
        for r in rows {
            let _ = self.0.send(r.id);
        }
        rows.iter().map(|_| Outcome::Done).collect()
    }
}

struct Workers {
    pool: PgPool,
    handled: mpsc::UnboundedReceiver<i64>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for Workers {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Two workers of `KIND` and the instance's listener, neither tick nor fallback in reach.
async fn start() -> Workers {
    start_on(PgPool::connect(&fresh_database().await).await.unwrap()).await
}

async fn start_on(pool: PgPool) -> Workers {
    let wakeups = OutboxWakeups::default();
    let (tx, handled) = mpsc::unbounded_channel();
    let config = WorkerConfig {
        tick: NEVER,
        fallback: NEVER,
        concurrency: 2,
        ..WorkerConfig::default()
    };
    let mut tasks = OutboxWorker::new(pool.clone(), config, Leases::new("wakeups-test"))
        .spawn(Arc::new(Recorder(tx)), &wakeups);
    tasks.push(tokio::spawn(wakeups.listen(pool.clone())));
    Workers {
        pool,
        handled,
        tasks,
    }
}

async fn enqueue(pool: &PgPool, key: &str, delay_secs: i64) -> i64 {
    let mut tx = pool.begin().await.unwrap();
    let row = NewOutboxRow {
        idempotency_key: key.into(),
        kind: KIND,
        partition_key: "p".into(),
        payload: serde_json::json!({}),
        causation_position: 0,
        delay_secs,
    };
    outbox::enqueue_many(&mut tx, &[row]).await.unwrap();
    tx.commit().await.unwrap();
    sqlx::query_scalar("select id from outbox where idempotency_key = $1")
        .bind(key)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn next_handled(w: &mut Workers) -> i64 {
    tokio::time::timeout(PROMPTLY, w.handled.recv())
        .await
        .expect("the row was not handled in time: only a tick would have found it")
        .expect("workers stopped")
}

/// (done, handled no earlier than due): outcome and due time compared on the database clock.
async fn done_when_due(pool: &PgPool, id: i64) -> (bool, bool) {
    // The outcome is written just after the handler returns.
    let mut last = (false, false);
    for _ in 0..400 {
        last = sqlx::query_as(
            "select status = 'done', updated_at >= next_attempt_at from outbox where id = $1",
        )
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
        if last.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    last
}

#[tokio::test]
async fn an_enqueued_job_is_handled_without_waiting_for_the_fallback_tick() {
    let mut w = start().await;
    // The first job may be found by the workers' first look; after it they have nothing
    // due, so they sleep until a notification (the pause only makes that likelier — the
    // assertion holds either way).
    let first = enqueue(&w.pool, "first", 0).await;
    assert_eq!(next_handled(&mut w).await, first);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let second = enqueue(&w.pool, "second", 0).await;
    assert_eq!(next_handled(&mut w).await, second);
    assert_eq!(done_when_due(&w.pool, second).await, (true, true));
}

#[tokio::test]
async fn a_job_due_later_runs_when_due() {
    let mut w = start().await;
    let id = enqueue(&w.pool, "later", 2).await;
    assert_eq!(next_handled(&mut w).await, id);
    // Not before its time, by the clock that set it.
    assert_eq!(done_when_due(&w.pool, id).await, (true, true));
}

#[tokio::test]
async fn a_lease_left_by_a_crashed_worker_is_taken_when_it_runs_out() {
    let pool = PgPool::connect(&fresh_database().await).await.unwrap();
    // A worker claimed the row and died: in flight, its lease running for two more seconds.
    sqlx::query(
        "insert into outbox (idempotency_key, kind, partition_key, payload, causation_position,
                             status, attempts, lease_until)
         values ('crashed', $1, 'p', '{}', 0, 'in_flight', 1, now() + interval '2 seconds')",
    )
    .bind(KIND)
    .execute(&pool)
    .await
    .unwrap();
    let id: i64 = sqlx::query_scalar("select id from outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    let mut w = start_on(pool).await;
    assert_eq!(next_handled(&mut w).await, id);
    let (status, attempts): (String, i32) =
        sqlx::query_as("select status, attempts from outbox where id = $1")
            .bind(id)
            .fetch_one(&w.pool)
            .await
            .unwrap();
    assert_eq!(attempts, 2, "reclaimed once, after the lease ran out");
    assert!(status == "done" || status == "in_flight", "{status}");
}
