//! What the numbers ran on: CPU, memory, kernel, toolchain and PostgreSQL settings, each
//! best effort.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use sqlx::PgPool;

/// What the numbers ran on; every item is best effort.
pub async fn machine_facts(pool: &PgPool) -> Value {
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
        "wal_sync_method": show("wal_sync_method").await,
        // Off here: nothing refreshes planner statistics while the bench runs.
        "autovacuum": show("autovacuum").await,
    })
}

/// A command's stdout, trimmed (None when it cannot run or fails).
pub fn command_line(program: &str, args: &[&str], dir: &Path) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
