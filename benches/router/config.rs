//! The bench's knobs, read from the environment, and where its output goes.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

pub struct Config {
    /// Hotspot users provisioned per run.
    pub vouchers: usize,
    /// Delay the simulator puts before every reply.
    pub latency: Duration,
    /// `print ?name=X` lookups per table size in the "simulator at 100k rows" section.
    pub lookups: usize,
    /// An admin connection to PostgreSQL for the subscriptions section (its database is
    /// created and dropped); `ROUTER_BENCH_SUBSCRIPTIONS=0` skips that section.
    pub database_url: String,
    pub subscriptions: bool,
    pub repo: PathBuf,
    pub out_dir: PathBuf,
    pub unix: u64,
}

impl Config {
    pub fn from_env() -> Result<Config> {
        let vouchers = env_u64("ROUTER_BENCH_VOUCHERS", 10_000)?;
        if vouchers == 0 {
            bail!("ROUTER_BENCH_VOUCHERS must be at least 1");
        }
        let latency_ms = env_u64("ROUTER_BENCH_LATENCY_MS", 1)?;
        let lookups = env_u64("ROUTER_BENCH_LOOKUPS", 1_000)?.max(1);
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let out_dir = target_dir(&repo).join("bench");
        Ok(Config {
            vouchers: usize::try_from(vouchers).context("ROUTER_BENCH_VOUCHERS is too large")?,
            latency: Duration::from_millis(latency_ms),
            lookups: usize::try_from(lookups).context("ROUTER_BENCH_LOOKUPS is too large")?,
            database_url: std::env::var("ROUTER_BENCH_DATABASE_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
            subscriptions: env_u64("ROUTER_BENCH_SUBSCRIPTIONS", 1)? != 0,
            repo,
            out_dir,
            unix: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default(),
        })
    }
}

/// CARGO_TARGET_DIR (relative to the repository when relative), else `<repo>/target`,
/// as `benches/tagih` does, so both benches write next to each other.
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
            .trim()
            .parse()
            .with_context(|| format!("{name}={v:?} is not a whole number")),
    }
}
