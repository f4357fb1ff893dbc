//! Recovery time after a crash (docs/adr/0024-instance-identity-leases-and-queue-bounds.md):
//! an instance killed mid-provisioning (its tasks aborted, no graceful shutdown), through the
//! real RouterOS client to the simulator, with the production lease. A restart under the
//! same instance id resumes at once; another instance takes a dead one's rows when their
//! lease runs out, while a live instance's long batch keeps its lease by renewal.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tagih::config::Settings;
use tagih::startup::{self, Options};
use tagih_routeros::sim::{SimConfig, SimHandle, start};
use tagih_sagas::{RouterOsGateway, WorkerConfig};

use crate::helpers::{Spawn, TestApp, fresh_database, test_settings};
use crate::routeros::{ROUTER_PASSWORD, location_at, voucher_users};

const VOUCHERS: i64 = 20;
/// Longer than any delay we wait for; a condition not met by then fails the test.
const DEADLINE: Duration = Duration::from_secs(30);
/// The router's replies while it "stalls" mid-batch: longer than a lease, shorter than
/// the client's 15 s command timeout, so the batch is alive and waiting throughout.
const STALL: Duration = Duration::from_secs(10);

/// The production lease with the test suite's quick back-off.
fn worker() -> WorkerConfig {
    WorkerConfig {
        lease: WorkerConfig::default().lease,
        ..Spawn::default().worker
    }
}

async fn instance(settings: &Settings, id: &str) -> TestApp {
    let mut settings = settings.clone();
    settings.server.instance_id = Some(id.into());
    let options = Options {
        clock: Arc::new(tagih_commands::SystemClock),
        router_gateway: Arc::new(RouterOsGateway::default()),
        worker: worker(),
    };
    let app = startup::build(settings, options).await.unwrap();
    assert_eq!(app.instance_id, id);
    TestApp {
        url: format!("http://{}", app.address),
        db_url: String::new(),
        client: reqwest::Client::new(),
        router: Arc::default(),
        app,
    }
}

async fn setup() -> (SimHandle, Settings) {
    let sim = start(SimConfig {
        password: ROUTER_PASSWORD.into(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let settings = test_settings(&fresh_database().await, false).await;
    (sim, settings)
}

/// Polls `sql` (a count) until it equals `want`; the time it took, or a failure.
async fn until_count(app: &TestApp, sql: &str, want: i64) -> Duration {
    let started = Instant::now();
    loop {
        let n = app.count(sql).await;
        if n == want {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < DEADLINE,
            "{sql}: {n}, expected {want} within {DEADLINE:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn held_by(owner: &str) -> String {
    format!("select count(*) from outbox where status = 'in_flight' and lease_owner = '{owner}'")
}

const DONE: &str = "select count(*) from outbox where status = 'done'";

/// Starts `node-a`, and has it claim a batch the router stalls on.
async fn stalled_batch(sim: &SimHandle, settings: &Settings) -> TestApp {
    let a = instance(settings, "node-a").await;
    let token = a.root_token().await;
    let loc = location_at(&a, &token, sim).await;
    sim.set_latency(STALL);
    let r = a.generate(&token, &loc, "1 Hari", VOUCHERS).await;
    assert_eq!(r["data"]["generateVouchers"]["count"], VOUCHERS, "{r}");
    until_count(&a, &held_by("node-a"), VOUCHERS).await;
    a
}

async fn assert_each_voucher_once(app: &TestApp, sim: &SimHandle) {
    until_count(app, DONE, VOUCHERS).await;
    assert_eq!(voucher_users(sim).len() as i64, VOUCHERS);
    let provisioned = "select count(distinct aggregate_id) from events \
                       where event_type = 'VoucherProvisioned'";
    until_count(app, provisioned, VOUCHERS).await;
    assert_eq!(
        app.count("select count(*) from events where event_type = 'VoucherProvisioned'")
            .await,
        VOUCHERS,
        "a voucher was recorded provisioned twice"
    );
}

#[tokio::test]
async fn a_restarted_instance_resumes_its_own_leases_at_once() {
    let (sim, settings) = setup().await;
    let a = stalled_batch(&sim, &settings).await;
    // The crash: every task of the instance aborted mid-batch, nothing written back.
    drop(a);
    sim.set_latency(Duration::ZERO);

    let started = Instant::now();
    let again = instance(&settings, "node-a").await;
    let built = started.elapsed();
    let resumed = until_count(&again, DONE, VOUCHERS).await + built;
    eprintln!(
        "restart under the same id: built in {built:?}, batch done {resumed:?} after the start"
    );
    assert!(
        resumed < Duration::from_secs(2),
        "work resumed only {resumed:?} after the restart (lease {:?})",
        worker().lease
    );
    assert_eq!(
        again
            .count("select count(*) from outbox where attempts = 2")
            .await,
        VOUCHERS,
        "the rows were taken over once each"
    );
    assert_each_voucher_once(&again, &sim).await;
}

#[tokio::test]
async fn another_instance_takes_a_dead_ones_partition_within_ten_seconds() {
    let (sim, settings) = setup().await;
    let a = stalled_batch(&sim, &settings).await;
    let b = instance(&settings, "node-b").await;
    // A batch alive for longer than a lease keeps it: renewed, never taken over.
    let lease = worker().lease.as_secs_f64();
    let outlived = format!(
        "select count(*) from outbox where status = 'in_flight' and lease_owner = 'node-a' \
           and attempts = 1 and updated_at < now() - make_interval(secs => {lease} + 0.5)"
    );
    until_count(&b, &outlived, VOUCHERS).await;

    drop(a);
    sim.set_latency(Duration::ZERO);
    let killed = Instant::now();
    until_count(
        &b,
        "select count(*) from outbox where lease_owner = 'node-b' and attempts = 2",
        VOUCHERS,
    )
    .await;
    let takeover = killed.elapsed();
    eprintln!("takeover of a dead instance's partition: {takeover:?} (lease {lease} s)");
    assert!(
        takeover <= Duration::from_secs(10),
        "the partition was blocked {takeover:?} after the instance died"
    );
    assert_each_voucher_once(&b, &sim).await;
}
