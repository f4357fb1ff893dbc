//! "Subscriptions to the router" (issue 17, item 1): the whole product in-process
//! (`startup::build`, a fresh database, the real client) against the simulator at the
//! bench's latency. 500 PPPoE accounts are created by one `createSubscriptions` mutation and
//! timed from its answer until the simulator holds every secret; then 2,000 accounts are
//! disabled on expiry (grace entered and ended, as the expiry job records it) and timed
//! until the simulator has every one disabled. Run twice: batches of 500 (ADR 0025) and one
//! subscription at a time (`routers.subscription_batch_size = 1`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use secrecy::SecretString;
use serde_json::{Value, json};
use sqlx::{Connection, PgConnection};
use tagih::config::Settings;
use tagih::startup::{self, App, Options};
use tagih_aggregates::subscription::{Subscription, SubscriptionCommand};
use tagih_commands::customers::{self, CustomerInput};
use tagih_commands::{Metadata, SecretBox};
use tagih_routeros::sim::{self, SimConfig, SimHandle};
use tagih_sagas::{RouterOsGateway, WorkerConfig};

use crate::config::Config;

pub const CREATES: usize = 500;
pub const DISABLES: usize = 2_000;
const SIM_PASSWORD: &str = "bench-subs";
const ADMIN: &str = "root";
const ADMIN_PASSWORD: &str = "bench-root-password";
/// A run that takes longer than this is reported as failed, not waited for.
const GIVE_UP: Duration = Duration::from_secs(300);

pub struct SubsRun {
    pub batch_size: i64,
    /// From the mutation's answer until all 500 secrets are on the simulator.
    pub create_s: f64,
    pub create_answer_s: f64,
    /// From the commit of 2,000 disables until the simulator has them all disabled.
    pub disable_s: f64,
}

fn database_url(cfg: &Config, name: &str) -> String {
    let base = &cfg.database_url;
    let cut = base.rfind('/').unwrap_or(base.len());
    format!("{}/{name}", &base[..cut])
}

pub async fn run(cfg: &Config, batch_size: i64) -> Result<SubsRun> {
    let name = format!("tagih_rbench_{}_{batch_size}", cfg.unix);
    let mut admin = PgConnection::connect(&cfg.database_url)
        .await
        .context("PostgreSQL (ROUTER_BENCH_DATABASE_URL) is not reachable")?;
    sqlx::query(&format!("create database {name}"))
        .execute(&mut admin)
        .await?;
    let sim = sim::start(SimConfig {
        password: SIM_PASSWORD.into(),
        latency: cfg.latency,
        ..SimConfig::default()
    })
    .await?;
    let outcome = timed(cfg, &sim, &database_url(cfg, &name), batch_size).await;
    sim.shutdown().await;
    sqlx::query(&format!("drop database if exists {name} with (force)"))
        .execute(&mut admin)
        .await?;
    outcome
}

async fn timed(cfg: &Config, sim: &SimHandle, db_url: &str, batch_size: i64) -> Result<SubsRun> {
    let mut s = Settings::load(&cfg.repo.join("config")).context("settings")?;
    s.server.bind = "127.0.0.1:0".into();
    s.database.url = Some(SecretString::from(db_url.to_string()));
    s.database.data_dir = std::env::temp_dir().join("tagih-router-bench");
    s.security.jwt_secret = Some(SecretString::from(SecretBox::generate_key()));
    s.security.encryption_key = Some(SecretString::from(SecretBox::generate_key()));
    s.bootstrap.admin_username = Some(ADMIN.into());
    s.bootstrap.admin_password = Some(SecretString::from(ADMIN_PASSWORD.to_string()));
    s.redis.url = None;
    s.jobs.enabled = false;
    s.routers.subscription_batch_size = batch_size;
    let options = Options {
        clock: Arc::new(tagih_commands::SystemClock),
        router_gateway: Arc::new(RouterOsGateway::default()),
        worker: WorkerConfig::default(),
    };
    let mut app = startup::build(s, options).await?;
    let result = phases(&app, sim, batch_size).await;
    app.shutdown();
    result
}

async fn gql(
    http: &reqwest::Client,
    app: &App,
    token: Option<&str>,
    q: &str,
    v: Value,
) -> Result<Value> {
    let mut req = http
        .post(format!("http://{}/graphql", app.address))
        .json(&json!({"query": q, "variables": v}));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r: Value = req.send().await?.json().await?;
    if !r["errors"].is_null() {
        bail!("graphql error: {r}");
    }
    Ok(r["data"].clone())
}

async fn phases(app: &App, sim: &SimHandle, batch_size: i64) -> Result<SubsRun> {
    let http = reqwest::Client::new();
    let login = "mutation($u:String!,$p:String!){ login(username:$u, password:$p) { token } }";
    let d = gql(
        &http,
        app,
        None,
        login,
        json!({"u": ADMIN, "p": ADMIN_PASSWORD}),
    )
    .await?;
    let token = d["login"]["token"]
        .as_str()
        .context("no token")?
        .to_string();
    let t = Some(token.as_str());
    let d = gql(&http, app, t, "mutation($h:String!,$p:Int!,$pw:String!){ createLocation(input:{name:\"Bench\", host:$h, port:$p, username:\"admin\", password:$pw, hotspotServer:\"all\"}) { id } }",
        json!({"h": sim.addr().ip().to_string(), "p": sim.addr().port(), "pw": SIM_PASSWORD})).await?;
    let loc = d["createLocation"]["id"]
        .as_str()
        .context("no location")?
        .to_string();
    sim.run(&[
        "/ppp/profile/add",
        "=name=10M",
        "=rate-limit=10M/10M",
        "=comment=PPPOE_SYSTEM",
    ]);
    let input = CustomerInput {
        name: Some("Bench ISP".into()),
        phone: Some("0812-0000-0000".into()),
        location_id: Some(loc.clone()),
        address: Some("-".into()),
        ..CustomerInput::default()
    };
    let (customer, _) = customers::create(&app.bus, input, &Metadata::system("bench")).await?;
    let bulk = "mutation($c:String!,$p:String!,$s:Int!){ createSubscriptions(input:{customerId:$c, kind:PPPOE, prefix:$p, start:$s, count:500, plan:{profile:\"10M\", price:\"100000\"}}) { id } }";

    // (1) 500 created by one mutation, timed from its answer.
    let started = Instant::now();
    let d = gql(
        &http,
        app,
        t,
        bulk,
        json!({"c": customer, "p": "a", "s": 1}),
    )
    .await?;
    let answered = Instant::now();
    let mut ids: Vec<String> = ids_of(&d)?;
    wait(|| sim.ppp_secrets().len() >= CREATES, "500 secrets").await?;
    let create_s = answered.elapsed().as_secs_f64();
    let create_answer_s = (answered - started).as_secs_f64();
    check_secrets(sim, CREATES)?;

    // (2) 1,500 more, then 2,000 disables on expiry in one commit.
    for (k, prefix) in ["b", "c", "d"].iter().enumerate() {
        let d = gql(
            &http,
            app,
            t,
            bulk,
            json!({"c": customer, "p": prefix, "s": 1}),
        )
        .await?;
        ids.extend(ids_of(&d)?);
        wait(
            || sim.ppp_secrets().len() >= CREATES * (k + 2),
            "2,000 secrets",
        )
        .await?;
    }
    let now = Utc::now() + chrono::Duration::days(400);
    let items: Vec<(String, SubscriptionCommand)> = ids
        .iter()
        .flat_map(|id| {
            [
                (id.clone(), SubscriptionCommand::EnterGrace { now }),
                (
                    id.clone(),
                    SubscriptionCommand::DisableSubscription { now, grace_days: 0 },
                ),
            ]
        })
        .collect();
    let meta = Metadata::system("bench:subscription_expiry").with_command("DisableSubscription");
    // The provisioning saga may still be recording its last outcomes on these streams:
    // a bulk commit that meets one of them conflicts and is tried again, as the expiry
    // job's next pass would.
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut tx = app.pool.begin().await?;
        match tagih_commands::bulk::execute_many::<Subscription>(&mut tx, items.clone(), &meta)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                break;
            }
            Err(tagih_commands::CommandError::Conflict(_)) if attempt < 20 => {
                tx.rollback().await?;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    let committed = Instant::now();
    let disabled = || {
        sim.ppp_secrets()
            .iter()
            .filter(|s| s.get("disabled").map(String::as_str) == Some("true"))
            .count()
    };
    wait(|| disabled() >= DISABLES, "2,000 disabled").await?;
    let disable_s = committed.elapsed().as_secs_f64();
    if sim.ppp_secrets().len() != DISABLES {
        bail!(
            "{} secrets on the router, expected {DISABLES}",
            sim.ppp_secrets().len()
        );
    }
    Ok(SubsRun {
        batch_size,
        create_s,
        create_answer_s,
        disable_s,
    })
}

fn ids_of(d: &Value) -> Result<Vec<String>> {
    d["createSubscriptions"]
        .as_array()
        .context("no subscriptions")?
        .iter()
        .map(|s| s["id"].as_str().map(str::to_string).context("no id"))
        .collect()
}

/// Every secret once, on the right profile, enabled, with the PPPoE marker.
fn check_secrets(sim: &SimHandle, expected: usize) -> Result<()> {
    let secrets = sim.ppp_secrets();
    let good = secrets
        .iter()
        .filter(|s| {
            s.get("profile").map(String::as_str) == Some("10M")
                && s.get("disabled").map(String::as_str) == Some("false")
                && s.get("comment")
                    .is_some_and(|c| c.starts_with("PPPOE_SYSTEM|"))
        })
        .count();
    if secrets.len() != expected || good != expected {
        bail!(
            "{} secrets ({good} as expected), wanted {expected}",
            secrets.len()
        );
    }
    Ok(())
}

async fn wait(mut done: impl FnMut() -> bool, what: &str) -> Result<()> {
    let started = Instant::now();
    while !done() {
        if started.elapsed() > GIVE_UP {
            bail!("{what}: not reached within {} s", GIVE_UP.as_secs());
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    Ok(())
}

pub fn table(runs: &[SubsRun]) -> String {
    use std::fmt::Write as _;
    let base = runs.iter().find(|r| r.batch_size == 1);
    let mut out = String::from(
        "| mode | batch | createSubscriptions answer (s) | 500 on router after answer (s) | 2,000 disabled (s) | speed-up create / disable |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for r in runs {
        let mode = if r.batch_size == 1 {
            "one at a time"
        } else {
            "batched"
        };
        let (x1, x2) = base.map_or((f64::NAN, f64::NAN), |b| {
            (b.create_s / r.create_s, b.disable_s / r.disable_s)
        });
        let _ = writeln!(
            out,
            "| {mode} | {} | {:.3} | {:.3} | {:.3} | {x1:.1}× / {x2:.1}× |",
            r.batch_size, r.create_answer_s, r.create_s, r.disable_s
        );
    }
    out
}

/// Per-command latency at 0 ms simulated latency (issue 17, item 5): one connection, one
/// `/system/identity/print` per round trip, awaited one after the other — what Nagle's
/// algorithm and delayed ACKs would cost shows here (tens of ms without TCP_NODELAY).
pub async fn per_command(n: usize) -> Result<(f64, f64, f64)> {
    use tagih_routeros::client::{Command, Connection, RouterConfig};
    let sim = sim::start(SimConfig {
        password: SIM_PASSWORD.into(),
        ..SimConfig::default()
    })
    .await?;
    let config = RouterConfig::new(sim.addr().ip().to_string(), "admin", SIM_PASSWORD)
        .with_port(sim.addr().port());
    let conn = Connection::connect(&config).await?;
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        conn.call(Command::new("/system/identity/print")).await?;
        times.push(started.elapsed().as_secs_f64() * 1e6);
    }
    conn.close();
    sim.shutdown().await;
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / n.max(1) as f64;
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    Ok((mean, pct(0.5), pct(0.99)))
}
