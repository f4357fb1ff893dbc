//! The whole run against the bench database: the server started, the phases in order
//! (g, a, b, c, d, f, e), the server stopped, then the table and the JSON.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::activity::Activity;
use crate::config::Config;
use crate::db::{BenchDb, wait_caught_up};
use crate::facts::machine_facts;
use crate::gql::Gql;
use crate::growth::Growth;
use crate::idle::Idle;
use crate::json::{write_commands_json, write_json};
use crate::lag::LagStats;
use crate::load::LoadResult;
use crate::memory::Mem;
use crate::rebuild::Rebuild;
use crate::report::{command_rows, lag_row, print_table, verdicts};
use crate::scaling::Scaling;
use crate::server::{Server, ServerEnv, tail};
use crate::vouchers::BatchRuns;
use crate::windows::{Windows, phase_summary};
use crate::{bus_drift, commands, growth, idle, memory, queries, rebuild, scaling, vouchers};

pub struct Results {
    pub idle: Idle,
    pub one: LoadResult,
    pub eight: LoadResult,
    pub bus: LoadResult,
    pub lag: LagStats,
    pub batches: BatchRuns,
    pub queries: LoadResult,
    pub steady: Mem,
    pub growth: Growth,
    pub caught_up_behind: i64,
    pub rebuild: Rebuild,
    pub server_end: Mem,
    pub windows: Windows,
    pub scaling: Scaling,
}

pub async fn run(cfg: &Config, db: &BenchDb, data_dir: &Path) -> Result<()> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let pool = connect(db).await?;
    let facts = machine_facts(&pool).await;
    let env = ServerEnv::new(db, data_dir);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()?;
    println!("starting {} serve …", cfg.bin.display());
    let mut server = Server::start(cfg, &env, &http).await?;
    println!("server up at {} (pid {})", server.base, server.pid);
    // Before the activity sampler, whose queries would count as the server's.
    if cfg.commands_only || cfg.rebuild_only {
        let outcome = if cfg.commands_only {
            commands_only(cfg, db, &pool, &server, &http).await
        } else {
            rebuild_only(cfg, &pool, &env, &mut server, &http).await
        };
        server.stop().await;
        pool.close().await;
        return outcome;
    }
    let idle = idle::phase(cfg, db, &pool, server.pid).await;
    let activity = Activity::start(pool.clone());
    let results = match idle {
        Ok(idle) => phases(cfg, db, &pool, &env, &mut server, &http, idle).await,
        Err(e) => Err(e),
    };
    server.stop().await;
    let samples = activity.stop();
    pool.close().await;
    let results = results.map_err(|e| {
        anyhow!(
            "{e:#}\n(server log: {}; last lines:\n{})",
            server.log.display(),
            tail(&server.log, 15)
        )
    })?;
    let rows = verdicts(&results);
    if cfg.diag_quiet {
        println!("\nDIAGNOSTIC RUN (BENCH_DIAG_QUIET): not a benchmark result");
    }
    print_table(&rows);
    let phases = phase_summary(&samples, &results.windows);
    let path = write_json(cfg, &facts, &results, &rows, &server.log, phases)?;
    println!("\nJSON: {}", path.display());
    Ok(())
}

/// BENCH_ONLY=commands: phases (a) and (b), their rows, and a JSON of their own.
async fn commands_only(
    cfg: &Config,
    db: &BenchDb,
    pool: &PgPool,
    server: &Server,
    http: &reqwest::Client,
) -> Result<()> {
    wait_caught_up(pool, Duration::from_secs(60)).await?;
    let gql = Gql::login(http, &server.base).await?;
    let location = gql.create_location("bench-main").await?;
    let mut windows = Windows::new(server.pid);
    let one = commands::one_client(cfg, &gql, &location, &mut windows).await?;
    let (eight, lag) = commands::eight_clients(cfg, &db.url, &gql, &location, &mut windows).await?;
    let bus = bus_drift::phase(cfg, pool, &location, &mut windows).await?;
    let mut rows = command_rows(&one, &eight, &bus);
    rows.push(lag_row(&lag));
    println!("\nPARTIAL RUN (BENCH_ONLY=commands)");
    print_table(&rows);
    let path = write_commands_json(cfg, &one, &eight, &bus, &rows)?;
    println!("\nJSON: {}", path.display());
    Ok(())
}

/// BENCH_ONLY=rebuild: grow the log, rebuild `vouchers`, print the figures.
async fn rebuild_only(
    cfg: &Config,
    pool: &PgPool,
    env: &ServerEnv,
    server: &mut Server,
    http: &reqwest::Client,
) -> Result<()> {
    wait_caught_up(pool, Duration::from_secs(60)).await?;
    let gql = Gql::login(http, &server.base).await?;
    let mut windows = Windows::new(server.pid);
    let (growth, _) = growth::phase(cfg, &gql, pool, &mut windows).await?;
    let (r, _) = rebuild::phase(cfg, env, server, pool, &growth, &mut windows).await?;
    println!(
        "\nPARTIAL RUN (BENCH_ONLY=rebuild): {} events in {:.2} s = {:.0} events/s, \
         rebuild peak RSS {:?} KiB, rows {} → {}",
        r.log_events,
        r.elapsed.as_secs_f64(),
        r.events_per_s(),
        r.peak_rss_kib,
        r.read_model_rows_before,
        r.read_model_rows_after
    );
    Ok(())
}

/// The bench's own pool on the bench database.
async fn connect(db: &BenchDb) -> Result<PgPool> {
    // Named, so the diagnostic mode can tell the bench's connections from the server's.
    let options = PgConnectOptions::from_str(&db.url)
        .context("reading the bench database URL")?
        .application_name("tagih-bench");
    PgPoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .context("connecting to the bench database")
}

async fn phases(
    cfg: &Config,
    db: &BenchDb,
    pool: &PgPool,
    env: &ServerEnv,
    server: &mut Server,
    http: &reqwest::Client,
    idle: Idle,
) -> Result<Results> {
    // The bootstrap admin must be in the read model before a login can succeed.
    wait_caught_up(pool, Duration::from_secs(60)).await?;
    let gql = Gql::login(http, &server.base).await?;
    let location = gql.create_location("bench-main").await?;
    let mut windows = Windows::new(server.pid);
    let w = &mut windows;
    let one = commands::one_client(cfg, &gql, &location, w).await?;
    let (eight, lag) = commands::eight_clients(cfg, &db.url, &gql, &location, w).await?;
    let bus = bus_drift::phase(cfg, pool, &location, w).await?;
    let scaling = scaling::phase(cfg, env, server, http, &location, eight.rate(), w).await?;
    // The server was restarted by (h): a new session for the phases after it.
    let gql = Gql::login(http, &server.base).await?;
    let batches = vouchers::phase(cfg, &gql, pool, &location, w).await?;
    let queries = queries::phase(cfg, &gql, &location, w).await?;
    let steady = memory::steady(server)?;
    let (growth, caught_up_behind) = growth::phase(cfg, &gql, pool, w).await?;
    let (rebuild, server_end) = rebuild::phase(cfg, env, server, pool, &growth, w).await?;
    Ok(Results {
        idle,
        one,
        eight,
        bus,
        lag,
        batches,
        queries,
        steady,
        growth,
        caught_up_behind,
        rebuild,
        server_end,
        windows,
        scaling,
    })
}
