//! Tagih end-to-end benchmark: `scripts/bench` (or `cargo build --release --bin tagih`
//! then `cargo bench --bench tagih`).
//!
//! The release binary runs as a real server (`tagih serve`) against a fresh PostgreSQL
//! database, and everything is measured from the outside, the way a client sees it:
//!
//! * (a) durable commands through GraphQL (`upsertVoucherProfile`, 1 and 8 clients), with
//!   the drift from the first second to the last as each client's stream grows, and (a′)
//!   the write path alone (`CommandBus` in the bench process, one stream, no HTTP);
//! * (b) projection lag, from `events` / `projections` notifications during the 8-client run;
//! * (c) one `generateVouchers` mutation of 10,000 vouchers (3 runs);
//! * (d) read queries (`vouchers`, 8 clients);
//! * (e) a projection rebuild (`tagih replay rebuild vouchers`) over a log of ≥ 1M events;
//! * (f) the server's memory (steady, during the rebuild, peak);
//! * (g) an idle server's transactions per second and CPU (30 s after start-up, before any
//!   load);
//! * (h) scaling with features: the 8-client run on a server with 20 extra consumers that
//!   no event concerns, between two runs without.
//!
//! Knobs (environment): `BENCH_SECONDS` (length of each load phase, default 10),
//! `BENCH_REBUILD_EVENTS` (log size before the rebuild, default 1,000,000),
//! `TAGIH_BENCH_DATABASE_URL` (admin connection; default
//! `postgres://postgres@127.0.0.1:5432/postgres`), `TAGIH_BENCH_BIN` (default
//! `target/release/tagih`), and `BENCH_DIAG_QUIET=1` — a diagnostic, not a result: it
//! quiets the server's background work before the query phase and runs the rebuild with
//! the server stopped (see `diag::quiet_down`), writing `tagih-<unix>-diag.json` only;
//! `BENCH_ONLY=commands` runs phases (a) and (b) alone (a quick look at command
//! throughput and drift), writing `tagih-<unix>-commands.json` only; `BENCH_KEEP_DB=1`
//! keeps the bench's database at the end (its name is printed) for a closer look.
//!
//! Output: a table on stdout and every number, with the machine's facts, as JSON in
//! `target/bench/tagih-<unix>.json` and `target/bench/latest.json`. The bench database
//! is dropped and the server stopped at the end, on error paths too.
//!
//! Modules, in the order a run meets them: `config` and `db` (settings, the bench
//! database), `bench` (the whole run), `server` and `gql` (the process under test and its
//! client), `load` (closed-loop clients), the phases `idle`, `commands`, `lag`, `vouchers`,
//! `queries`, `growth`, `rebuild` and `memory`, the side observers `activity`, `cpu` and
//! `windows`, `diag` (BENCH_DIAG_QUIET), and the output `report`, `json` and `facts`.

mod activity;
mod bench;
mod bus_drift;
mod commands;
mod config;
mod cpu;
mod db;
mod diag;
mod facts;
mod gql;
mod growth;
mod idle;
mod json;
mod lag;
mod load;
mod memory;
mod queries;
mod rebuild;
mod report;
mod scaling;
mod server;
mod vouchers;
mod windows;

use std::process::ExitCode;

use anyhow::{Result, anyhow};

use crate::config::Config;
use crate::db::BenchDb;
use crate::report::thousands;

const ADMIN_USER: &str = "bench-admin";
const ADMIN_PASSWORD: &str = "bench-password-1";
/// Requests each client sends before measuring: connections opened, caches warm.
const WARMUP_OPS: u64 = 20;
const BATCH_SIZE: i64 = 10_000;
const BATCH_RUNS: usize = 3;
/// The projection an `upsertVoucherProfile` waits for (read-your-writes).
const LAG_PROJECTION: &str = "voucher_profiles";
const REBUILD_PROJECTION: &str = "vouchers";

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
        r = bench::run(&cfg, &db, &data_dir) => r,
        _ = tokio::signal::ctrl_c() => Err(anyhow!("interrupted")),
    };
    match db.drop_database().await {
        Err(e) => eprintln!("warning: could not drop database {}: {e:#}", db.name),
        Ok(true) => println!("database {} dropped", db.name),
        Ok(false) => println!("database {} kept (BENCH_KEEP_DB=1)", db.name),
    }
    let _ = std::fs::remove_dir_all(&data_dir);
    outcome
}
