//! One timed run: a fresh simulator, one logged-in connection, a hotspot profile, then
//! every voucher added either one round trip at a time or pipelined in batches.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use tagih_routeros::client::{Command, Connection, RouterConfig};
use tagih_routeros::sim::{self, SimConfig, SimHandle};

use crate::config::Config;
use crate::verify;

/// Rows the provisioning saga claims per outbox batch (`ProvisioningHandler::batch_size`),
/// hence the size of each `call_many`.
pub const BATCH_SIZE: usize = 500;
pub const PROFILE: &str = "1 Hari";
/// `voucher_comment(5000)`: the marker of a voucher Tagih owns, not yet activated.
pub const COMMENT: &str = "VOUCHER_SYSTEM|5000||";
const SIM_PASSWORD: &str = "bench-router";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    OneAtATime,
    Pipelined,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::OneAtATime => "one-at-a-time",
            Mode::Pipelined => "pipelined",
        }
    }
}

pub struct Run {
    pub mode: Mode,
    pub elapsed: Duration,
    /// Vouchers found on the router afterwards, each exactly once.
    pub verified: usize,
    /// The client's in-flight window (`RouterConfig::max_in_flight`), left at its default.
    pub max_in_flight: usize,
}

pub fn voucher_name(i: usize) -> String {
    format!("BENCH{i:06}")
}

pub fn voucher_password(i: usize) -> String {
    format!("pw{i:06}")
}

/// Field for field what `add_command` sends for a voucher without server, uptime or
/// quota limits.
fn add_command(i: usize) -> Command {
    Command::new("/ip/hotspot/user/add")
        .attr("name", voucher_name(i))
        .attr("password", voucher_password(i))
        .attr("profile", PROFILE)
        .attr("comment", COMMENT)
}

pub async fn run(cfg: &Config, mode: Mode) -> Result<Run> {
    let sim = sim::start(SimConfig {
        password: SIM_PASSWORD.to_owned(),
        latency: cfg.latency,
        ..SimConfig::default()
    })
    .await
    .context("starting the RouterOS simulator")?;
    let outcome = timed_run(cfg, mode, &sim).await;
    sim.shutdown().await;
    outcome
}

async fn timed_run(cfg: &Config, mode: Mode, sim: &SimHandle) -> Result<Run> {
    let config = RouterConfig::new(sim.addr().ip().to_string(), "admin", SIM_PASSWORD)
        .with_port(sim.addr().port());
    let conn = Connection::connect(&config)
        .await
        .context("connecting to the simulator")?;
    // Profile sync installs the profile in production; a voucher naming a missing one
    // is refused by the router.
    conn.call(Command::new("/ip/hotspot/user/profile/add").attr("name", PROFILE))
        .await
        .context("adding the hotspot profile")?;
    let users_before = sim.hotspot_users().len();
    let commands: Vec<Command> = (0..cfg.vouchers).map(add_command).collect();
    let started = Instant::now();
    match mode {
        Mode::OneAtATime => one_at_a_time(&conn, commands).await?,
        Mode::Pipelined => pipelined(&conn, commands).await?,
    }
    let elapsed = started.elapsed();
    conn.close();
    let verified = verify::vouchers_on_router(sim, cfg.vouchers, users_before)
        .with_context(|| format!("{} run", mode.label()))?;
    Ok(Run {
        mode,
        elapsed,
        verified,
        max_in_flight: config.max_in_flight,
    })
}

async fn one_at_a_time(conn: &Connection, commands: Vec<Command>) -> Result<()> {
    for (i, command) in commands.into_iter().enumerate() {
        conn.call(command)
            .await
            .with_context(|| format!("adding {}", voucher_name(i)))?;
    }
    Ok(())
}

async fn pipelined(conn: &Connection, commands: Vec<Command>) -> Result<()> {
    let mut first = 0;
    let mut rest = commands.into_iter().peekable();
    while rest.peek().is_some() {
        let batch: Vec<Command> = rest.by_ref().take(BATCH_SIZE).collect();
        let results = conn.call_many(batch).await;
        let failed: Vec<String> = results
            .iter()
            .enumerate()
            .filter_map(|(k, r)| {
                r.as_ref()
                    .err()
                    .map(|e| format!("{}: {e}", voucher_name(first + k)))
            })
            .collect();
        if let Some(example) = failed.first() {
            bail!("{} adds of a batch failed, e.g. {example}", failed.len());
        }
        first += results.len();
    }
    Ok(())
}
