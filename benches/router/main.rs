//! RouterOS provisioning benchmark (issue 4): `cargo bench --bench router`.
//!
//! Provisions `ROUTER_BENCH_VOUCHERS` (default 10,000) hotspot users into the in-process
//! RouterOS simulator with `ROUTER_BENCH_LATENCY_MS` (default 1) of latency per reply,
//! twice on the same run, each time on a freshly started simulator and one connection:
//!
//! * one at a time: `Connection::call` awaited per `/ip/hotspot/user/add`;
//! * pipelined: `Connection::call_many` in batches of 500, as the provisioning saga does.
//!
//! The commands are built exactly like `sagas/src/routeros_gateway/mod.rs::add_command`
//! (name, password, profile, comment `VOUCHER_SYSTEM|5000||`). After each run the
//! simulator's own table must hold every voucher exactly once, or the bench fails.
//!
//! Then "simulator at 100k rows" (issue 17, `lookup`): `print ?name=X` against 1, 3,000
//! and 100,000 hotspot users, in-process and over the socket, `ROUTER_BENCH_LOOKUPS`
//! (default 1,000) lookups per size; goal ≤ 1 ms of simulator CPU at 100,000 rows.
//!
//! Output: tables on stdout, and JSON in `target/bench/router-<unix>.json` and
//! `target/bench/router-latest.json`. Goal: pipelined ≥ 5× faster.
//!
//! Modules: `config` (knobs), `provision` (one timed run), `verify` (the router's table
//! afterwards), `lookup` (the simulator at 100k rows), `report` (table and JSON).

mod config;
mod lookup;
mod provision;
mod report;
mod subscriptions;
mod verify;

use std::process::ExitCode;

use anyhow::Result;

use crate::config::Config;
use crate::provision::Mode;

/// The speed-up issue 4 asks of pipelining over one command per round trip.
const GOAL_SPEEDUP: f64 = 5.0;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nrouter bench failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<()> {
    let cfg = Config::from_env()?;
    println!(
        "router bench: {} vouchers, {} ms simulated latency per reply, batches of {}",
        report::thousands(cfg.vouchers as u64),
        cfg.latency.as_millis(),
        provision::BATCH_SIZE
    );
    let mut runs = Vec::new();
    for mode in [Mode::OneAtATime, Mode::Pipelined] {
        let run = provision::run(&cfg, mode).await?;
        println!(
            "  {:<12} {:>8.3} s  (verified: {} vouchers on the router)",
            mode.label(),
            run.elapsed.as_secs_f64(),
            report::thousands(run.verified as u64)
        );
        runs.push(run);
    }
    let table = report::table(&cfg, &runs);
    println!("\n{table}");
    println!(
        "simulator at 100k rows: {} lookups of print ?name=X per table size",
        report::thousands(cfg.lookups as u64)
    );
    let mut lookups = Vec::new();
    for users in lookup::SIZES {
        let result = lookup::measure(users, cfg.lookups)
            .await
            .map_err(|e| anyhow::anyhow!("lookup bench at {users} users: {e}"))?;
        lookups.push(result);
    }
    println!("\n{}", lookup::table(&lookups));
    let (mean, p50, p99) = subscriptions::per_command(2_000).await?;
    println!(
        "per-command latency at 0 ms simulated latency (2,000 sequential /system/identity/print, TCP_NODELAY both ends): mean {mean:.0} µs, p50 {p50:.0} µs, p99 {p99:.0} µs\n"
    );
    let mut subs = Vec::new();
    if cfg.subscriptions {
        println!(
            "subscriptions to the router at {} ms: {} created by one createSubscriptions, {} disabled on expiry",
            cfg.latency.as_millis(),
            subscriptions::CREATES,
            subscriptions::DISABLES
        );
        for batch in [1, tagih_sagas::subscription_effects::DEFAULT_BATCH_SIZE] {
            let run = subscriptions::run(&cfg, batch).await?;
            println!(
                "  batch {batch:>3}: answer {:.3} s, all 500 on the router {:.3} s after it, 2,000 disabled in {:.3} s",
                run.create_answer_s, run.create_s, run.disable_s
            );
            subs.push(run);
        }
        println!("\n{}", subscriptions::table(&subs));
    }
    let path = report::write_json(&cfg, &runs, &lookups, &subs, (mean, p50, p99))?;
    println!("wrote {}", path.display());
    Ok(())
}
