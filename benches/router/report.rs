//! The results table on stdout and the JSON record in `target/bench/`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::GOAL_SPEEDUP;
use crate::config::Config;
use crate::lookup::{GOAL_CPU_US, Lookup};
use crate::provision::{BATCH_SIZE, COMMENT, Mode, Run};
use crate::subscriptions::SubsRun;

/// What `SimConfig::latency` stands for; repeated in the JSON so a result file explains itself.
const LATENCY_MODEL: &str = "The simulator holds every reply until `latency` after it received \
    the command (one full round trip, charged on the reply path; commands reach it at once). \
    Each reply has its own due time, so the replies of pipelined commands wait concurrently as \
    on a real link, and in command order. No bandwidth limit, no jitter, and the router's own \
    processing time is the simulator's (microseconds), not a real router's CPU.";

fn speedup(runs: &[Run], run: &Run) -> Option<f64> {
    let base = runs.iter().find(|r| r.mode == Mode::OneAtATime)?;
    Some(base.elapsed.as_secs_f64() / run.elapsed.as_secs_f64())
}

fn adds_per_s(cfg: &Config, run: &Run) -> f64 {
    cfg.vouchers as f64 / run.elapsed.as_secs_f64()
}

pub fn table(cfg: &Config, runs: &[Run]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| {:<13} | {:>8} | {:>8} | {:>9} | {:>8} |",
        "mode", "vouchers", "seconds", "adds/s", "speed-up"
    );
    let _ = writeln!(
        out,
        "|{:-<15}|{:->10}|{:->10}|{:->11}|{:->10}|",
        "", "", "", "", ""
    );
    for run in runs {
        let _ = writeln!(
            out,
            "| {:<13} | {:>8} | {:>8.3} | {:>9} | {:>7.1}× |",
            run.mode.label(),
            thousands(cfg.vouchers as u64),
            run.elapsed.as_secs_f64(),
            thousands(adds_per_s(cfg, run).round() as u64),
            speedup(runs, run).unwrap_or(f64::NAN)
        );
    }
    if let Some(piped) = runs.iter().find(|r| r.mode == Mode::Pipelined) {
        let x = speedup(runs, piped).unwrap_or(f64::NAN);
        let verdict = if x >= GOAL_SPEEDUP { "met" } else { "NOT met" };
        let _ = writeln!(
            out,
            "\ngoal ≥{GOAL_SPEEDUP}× faster pipelined: {verdict} ({x:.1}×)"
        );
    }
    out
}

pub fn write_json(
    cfg: &Config,
    runs: &[Run],
    lookups: &[Lookup],
    subs: &[SubsRun],
    per_command: (f64, f64, f64),
) -> Result<PathBuf> {
    let piped = runs.iter().find(|r| r.mode == Mode::Pipelined);
    let x = piped.and_then(|r| speedup(runs, r));
    let doc = json!({
        "timestamp_unix": cfg.unix,
        "git_commit": command_line("git", &["rev-parse", "--short", "HEAD"], &cfg.repo),
        "git_dirty": command_line("git", &["status", "--porcelain"], &cfg.repo).map(|s| !s.is_empty()),
        "machine": machine(),
        "settings": {
            "vouchers": cfg.vouchers,
            "latency_ms": cfg.latency.as_secs_f64() * 1000.0,
            "batch_size": BATCH_SIZE,
            "max_in_flight": runs.first().map(|r| r.max_in_flight),
            "comment": COMMENT,
        },
        "latency_model": LATENCY_MODEL,
        "runs": runs.iter().map(|r| json!({
            "mode": r.mode.label(),
            "vouchers": cfg.vouchers,
            "verified_on_router": r.verified,
            "seconds": r.elapsed.as_secs_f64(),
            "adds_per_s": adds_per_s(cfg, r),
            "mean_ms_per_add": r.elapsed.as_secs_f64() * 1000.0 / cfg.vouchers as f64,
            "speedup": speedup(runs, r),
        })).collect::<Vec<_>>(),
        "goal_speedup": GOAL_SPEEDUP,
        "speedup": x,
        "goal_met": x.map(|x| x >= GOAL_SPEEDUP),
        "per_command_latency_0ms_us": {
            "command": "/system/identity/print, one at a time, one connection",
            "mean": per_command.0, "p50": per_command.1, "p99": per_command.2,
        },
        "subscriptions": subs.iter().map(|r| json!({
            "batch_size": r.batch_size,
            "creates": crate::subscriptions::CREATES,
            "create_mutation_answer_s": r.create_answer_s,
            "all_on_router_after_answer_s": r.create_s,
            "disables": crate::subscriptions::DISABLES,
            "all_disabled_s": r.disable_s,
        })).collect::<Vec<_>>(),
        "simulator_lookups": {
            "query": "/ip/hotspot/user/print ?name=X",
            "goal_cpu_us_at_largest": GOAL_CPU_US,
            "sizes": lookups.iter().map(|l| json!({
                "users": l.users,
                "socket_lookups": l.lookups,
                "in_process_lookups": l.in_process_lookups,
                "in_process_wall_us": l.in_process_us,
                "in_process_cpu_us": l.in_process_cpu_us,
                "socket_us": l.socket_us,
                "count_only_scan_cpu_us": l.scan_count_cpu_us,
            })).collect::<Vec<_>>(),
        },
    });
    std::fs::create_dir_all(&cfg.out_dir)
        .with_context(|| format!("creating {}", cfg.out_dir.display()))?;
    let text = serde_json::to_string_pretty(&doc)?;
    let path = cfg.out_dir.join(format!("router-{}.json", cfg.unix));
    std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
    let latest = cfg.out_dir.join("router-latest.json");
    std::fs::write(&latest, &text).with_context(|| format!("writing {}", latest.display()))?;
    Ok(path)
}

fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    json!({
        "nproc": std::thread::available_parallelism().map(|n| n.get()).ok(),
        "cpu_model": cpuinfo.lines().find_map(|l| l.strip_prefix("model name"))
            .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string()),
        "kernel": std::fs::read_to_string("/proc/sys/kernel/osrelease").ok().map(|s| s.trim().to_string()),
        // Other builds share this machine; the load says how much.
        "load_at_end": std::fs::read_to_string("/proc/loadavg").ok().map(|s| s.trim().to_string()),
        "rustc": command_line("rustc", &["--version"], Path::new(".")),
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

/// 10000 → "10,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
