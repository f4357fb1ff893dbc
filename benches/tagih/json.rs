//! The JSON record of a run: every number with the machine's facts, written to
//! `target/bench/tagih-<unix>.json` and `target/bench/latest.json` (diagnostic runs:
//! `tagih-<unix>-diag.json` only).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::bench::Results;
use crate::config::Config;
use crate::facts::command_line;
use crate::gql::VOUCHER_PAGE;
use crate::load::{LoadResult, latency_json};
use crate::memory::mib;
use crate::report::Row;
use crate::{BATCH_RUNS, BATCH_SIZE, LAG_PROJECTION, REBUILD_PROJECTION, WARMUP_OPS};

const PHASES_NOTE: &str = "cpu_percent_of_one_core compares /proc CPU counters at the start and end \
            of each phase: processes that started and exited within a phase (such as the rebuild's \
            own PostgreSQL backend) are not counted. postgres_all is every postgres process on the \
            machine, not only the bench database's. machine_busy is the whole machine \
            (/proc/stat); others = machine_busy minus server, postgres_all and bench_client.";

pub fn write_json(
    cfg: &Config,
    facts: &Value,
    r: &Results,
    rows: &[Row],
    server_log: &Path,
    phases: Value,
) -> Result<PathBuf> {
    let doc = json!({
        "timestamp_unix": cfg.unix,
        "diagnostic_quiet": cfg.diag_quiet,
        "git_commit": command_line("git", &["rev-parse", "--short", "HEAD"], &cfg.repo),
        "git_dirty": command_line("git", &["status", "--porcelain"], &cfg.repo).map(|s| !s.is_empty()),
        "machine": facts,
        "load_at_end": std::fs::read_to_string("/proc/loadavg").ok().map(|s| s.trim().to_string()),
        "settings": settings(cfg, server_log),
        "idle": idle(r),
        "commands": commands(r),
        "projection_lag": projection_lag(r),
        "voucher_batch_10k": voucher_batches(r),
        "queries": queries(r),
        "log_growth": log_growth(r),
        "rebuild": rebuild(r),
        "server_memory": server_memory(r),
        "phases": phases,
        "phases_note": PHASES_NOTE,
        "verdicts": verdicts(rows),
    });
    write(cfg, &doc)
}

/// BENCH_ONLY=commands: `tagih-<unix>-commands.json`, never `latest.json`.
pub fn write_commands_json(
    cfg: &Config,
    one: &LoadResult,
    eight: &LoadResult,
    bus: &LoadResult,
    rows: &[Row],
) -> Result<PathBuf> {
    let doc = json!({
        "timestamp_unix": cfg.unix,
        "partial": "commands",
        "git_commit": command_line("git", &["rev-parse", "--short", "HEAD"], &cfg.repo),
        "load_at_end": std::fs::read_to_string("/proc/loadavg").ok().map(|s| s.trim().to_string()),
        "settings": { "bench_seconds": cfg.seconds, "warmup_ops_per_client": WARMUP_OPS },
        "commands": commands_json(one, eight, bus),
        "verdicts": verdicts(rows),
    });
    std::fs::create_dir_all(&cfg.out_dir)?;
    let path = cfg
        .out_dir
        .join(format!("tagih-{}-commands.json", cfg.unix));
    std::fs::write(&path, serde_json::to_string_pretty(&doc)?)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// `tagih-<unix>[-diag].json`, and `latest.json` unless this is a diagnostic run.
fn write(cfg: &Config, doc: &Value) -> Result<PathBuf> {
    std::fs::create_dir_all(&cfg.out_dir)?;
    let text = serde_json::to_string_pretty(doc)?;
    // A diagnostic run is not a benchmark result: it never becomes latest.json.
    let suffix = if cfg.diag_quiet { "-diag" } else { "" };
    let path = cfg.out_dir.join(format!("tagih-{}{suffix}.json", cfg.unix));
    std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
    if !cfg.diag_quiet {
        let latest = cfg.out_dir.join("latest.json");
        std::fs::write(&latest, &text).with_context(|| format!("writing {}", latest.display()))?;
    }
    Ok(path)
}

fn settings(cfg: &Config, server_log: &Path) -> Value {
    json!({
        "bench_seconds": cfg.seconds,
        "rebuild_events_target": cfg.rebuild_events,
        "warmup_ops_per_client": WARMUP_OPS,
        "binary": cfg.bin.display().to_string(),
        "server_log": server_log.display().to_string(),
    })
}

fn idle(r: &Results) -> Value {
    json!({
        "transactions": r.idle.transactions,
        "seconds": r.idle.elapsed.as_secs_f64(),
        "transactions_per_s": r.idle.per_second(),
    })
}

fn commands(r: &Results) -> Value {
    commands_json(&r.one, &r.eight, &r.bus)
}

fn commands_json(one: &LoadResult, eight: &LoadResult, bus: &LoadResult) -> Value {
    json!({
        "operation": "upsertVoucherProfile with a new priceSell each call; one profile per client",
        "drift": "each client's profile stream grows by one event per call: last_over_first \
                  is the last second's commands over the first second's (goal ≥ 0.85)",
        "one_client": one.to_json(),
        "eight_clients": eight.to_json(),
        "write_path_in_process": {
            "what": "voucher_profiles::upsert through a CommandBus in the bench process, one \
                     client, one profile: no HTTP, no read-your-writes wait",
            "run": bus.to_json(),
        },
    })
}

fn projection_lag(r: &Results) -> Value {
    json!({
        "projection": LAG_PROJECTION,
        "during": "the 8-client command run",
        "events_notifications": r.lag.events,
        "checkpoint_notifications": r.lag.checkpoints,
        "unmatched_events": r.lag.unmatched,
        "latency": latency_json(&r.lag.hist),
    })
}

fn voucher_batches(r: &Results) -> Value {
    let sorted = r.batches.sorted();
    json!({
        "runs_s": r.batches.seconds,
        "min_s": sorted.first(),
        "median_s": sorted.get(sorted.len() / 2),
        "max_s": sorted.last(),
        "rm_vouchers_growth": r.batches.read_model_growth,
    })
}

fn queries(r: &Results) -> Value {
    json!({
        "operation": VOUCHER_PAGE,
        "vouchers_at_location": BATCH_SIZE * BATCH_RUNS as i64,
        "result": r.queries.to_json(),
    })
}

fn log_growth(r: &Results) -> Value {
    json!({
        "batches": r.growth.batches,
        "events_after": r.growth.events_after,
        "elapsed_s": r.growth.elapsed.as_secs_f64(),
        "events_before": r.growth.events_before,
        "appended_events_per_s": (r.growth.events_after - r.growth.events_before) as f64
            / r.growth.elapsed.as_secs_f64().max(1e-9),
        "batch_seconds": r.growth.seconds,
        "projections_behind_before_rebuild": r.caught_up_behind,
    })
}

fn rebuild(r: &Results) -> Value {
    json!({
        "projection": REBUILD_PROJECTION,
        "log_events": r.rebuild.log_events,
        "elapsed_s": r.rebuild.elapsed.as_secs_f64(),
        "events_per_s": r.rebuild.events_per_s(),
        "tool_reported": r.rebuild.reported,
        "peak_rss_mib": r.rebuild.peak_rss_kib.map(mib),
        "peak_rss_method": r.rebuild.rss_method,
        "process_cpu": r.rebuild.process_cpu,
        "postgres_cpu_s_during": r.rebuild.postgres_cpu_s,
        "server_max_rss_mib_during": r.rebuild.server_max_rss_kib.map(mib),
        "rm_vouchers_before": r.rebuild.read_model_rows_before,
        "rm_vouchers_after": r.rebuild.read_model_rows_after,
    })
}

fn server_memory(r: &Results) -> Value {
    json!({
        "steady_rss_mib": mib(r.steady.rss_kib),
        "steady_hwm_mib": mib(r.steady.hwm_kib),
        "end_rss_mib": mib(r.server_end.rss_kib),
        "peak_hwm_mib": mib(r.server_end.hwm_kib),
    })
}

fn verdicts(rows: &[Row]) -> Value {
    rows.iter()
        .map(|row| {
            json!({
                "metric": row.metric,
                "measured": row.measured,
                "goal": row.goal,
                "pass": row.pass,
            })
        })
        .collect::<Vec<_>>()
        .into()
}
