//! Tagih end-to-end benchmark: `scripts/bench` (or `cargo build --release --bin tagih`
//! then `cargo bench --bench tagih`).
//!
//! The release binary runs as a real server (`tagih serve`) against a fresh PostgreSQL
//! database, and everything is measured from the outside, the way a client sees it:
//!
//! * (a) durable commands through GraphQL (`upsertVoucherProfile`, 1 and 8 clients);
//! * (b) projection lag, from `events` / `projections` notifications during the 8-client run;
//! * (c) one `generateVouchers` mutation of 10,000 vouchers (3 runs);
//! * (d) read queries (`vouchers`, 8 clients);
//! * (e) a projection rebuild (`tagih replay rebuild vouchers`) over a log of ≥ 1M events;
//! * (f) the server's memory (steady, during the rebuild, peak).
//!
//! Knobs (environment): `BENCH_SECONDS` (length of each load phase, default 10),
//! `BENCH_REBUILD_EVENTS` (log size before the rebuild, default 1,000,000),
//! `TAGIH_BENCH_DATABASE_URL` (admin connection; default
//! `postgres://postgres@127.0.0.1:5432/postgres`), `TAGIH_BENCH_BIN` (default
//! `target/release/tagih`).
//!
//! Output: a table on stdout and every number, with the machine's facts, as JSON in
//! `target/bench/tagih-<unix>.json` and `target/bench/latest.json`. The bench database
//! is dropped and the server stopped at the end, on error paths too.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow, bail};
use hdrhistogram::Histogram;
use serde_json::{Value, json};
use sqlx::postgres::{PgListener, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};
use tokio::sync::{Barrier, oneshot};

const ADMIN_USER: &str = "bench-admin";
const ADMIN_PASSWORD: &str = "bench-password-1";
/// Requests each client sends before measuring: connections opened, caches warm.
const WARMUP_OPS: u64 = 20;
const BATCH_SIZE: i64 = 10_000;
const BATCH_RUNS: usize = 3;
/// The projection an `upsertVoucherProfile` waits for (read-your-writes).
const LAG_PROJECTION: &str = "voucher_profiles";
const REBUILD_PROJECTION: &str = "vouchers";

const UPSERT_PROFILE: &str = "mutation($l:String!,$n:String!,$p:Decimal!){ upsertVoucherProfile(input:{locationId:$l, name:$n, priceSell:$p, priceCost:\"500\", validity:\"1d\"}) { id priceSell } }";
const GENERATE_FULL: &str = "mutation($l:String!,$p:String!,$c:Int!){ generateVouchers(input:{locationId:$l, profile:$p, count:$c, prefix:\"B\", codeLength:8, charset:MIXED}) { id count vouchers { code password } } }";
/// Log growth only needs the events, not 10,000 codes sent back each time.
const GENERATE_SLIM: &str = "mutation($l:String!,$p:String!,$c:Int!){ generateVouchers(input:{locationId:$l, profile:$p, count:$c, prefix:\"G\", codeLength:10, charset:MIXED}) { count } }";
const VOUCHER_PAGE: &str =
    "query($l:String!){ vouchers(locationId:$l, first:20) { nodes { code status } } }";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nbench failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Creates the database, runs the phases, and cleans up whatever happened (a Ctrl-C drops
/// the phases' future, whose `Server` kills the child on drop).
async fn run() -> Result<()> {
    let cfg = Config::from_env()?;
    println!(
        "tagih bench: {} s per load phase, log of {} events for the rebuild",
        cfg.seconds,
        thousands(cfg.rebuild_events)
    );
    let db = BenchDb::create(&cfg.admin_url, cfg.unix).await?;
    println!("database {} created", db.name);
    let data_dir = std::env::temp_dir().join(format!("tagih-bench-{}", cfg.unix));
    let outcome = tokio::select! {
        r = bench(&cfg, &db, &data_dir) => r,
        _ = tokio::signal::ctrl_c() => Err(anyhow!("interrupted")),
    };
    if let Err(e) = db.drop_database().await {
        eprintln!("warning: could not drop database {}: {e:#}", db.name);
    } else {
        println!("database {} dropped", db.name);
    }
    let _ = std::fs::remove_dir_all(&data_dir);
    outcome
}

// ---------------------------------------------------------------------------------------
// Configuration and the bench database
// ---------------------------------------------------------------------------------------

struct Config {
    seconds: u64,
    rebuild_events: u64,
    admin_url: String,
    repo: PathBuf,
    out_dir: PathBuf,
    bin: PathBuf,
    unix: u64,
}

impl Config {
    fn from_env() -> Result<Self> {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo.join("target"));
        let target = if target.is_relative() {
            repo.join(target)
        } else {
            target
        };
        let bin = std::env::var_os("TAGIH_BENCH_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| target.join("release").join("tagih"));
        if !bin.is_file() {
            bail!(
                "no release binary at {} — run scripts/bench (it builds it first) or \
                 `cargo build --release --bin tagih`",
                bin.display()
            );
        }
        let seconds = env_u64("BENCH_SECONDS", 10)?;
        if seconds == 0 {
            bail!("BENCH_SECONDS must be at least 1");
        }
        Ok(Self {
            seconds,
            rebuild_events: env_u64("BENCH_REBUILD_EVENTS", 1_000_000)?,
            admin_url: std::env::var("TAGIH_BENCH_DATABASE_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
            out_dir: target.join("bench"),
            repo,
            bin,
            unix: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .context("system clock before 1970")?
                .as_secs(),
        })
    }

    fn load_duration(&self) -> Duration {
        Duration::from_secs(self.seconds)
    }
}

fn env_u64(name: &str, default: u64) -> Result<u64> {
    match std::env::var(name) {
        Err(_) => Ok(default),
        Ok(v) => v
            .replace(['_', ','], "")
            .parse()
            .with_context(|| format!("{name}={v:?} is not a whole number")),
    }
}

/// `tagih_bench_<unix>` on the local server, dropped at the end.
struct BenchDb {
    admin_url: String,
    name: String,
    url: String,
}

impl BenchDb {
    async fn create(admin_url: &str, unix: u64) -> Result<Self> {
        let name = format!("tagih_bench_{unix}");
        let mut conn = PgConnection::connect(admin_url).await.context(
            "cannot connect to PostgreSQL (set TAGIH_BENCH_DATABASE_URL to an admin connection)",
        )?;
        sqlx::query(&format!("create database {name}"))
            .execute(&mut conn)
            .await
            .with_context(|| format!("creating database {name}"))?;
        conn.close().await.ok();
        Ok(Self {
            admin_url: admin_url.to_string(),
            url: with_database(admin_url, &name)?,
            name,
        })
    }

    async fn drop_database(&self) -> Result<()> {
        let mut conn = PgConnection::connect(&self.admin_url).await?;
        // `with (force)`: a killed server may leave connections behind for a moment.
        sqlx::query(&format!(
            "drop database if exists {} with (force)",
            self.name
        ))
        .execute(&mut conn)
        .await?;
        Ok(())
    }
}

/// The admin URL with its database replaced (query string kept).
fn with_database(url: &str, name: &str) -> Result<String> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let cut = base[authority_start..]
        .find('/')
        .map(|i| i + authority_start)
        .unwrap_or(base.len());
    if cut <= authority_start {
        bail!("cannot read TAGIH_BENCH_DATABASE_URL as a postgres:// URL");
    }
    let mut out = format!("{}/{name}", &base[..cut]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// The server and CLI child processes
// ---------------------------------------------------------------------------------------

/// Environment shared by `tagih serve` and `tagih replay rebuild`.
struct ServerEnv {
    vars: Vec<(&'static str, String)>,
}

impl ServerEnv {
    fn new(db: &BenchDb, data_dir: &Path) -> Self {
        let key = tagih_commands::SecretBox::generate_key;
        Self {
            vars: vec![
                ("DATABASE_URL", db.url.clone()),
                ("RUST_LOG", "warn".into()),
                // No config/bench.toml exists: a developer's config/local.toml stays out.
                ("TAGIH_ENV", "bench".into()),
                ("TAGIH__BOOTSTRAP__ADMIN_USERNAME", ADMIN_USER.into()),
                ("TAGIH__BOOTSTRAP__ADMIN_PASSWORD", ADMIN_PASSWORD.into()),
                ("TAGIH__DATABASE__DATA_DIR", data_dir.display().to_string()),
                ("TAGIH__SECURITY__JWT_SECRET", key()),
                ("TAGIH__SECURITY__ENCRYPTION_KEY", key()),
            ],
        }
    }

    fn apply(&self, cmd: &mut Command) {
        // Login limiting in memory: the bench does not depend on a Redis being there.
        cmd.env_remove("REDIS_URL");
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
    }
}

/// `tagih serve` as a child process; killed when dropped (error paths, Ctrl-C).
struct Server {
    child: Child,
    pid: u32,
    base: String,
    log: PathBuf,
}

impl Server {
    async fn start(cfg: &Config, env: &ServerEnv, http: &reqwest::Client) -> Result<Self> {
        let port = free_port()?;
        std::fs::create_dir_all(&cfg.out_dir)
            .with_context(|| format!("creating {}", cfg.out_dir.display()))?;
        let log = cfg.out_dir.join(format!("server-{}.log", cfg.unix));
        let out =
            std::fs::File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let err = out.try_clone()?;
        let mut cmd = Command::new(&cfg.bin);
        cmd.args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .current_dir(&cfg.repo)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        env.apply(&mut cmd);
        let child = cmd
            .spawn()
            .with_context(|| format!("starting {}", cfg.bin.display()))?;
        let mut server = Self {
            pid: child.id(),
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_healthy(http).await?;
        Ok(server)
    }

    async fn wait_healthy(&mut self, http: &reqwest::Client) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "the server exited during start-up ({status}); its log:\n{}",
                    tail(&self.log, 30)
                );
            }
            if let Ok(r) = http.get(format!("{}/health", self.base)).send().await
                && r.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!(
            "the server did not answer /health within 60 s; its log:\n{}",
            tail(&self.log, 30)
        )
    }

    fn memory(&self) -> Result<Mem> {
        proc_mem(self.pid)
    }

    /// SIGTERM (graceful), then SIGKILL after 10 s.
    async fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status();
        for _ in 0..100 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(l.local_addr()?.port())
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Resident memory of a process, KiB, from /proc/<pid>/status.
#[derive(Debug, Clone, Copy, Default)]
struct Mem {
    rss_kib: u64,
    hwm_kib: u64,
}

fn proc_mem(pid: u32) -> Result<Mem> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
    };
    Ok(Mem {
        rss_kib: field("VmRSS:").context("no VmRSS")?,
        hwm_kib: field("VmHWM:").context("no VmHWM")?,
    })
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

// ---------------------------------------------------------------------------------------
// GraphQL client
// ---------------------------------------------------------------------------------------

#[derive(Clone)]
struct Gql {
    http: reqwest::Client,
    url: String,
    token: Option<Arc<str>>,
}

impl Gql {
    /// Posts one operation; the `data` object, or an error carrying the GraphQL errors.
    async fn call(&self, query: &str, variables: Value) -> Result<Value> {
        let mut req = self
            .http
            .post(&self.url)
            .json(&json!({"query": query, "variables": variables}));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.context("request failed")?;
        let status = resp.status();
        let body: Value = resp
            .json()
            .await
            .with_context(|| format!("HTTP {status}: response is not JSON"))?;
        if let Some(errors) = body.get("errors").filter(|e| !e.is_null()) {
            let mut text = errors.to_string();
            text.truncate(400);
            bail!("GraphQL error: {text}");
        }
        Ok(body.get("data").cloned().unwrap_or(Value::Null))
    }

    async fn login(http: &reqwest::Client, base: &str) -> Result<Gql> {
        let anon = Gql {
            http: http.clone(),
            url: format!("{base}/graphql"),
            token: None,
        };
        let data = anon
            .call(
                "mutation($u:String!,$p:String!){ login(username:$u, password:$p) { token } }",
                json!({"u": ADMIN_USER, "p": ADMIN_PASSWORD}),
            )
            .await
            .context("logging in as the bootstrap admin")?;
        let token = data["login"]["token"]
            .as_str()
            .context("login returned no token")?;
        Ok(Gql {
            token: Some(token.into()),
            ..anon
        })
    }

    async fn create_location(&self, name: &str) -> Result<String> {
        let data = self
            .call(
                "mutation($n:String!){ createLocation(input:{name:$n, host:\"10.0.0.1\", username:\"api\", password:\"router-pass\", hotspotServer:\"hs1\"}) { id } }",
                json!({"n": name}),
            )
            .await
            .with_context(|| format!("createLocation {name}"))?;
        Ok(data["createLocation"]["id"]
            .as_str()
            .context("createLocation returned no id")?
            .to_string())
    }

    async fn upsert_profile(&self, location: &str, name: &str, price: u64) -> Result<()> {
        self.call(
            UPSERT_PROFILE,
            json!({"l": location, "n": name, "p": price.to_string()}),
        )
        .await
        .map(|_| ())
    }
}

// ---------------------------------------------------------------------------------------
// Load generation
// ---------------------------------------------------------------------------------------

fn new_hist() -> Result<Histogram<u64>> {
    // Microseconds from 1 µs to 10 min, 3 significant digits.
    Histogram::new_with_bounds(1, 600_000_000, 3).map_err(|e| anyhow!("histogram: {e}"))
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX).max(1)
}

/// p50/p90/p99/max/mean of a microsecond histogram, in milliseconds.
fn latency_json(h: &Histogram<u64>) -> Value {
    let q = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    json!({
        "samples": h.len(),
        "p50_ms": q(0.50),
        "p90_ms": q(0.90),
        "p99_ms": q(0.99),
        "max_ms": h.max() as f64 / 1000.0,
        "mean_ms": h.mean() / 1000.0,
    })
}

struct LoadResult {
    clients: usize,
    ops: u64,
    errors: u64,
    first_error: Option<String>,
    elapsed: Duration,
    hist: Histogram<u64>,
    /// Completions in each second of the run: shows whether throughput drifts.
    per_second: Vec<u64>,
}

impl LoadResult {
    fn rate(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
    fn p(&self, q: f64) -> f64 {
        self.hist.value_at_quantile(q) as f64 / 1000.0
    }
    fn to_json(&self) -> Value {
        json!({
            "clients": self.clients,
            "ops": self.ops,
            "errors": self.errors,
            "first_error": self.first_error,
            "elapsed_s": self.elapsed.as_secs_f64(),
            "ops_per_s": self.rate(),
            "latency": latency_json(&self.hist),
            "ops_per_second_timeline": self.per_second,
        })
    }
}

struct ClientResult {
    ops: u64,
    errors: u64,
    first_error: Option<String>,
    elapsed: Duration,
    hist: Histogram<u64>,
    per_second: Vec<u64>,
}

/// `clients` concurrent closed-loop clients calling `op(client, seq)` for `duration` after a
/// short warm-up. Errors are counted, not fatal: a run that fails often says so in the table.
async fn run_load<F, Fut>(clients: usize, duration: Duration, op: F) -> Result<LoadResult>
where
    F: Fn(usize, u64) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let barrier = Arc::new(Barrier::new(clients));
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let op = op.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move { client_loop(c, duration, op, barrier).await })
        })
        .collect();
    let mut total = LoadResult {
        clients,
        ops: 0,
        errors: 0,
        first_error: None,
        elapsed: Duration::ZERO,
        hist: new_hist()?,
        per_second: Vec::new(),
    };
    for t in tasks {
        let r = t.await.context("a load client panicked")??;
        total.ops += r.ops;
        total.errors += r.errors;
        total.first_error = total.first_error.or(r.first_error);
        total.elapsed = total.elapsed.max(r.elapsed);
        total.hist.add(&r.hist).map_err(|e| anyhow!("{e:?}"))?;
        if total.per_second.len() < r.per_second.len() {
            total.per_second.resize(r.per_second.len(), 0);
        }
        for (i, n) in r.per_second.iter().enumerate() {
            total.per_second[i] += n;
        }
    }
    if total.ops == 0 {
        bail!(
            "no request succeeded: {}",
            total.first_error.unwrap_or_default()
        );
    }
    Ok(total)
}

async fn client_loop<F, Fut>(
    c: usize,
    duration: Duration,
    op: F,
    barrier: Arc<Barrier>,
) -> Result<ClientResult>
where
    F: Fn(usize, u64) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let mut r = ClientResult {
        ops: 0,
        errors: 0,
        first_error: None,
        elapsed: Duration::ZERO,
        hist: new_hist()?,
        per_second: Vec::new(),
    };
    let mut seq = 0u64;
    // A failing warm-up must still reach the barrier, or the other clients wait forever.
    let mut warm = Ok(());
    while seq < WARMUP_OPS && warm.is_ok() {
        warm = op(c, seq).await.context("warm-up request failed");
        seq += 1;
    }
    barrier.wait().await;
    if let Err(e) = warm {
        r.errors = 1;
        r.first_error = Some(format!("{e:#}"));
        return Ok(r);
    }
    let t0 = Instant::now();
    let deadline = t0 + duration;
    while Instant::now() < deadline {
        let started = Instant::now();
        let result = op(c, seq).await;
        seq += 1;
        let done = Instant::now();
        match result {
            Ok(()) => {
                r.ops += 1;
                r.hist.saturating_record(micros(done - started));
                let second = (done - t0).as_secs() as usize;
                if r.per_second.len() <= second {
                    r.per_second.resize(second + 1, 0);
                }
                r.per_second[second] += 1;
            }
            Err(e) => {
                r.errors += 1;
                r.first_error.get_or_insert_with(|| format!("{e:#}"));
            }
        }
    }
    r.elapsed = t0.elapsed();
    Ok(r)
}

/// Each client updates its own profile (`{prefix}-{client}`) with a new price every time,
/// so every call is a real state change that appends one event, and clients never race
/// on one stream.
async fn command_load(
    gql: &Gql,
    location: &str,
    clients: usize,
    secs: Duration,
    prefix: &str,
) -> Result<LoadResult> {
    let gql = gql.clone();
    let location: Arc<str> = location.into();
    let prefix: Arc<str> = prefix.into();
    run_load(clients, secs, move |c, seq| {
        let gql = gql.clone();
        let location = location.clone();
        let name = format!("{prefix}-{c}");
        async move { gql.upsert_profile(&location, &name, 1_000 + seq).await }
    })
    .await
}

async fn query_load(
    gql: &Gql,
    location: &str,
    clients: usize,
    secs: Duration,
) -> Result<LoadResult> {
    let gql = gql.clone();
    let vars = json!({ "l": location });
    run_load(clients, secs, move |_, _| {
        let gql = gql.clone();
        let vars = vars.clone();
        async move {
            let data = gql.call(VOUCHER_PAGE, vars).await?;
            let n = data["vouchers"]["nodes"].as_array().map_or(0, Vec::len);
            if n == 0 {
                bail!("vouchers page came back empty");
            }
            Ok(())
        }
    })
    .await
}

// ---------------------------------------------------------------------------------------
// Projection lag probe
// ---------------------------------------------------------------------------------------

enum Note {
    /// An `events` notification: the highest position one insert statement wrote.
    Event { at: Instant, position: i64 },
    /// A `projections` notification of the watched projection: its new checkpoint.
    Checkpoint { at: Instant, position: i64 },
}

/// Listens on `events` and `projections` from its own connection, stamping arrival times.
struct LagProbe {
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<Vec<Note>>>,
}

impl LagProbe {
    /// Returns once LISTEN is in effect, so nothing from the run is missed.
    async fn start(url: &str, projection: &'static str) -> Result<Self> {
        let mut listener = PgListener::connect(url)
            .await
            .context("lag probe: connecting")?;
        listener
            .listen_all(["events", "projections"])
            .await
            .context("lag probe: LISTEN")?;
        let (stop, mut stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let mut notes = Vec::new();
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    n = listener.recv() => {
                        let n = n.context("lag probe: receiving")?;
                        let at = Instant::now();
                        if n.channel() == "events" {
                            if let Ok(position) = n.payload().parse() {
                                notes.push(Note::Event { at, position });
                            }
                        } else if let Some((name, cursor)) = n.payload().split_once('=')
                            && name == projection
                            && let Some(position) = cursor.split_once(':').and_then(|(_, p)| p.parse().ok())
                        {
                            notes.push(Note::Checkpoint { at, position });
                        }
                    }
                }
            }
            Ok(notes)
        });
        Ok(Self { stop, task })
    }

    async fn finish(self) -> Result<Vec<Note>> {
        let _ = self.stop.send(());
        self.task.await.context("lag probe panicked")?
    }
}

struct LagStats {
    hist: Histogram<u64>,
    events: usize,
    checkpoints: usize,
    unmatched: usize,
}

/// For each `events` notification (t_e, p): the first checkpoint notification that
/// arrived at or after t_e with position ≥ p, at t_p; lag = t_p − t_e.
fn projection_lags(notes: &[Note]) -> Result<LagStats> {
    let mut events = Vec::new();
    let mut checkpoints = Vec::new();
    for n in notes {
        match *n {
            Note::Event { at, position } => events.push((at, position)),
            Note::Checkpoint { at, position } => checkpoints.push((at, position)),
        }
    }
    let mut hist = new_hist()?;
    let mut unmatched = 0;
    let mut from = 0;
    for &(t_e, p) in &events {
        while from < checkpoints.len() && checkpoints[from].0 < t_e {
            from += 1;
        }
        match checkpoints[from..].iter().find(|(_, q)| *q >= p) {
            Some(&(t_p, _)) => hist.saturating_record(micros(t_p - t_e)),
            None => unmatched += 1,
        }
    }
    Ok(LagStats {
        hist,
        events: events.len(),
        checkpoints: checkpoints.len(),
        unmatched,
    })
}

// ---------------------------------------------------------------------------------------
// Phases
// ---------------------------------------------------------------------------------------

struct BatchRuns {
    seconds: Vec<f64>,
    read_model_growth: Vec<i64>,
}

impl BatchRuns {
    fn sorted(&self) -> Vec<f64> {
        let mut s = self.seconds.clone();
        s.sort_by(f64::total_cmp);
        s
    }
}

/// (c) `generateVouchers` of 10,000, timed end to end (the mutation answers only after the
/// `vouchers` read model has the batch), and the read model checked right after.
async fn voucher_batches(
    gql: &Gql,
    pool: &PgPool,
    location: &str,
    profile: &str,
) -> Result<BatchRuns> {
    let mut runs = BatchRuns {
        seconds: Vec::new(),
        read_model_growth: Vec::new(),
    };
    for i in 0..BATCH_RUNS {
        let before = count(pool, "select count(*) from rm_vouchers").await?;
        let started = Instant::now();
        let data = gql
            .call(
                GENERATE_FULL,
                json!({"l": location, "p": profile, "c": BATCH_SIZE}),
            )
            .await
            .context("generateVouchers (10,000)")?;
        let elapsed = started.elapsed().as_secs_f64();
        let after = count(pool, "select count(*) from rm_vouchers").await?;
        let returned = data["generateVouchers"]["vouchers"]
            .as_array()
            .map_or(0, Vec::len);
        if returned as i64 != BATCH_SIZE {
            bail!("generateVouchers returned {returned} vouchers, not {BATCH_SIZE}");
        }
        println!(
            "  batch {}: {:.3} s, rm_vouchers +{}",
            i + 1,
            elapsed,
            thousands((after - before).max(0) as u64)
        );
        runs.seconds.push(elapsed);
        runs.read_model_growth.push(after - before);
    }
    Ok(runs)
}

struct Growth {
    batches: usize,
    seconds: Vec<f64>,
    events_after: i64,
    elapsed: Duration,
}

/// Grows the log to `target` events with 10,000-voucher batches (10,001 events each) at a
/// location of its own, printing progress.
async fn grow_log(gql: &Gql, pool: &PgPool, target: u64) -> Result<Growth> {
    let location = gql.create_location("bench-growth").await?;
    gql.upsert_profile(&location, "grow", 1_000).await?;
    let started = Instant::now();
    let mut seconds = Vec::new();
    let target = i64::try_from(target).context("BENCH_REBUILD_EVENTS too large")?;
    let mut head = count(pool, "select coalesce(max(position), 0) from events").await?;
    while head < target {
        let t = Instant::now();
        gql.call(
            GENERATE_SLIM,
            json!({"l": location, "p": "grow", "c": BATCH_SIZE}),
        )
        .await
        .with_context(|| format!("growing the log (batch {})", seconds.len() + 1))?;
        seconds.push(t.elapsed().as_secs_f64());
        head = count(pool, "select coalesce(max(position), 0) from events").await?;
        if seconds.len() % 5 == 0 || head >= target {
            let rate = head as f64 / started.elapsed().as_secs_f64().max(1e-9);
            println!(
                "  log: {:>9} / {} events, {} batches, last {:.2} s, {:.0} events/s overall",
                thousands(head as u64),
                thousands(target as u64),
                seconds.len(),
                seconds.last().copied().unwrap_or_default(),
                rate
            );
        }
    }
    Ok(Growth {
        batches: seconds.len(),
        seconds,
        events_after: count(pool, "select count(*) from events").await?,
        elapsed: started.elapsed(),
    })
}

/// Waits until every projector and saga has applied the whole log, so the rebuild runs
/// against an idle server rather than one still catching up.
async fn wait_caught_up(pool: &PgPool, timeout: Duration) -> Result<i64> {
    let started = Instant::now();
    loop {
        let behind = count(
            pool,
            "select coalesce(sum((select count(*) from events e
                 where (e.tx_id, e.position) > (c.tx_id::text::xid8, c.position))), 0)::bigint
               from projection_checkpoint c",
        )
        .await?;
        if behind == 0 || started.elapsed() > timeout {
            return Ok(behind);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

struct Rebuild {
    log_events: i64,
    elapsed: Duration,
    peak_rss_kib: Option<u64>,
    rss_method: &'static str,
    server_max_rss_kib: u64,
    reported: Option<String>,
    read_model_rows_before: i64,
    read_model_rows_after: i64,
}

impl Rebuild {
    fn events_per_s(&self) -> f64 {
        self.log_events as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// (e) `tagih replay rebuild vouchers` as a child process against the live server's
/// database; wall time from spawn to exit (start-up and migration check included).
async fn rebuild(cfg: &Config, env: &ServerEnv, server: &Server, pool: &PgPool) -> Result<Rebuild> {
    let log_events = count(pool, "select count(*) from events").await?;
    let rows_before = count(pool, "select count(*) from rm_vouchers").await?;
    let time_v = Path::new("/usr/bin/time");
    let use_time = time_v.is_file();
    let mut cmd = if use_time {
        let mut c = Command::new(time_v);
        c.arg("-v").arg(&cfg.bin);
        c
    } else {
        Command::new(&cfg.bin)
    };
    // Files, not pipes: nobody reads while it runs, and a full pipe would stall the child.
    let out_path = cfg.out_dir.join(format!("rebuild-{}.out", cfg.unix));
    let err_path = cfg.out_dir.join(format!("rebuild-{}.err", cfg.unix));
    cmd.args(["replay", "rebuild", REBUILD_PROJECTION])
        .current_dir(&cfg.repo)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path)?)
        .stderr(std::fs::File::create(&err_path)?);
    env.apply(&mut cmd);
    let started = Instant::now();
    let mut child = cmd.spawn().context("starting tagih replay rebuild")?;
    let pid = child.id();
    let mut polled_hwm = 0u64;
    let mut server_max = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        // With /usr/bin/time this pid is `time` itself; its -v report gives the real peak.
        if let Ok(m) = proc_mem(pid) {
            polled_hwm = polled_hwm.max(m.hwm_kib);
        }
        if let Ok(m) = server.memory() {
            server_max = server_max.max(m.rss_kib);
        }
        if started.elapsed() > Duration::from_secs(3600) {
            let _ = child.kill();
            let _ = child.wait();
            bail!("the rebuild did not finish within an hour");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let elapsed = started.elapsed();
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    if !status.success() {
        bail!("tagih replay rebuild failed ({status}):\n{stdout}\n{stderr}");
    }
    let (peak, method) = if use_time {
        let peak = stderr.lines().find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes):")
                .and_then(|v| v.trim().parse().ok())
        });
        (peak, "/usr/bin/time -v")
    } else {
        (Some(polled_hwm), "VmHWM polled every 50 ms")
    };
    Ok(Rebuild {
        log_events,
        elapsed,
        peak_rss_kib: peak,
        rss_method: method,
        server_max_rss_kib: server_max,
        reported: stdout
            .lines()
            .find(|l| l.starts_with("rebuilt"))
            .map(str::to_string),
        read_model_rows_before: rows_before,
        read_model_rows_after: count(pool, "select count(*) from rm_vouchers").await?,
    })
}

async fn count(pool: &PgPool, sql: &str) -> Result<i64> {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .with_context(|| format!("query failed: {sql}"))
}

// ---------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------

struct Results {
    one: LoadResult,
    eight: LoadResult,
    lag: LagStats,
    batches: BatchRuns,
    queries: LoadResult,
    steady: Mem,
    growth: Growth,
    caught_up_behind: i64,
    rebuild: Rebuild,
    server_end: Mem,
}

async fn bench(cfg: &Config, db: &BenchDb, data_dir: &Path) -> Result<()> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .connect(&db.url)
        .await
        .context("connecting to the bench database")?;
    let facts = machine_facts(&pool).await;
    let env = ServerEnv::new(db, data_dir);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()?;
    println!("starting {} serve …", cfg.bin.display());
    let mut server = Server::start(cfg, &env, &http).await?;
    println!("server up at {} (pid {})", server.base, server.pid);
    let results = phases(cfg, db, &pool, &env, &server, &http).await;
    server.stop().await;
    pool.close().await;
    let results = results.map_err(|e| {
        anyhow!(
            "{e:#}\n(server log: {}; last lines:\n{})",
            server.log.display(),
            tail(&server.log, 15)
        )
    })?;
    let rows = verdicts(&results);
    print_table(&rows);
    let path = write_json(cfg, &facts, &results, &rows, &server.log)?;
    println!("\nJSON: {}", path.display());
    Ok(())
}

async fn phases(
    cfg: &Config,
    db: &BenchDb,
    pool: &PgPool,
    env: &ServerEnv,
    server: &Server,
    http: &reqwest::Client,
) -> Result<Results> {
    let gql = Gql::login(http, &server.base).await?;
    let location = gql.create_location("bench-main").await?;
    let secs = cfg.load_duration();

    println!("(a) commands, 1 client, {} s …", cfg.seconds);
    let one = command_load(&gql, &location, 1, secs, "one").await?;
    println!(
        "    {:.0} commands/s, p99 {:.2} ms",
        one.rate(),
        one.p(0.99)
    );

    println!(
        "(a,b) commands, 8 clients, {} s, with the lag probe …",
        cfg.seconds
    );
    let probe = LagProbe::start(&db.url, LAG_PROJECTION).await?;
    let eight = command_load(&gql, &location, 8, secs, "eight").await?;
    // Let the last checkpoints of the run arrive before the probe stops listening.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let lag = projection_lags(&probe.finish().await?)?;
    println!(
        "    {:.0} commands/s, p99 {:.2} ms; lag p99 {:.2} ms over {} commits",
        eight.rate(),
        eight.p(0.99),
        lag.hist.value_at_quantile(0.99) as f64 / 1000.0,
        lag.hist.len()
    );

    println!("(c) generateVouchers × {BATCH_SIZE}, {BATCH_RUNS} runs …");
    gql.upsert_profile(&location, "gen", 1_000).await?;
    let batches = voucher_batches(&gql, pool, &location, "gen").await?;

    println!("(d) queries, 8 clients, {} s …", cfg.seconds);
    let queries = query_load(&gql, &location, 8, secs).await?;
    println!(
        "    {:.0} req/s, p99 {:.2} ms",
        queries.rate(),
        queries.p(0.99)
    );

    let steady = server.memory()?;
    println!(
        "(f) server RSS after commands and queries: {:.1} MiB (peak so far {:.1} MiB)",
        mib(steady.rss_kib),
        mib(steady.hwm_kib)
    );

    println!(
        "(e) growing the log to {} events …",
        thousands(cfg.rebuild_events)
    );
    let growth = grow_log(&gql, pool, cfg.rebuild_events).await?;
    let caught_up_behind = wait_caught_up(pool, Duration::from_secs(600)).await?;
    if caught_up_behind > 0 {
        println!("    warning: projections still {caught_up_behind} events behind after 10 min");
    }
    println!(
        "    rebuilding `{REBUILD_PROJECTION}` over {} events …",
        thousands(growth.events_after.max(0) as u64)
    );
    let rebuild = rebuild(cfg, env, server, pool).await?;
    println!(
        "    {:.2} s, {:.0} events/s",
        rebuild.elapsed.as_secs_f64(),
        rebuild.events_per_s()
    );
    let server_end = server.memory()?;
    Ok(Results {
        one,
        eight,
        lag,
        batches,
        queries,
        steady,
        growth,
        caught_up_behind,
        rebuild,
        server_end,
    })
}

// ---------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------

struct Row {
    metric: &'static str,
    measured: String,
    goal: &'static str,
    /// None: informational, no goal.
    pass: Option<bool>,
}

fn row(metric: &'static str, measured: String, goal: &'static str, pass: Option<bool>) -> Row {
    Row {
        metric,
        measured,
        goal,
        pass,
    }
}

fn verdicts(r: &Results) -> Vec<Row> {
    let lag = |q: f64| r.lag.hist.value_at_quantile(q) as f64 / 1000.0;
    let sorted = r.batches.sorted();
    let (bmin, bmed, bmax) = (
        sorted.first().copied().unwrap_or(f64::NAN),
        sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN),
        sorted.last().copied().unwrap_or(f64::NAN),
    );
    let rm_ok = r.batches.read_model_growth.iter().all(|g| *g == BATCH_SIZE);
    let rebuild_peak = r.rebuild.peak_rss_kib.map(mib);
    vec![
        row(
            "commands/s, 1 client",
            format!("{:.0}", r.one.rate()),
            "—",
            None,
        ),
        row(
            "command p50 / p99, 1 client",
            format!("{:.2} / {:.2} ms", r.one.p(0.5), r.one.p(0.99)),
            "p99 ≤ 5 ms",
            Some(r.one.p(0.99) <= 5.0),
        ),
        row(
            "commands/s, 8 clients",
            format!("{:.0}", r.eight.rate()),
            "≥ 1,200/s",
            Some(r.eight.rate() >= 1200.0),
        ),
        row(
            "command p50 / p99, 8 clients",
            format!("{:.2} / {:.2} ms", r.eight.p(0.5), r.eight.p(0.99)),
            "—",
            None,
        ),
        row(
            "command errors (1 + 8 clients)",
            format!("{}", r.one.errors + r.eight.errors),
            "0",
            Some(r.one.errors + r.eight.errors == 0),
        ),
        row(
            "projection lag p50 / p99 / max",
            format!(
                "{:.2} / {:.2} / {:.2} ms",
                lag(0.5),
                lag(0.99),
                r.lag.hist.max() as f64 / 1000.0
            ),
            "p99 ≤ 50 ms",
            Some(r.lag.hist.len() > 0 && lag(0.99) <= 50.0),
        ),
        row(
            "10,000 vouchers, 1 mutation min/med/max",
            format!("{bmin:.3} / {bmed:.3} / {bmax:.3} s"),
            "≤ 1.0 s (every run)",
            Some(bmax <= 1.0),
        ),
        row(
            "  read model has the batch on return",
            format!(
                "{}",
                r.batches
                    .read_model_growth
                    .iter()
                    .map(|g| format!("+{g}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "+10000 each",
            Some(rm_ok),
        ),
        row(
            "queries/s, 8 clients",
            format!("{:.0}", r.queries.rate()),
            "≥ 3,000/s",
            Some(r.queries.rate() >= 3000.0),
        ),
        row(
            "query p50 / p99, 8 clients",
            format!("{:.2} / {:.2} ms", r.queries.p(0.5), r.queries.p(0.99)),
            "p99 ≤ 10 ms",
            Some(r.queries.p(0.99) <= 10.0),
        ),
        row(
            "rebuild `vouchers` events/s",
            format!(
                "{:.0} ({} events, {:.2} s)",
                r.rebuild.events_per_s(),
                thousands(r.rebuild.log_events.max(0) as u64),
                r.rebuild.elapsed.as_secs_f64()
            ),
            "≥ 100,000/s on ≥ 1M",
            Some(r.rebuild.events_per_s() >= 100_000.0 && r.rebuild.log_events >= 1_000_000),
        ),
        row(
            "rebuild process peak RSS",
            rebuild_peak.map_or("n/a".into(), |m| format!("{m:.1} MiB")),
            "≤ 512 MiB",
            rebuild_peak.map(|m| m <= 512.0),
        ),
        row(
            "server RSS, steady",
            format!("{:.1} MiB", mib(r.steady.rss_kib)),
            "≤ 256 MiB",
            Some(mib(r.steady.rss_kib) <= 256.0),
        ),
        row(
            "server RSS max during rebuild",
            format!("{:.1} MiB", mib(r.rebuild.server_max_rss_kib)),
            "≤ 512 MiB",
            Some(mib(r.rebuild.server_max_rss_kib) <= 512.0),
        ),
        row(
            "server peak RSS (VmHWM, whole run)",
            format!("{:.1} MiB", mib(r.server_end.hwm_kib)),
            "≤ 512 MiB",
            Some(mib(r.server_end.hwm_kib) <= 512.0),
        ),
    ]
}

fn print_table(rows: &[Row]) {
    let verdict = |p: Option<bool>| match p {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "",
    };
    let w0 = rows
        .iter()
        .map(|r| r.metric.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let w1 = rows
        .iter()
        .map(|r| r.measured.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let w2 = rows
        .iter()
        .map(|r| r.goal.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    println!();
    println!(
        "| {} | {} | {} | verdict |",
        pad("metric", w0),
        pad("measured", w1),
        pad("goal", w2)
    );
    println!(
        "|{}|{}|{}|---------|",
        "-".repeat(w0 + 2),
        "-".repeat(w1 + 2),
        "-".repeat(w2 + 2)
    );
    for r in rows {
        println!(
            "| {} | {} | {} | {} |",
            pad(r.metric, w0),
            pad(&r.measured, w1),
            pad(r.goal, w2),
            pad(verdict(r.pass), 7)
        );
    }
}

fn write_json(
    cfg: &Config,
    facts: &Value,
    r: &Results,
    rows: &[Row],
    server_log: &Path,
) -> Result<PathBuf> {
    let sorted = r.batches.sorted();
    let doc = json!({
        "timestamp_unix": cfg.unix,
        "git_commit": command_line("git", &["rev-parse", "--short", "HEAD"], &cfg.repo),
        "git_dirty": command_line("git", &["status", "--porcelain"], &cfg.repo).map(|s| !s.is_empty()),
        "machine": facts,
        "load_at_end": std::fs::read_to_string("/proc/loadavg").ok().map(|s| s.trim().to_string()),
        "settings": {
            "bench_seconds": cfg.seconds,
            "rebuild_events_target": cfg.rebuild_events,
            "warmup_ops_per_client": WARMUP_OPS,
            "binary": cfg.bin.display().to_string(),
            "server_log": server_log.display().to_string(),
        },
        "commands": {
            "operation": "upsertVoucherProfile with a new priceSell each call; one profile per client",
            "one_client": r.one.to_json(),
            "eight_clients": r.eight.to_json(),
        },
        "projection_lag": {
            "projection": LAG_PROJECTION,
            "during": "the 8-client command run",
            "events_notifications": r.lag.events,
            "checkpoint_notifications": r.lag.checkpoints,
            "unmatched_events": r.lag.unmatched,
            "latency": latency_json(&r.lag.hist),
        },
        "voucher_batch_10k": {
            "runs_s": r.batches.seconds,
            "min_s": sorted.first(),
            "median_s": sorted.get(sorted.len() / 2),
            "max_s": sorted.last(),
            "rm_vouchers_growth": r.batches.read_model_growth,
        },
        "queries": {
            "operation": VOUCHER_PAGE,
            "vouchers_at_location": BATCH_SIZE * BATCH_RUNS as i64,
            "result": r.queries.to_json(),
        },
        "log_growth": {
            "batches": r.growth.batches,
            "events_after": r.growth.events_after,
            "elapsed_s": r.growth.elapsed.as_secs_f64(),
            "events_per_s": r.growth.events_after as f64 / r.growth.elapsed.as_secs_f64().max(1e-9),
            "batch_seconds": r.growth.seconds,
            "projections_behind_before_rebuild": r.caught_up_behind,
        },
        "rebuild": {
            "projection": REBUILD_PROJECTION,
            "log_events": r.rebuild.log_events,
            "elapsed_s": r.rebuild.elapsed.as_secs_f64(),
            "events_per_s": r.rebuild.events_per_s(),
            "tool_reported": r.rebuild.reported,
            "peak_rss_mib": r.rebuild.peak_rss_kib.map(mib),
            "peak_rss_method": r.rebuild.rss_method,
            "server_max_rss_mib_during": mib(r.rebuild.server_max_rss_kib),
            "rm_vouchers_before": r.rebuild.read_model_rows_before,
            "rm_vouchers_after": r.rebuild.read_model_rows_after,
        },
        "server_memory": {
            "steady_rss_mib": mib(r.steady.rss_kib),
            "steady_hwm_mib": mib(r.steady.hwm_kib),
            "end_rss_mib": mib(r.server_end.rss_kib),
            "peak_hwm_mib": mib(r.server_end.hwm_kib),
        },
        "verdicts": rows.iter().map(|row| json!({
            "metric": row.metric,
            "measured": row.measured,
            "goal": row.goal,
            "pass": row.pass,
        })).collect::<Vec<_>>(),
    });
    std::fs::create_dir_all(&cfg.out_dir)?;
    let text = serde_json::to_string_pretty(&doc)?;
    let path = cfg.out_dir.join(format!("tagih-{}.json", cfg.unix));
    std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
    let latest = cfg.out_dir.join("latest.json");
    std::fs::write(&latest, &text).with_context(|| format!("writing {}", latest.display()))?;
    Ok(path)
}

/// What the numbers ran on; every item is best effort.
async fn machine_facts(pool: &PgPool) -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let show = |name: &'static str| async move {
        sqlx::query_scalar::<_, String>(&format!("show {name}"))
            .fetch_one(pool)
            .await
            .ok()
    };
    json!({
        "nproc": std::thread::available_parallelism().map(|n| n.get()).ok(),
        "cpu_model": cpuinfo.lines().find_map(|l| l.strip_prefix("model name")).map(|v| v.trim_start_matches([' ', '\t', ':']).to_string()),
        "mem_total": meminfo.lines().find_map(|l| l.strip_prefix("MemTotal:")).map(|v| v.trim().to_string()),
        "kernel": std::fs::read_to_string("/proc/sys/kernel/osrelease").ok().map(|s| s.trim().to_string()),
        "load_at_start": std::fs::read_to_string("/proc/loadavg").ok().map(|s| s.trim().to_string()),
        "rustc": command_line("rustc", &["--version"], Path::new(".")),
        "postgres_binary": command_line("postgres", &["--version"], Path::new(".")),
        "postgres_server": sqlx::query_scalar::<_, String>("select version()").fetch_one(pool).await.ok(),
        "fsync": show("fsync").await,
        "synchronous_commit": show("synchronous_commit").await,
        "shared_buffers": show("shared_buffers").await,
        "wal_level": show("wal_level").await,
    })
}

/// A command's stdout, trimmed (None when it cannot run or fails).
fn command_line(program: &str, args: &[&str], dir: &Path) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
