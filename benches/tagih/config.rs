//! The bench's settings, read once from the environment (see the crate header for knobs).

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

pub struct Config {
    pub seconds: u64,
    pub rebuild_events: u64,
    /// BENCH_DIAG_QUIET: a diagnostic, not a benchmark result (see `diag::quiet_down`).
    pub diag_quiet: bool,
    /// BENCH_ONLY=commands: the command phases (a, b) alone, for a quick look at
    /// throughput and drift; writes `tagih-<unix>-commands.json`, never `latest.json`.
    pub commands_only: bool,
    /// BENCH_ONLY=rebuild: log growth and the rebuild (e) alone; prints, writes no JSON.
    pub rebuild_only: bool,
    pub admin_url: String,
    pub repo: PathBuf,
    pub out_dir: PathBuf,
    pub bin: PathBuf,
    pub unix: u64,
}

impl Config {
    pub fn from_env() -> Result<Self> {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let target = target_dir(&repo);
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
        let only = std::env::var("BENCH_ONLY").unwrap_or_default();
        if !matches!(only.as_str(), "" | "commands" | "rebuild") {
            bail!("BENCH_ONLY={only:?}: the partial runs are \"commands\" and \"rebuild\"");
        }
        let commands_only = only == "commands";
        let rebuild_only = only == "rebuild";
        if seconds == 0 {
            bail!("BENCH_SECONDS must be at least 1");
        }
        Ok(Self {
            seconds,
            rebuild_events: env_u64("BENCH_REBUILD_EVENTS", 1_000_000)?,
            diag_quiet: std::env::var("BENCH_DIAG_QUIET")
                .is_ok_and(|v| matches!(v.as_str(), "1" | "true" | "yes")),
            commands_only,
            rebuild_only,
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

    pub fn load_duration(&self) -> Duration {
        Duration::from_secs(self.seconds)
    }
}

/// CARGO_TARGET_DIR (relative to the repository when relative), else `<repo>/target`.
fn target_dir(repo: &std::path::Path) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target"));
    if target.is_relative() {
        repo.join(target)
    } else {
        target
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
