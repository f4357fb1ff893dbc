//! `tagih routeros-sim`: the RouterOS API simulator as a process, for demos and benchmarks.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use tagih_routeros::sim::{SimConfig, start};

#[derive(Args)]
pub struct SimArgs {
    #[arg(long, default_value = "127.0.0.1:8728")]
    listen: SocketAddr,
    #[arg(long)]
    tls_listen: Option<SocketAddr>,
    #[arg(long, default_value = "admin")]
    user: String,
    #[arg(long, default_value = "")]
    password: String,
    /// RouterOS version to behave as (7.18+ answers empty prints with `!empty`).
    #[arg(long, default_value = "7.18")]
    version: String,
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fraction of mutating commands answered with a trap (failure injection).
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,
    /// JSON file the router's state is loaded from and saved to.
    #[arg(long)]
    state: Option<PathBuf>,
    #[arg(long, default_value = "MikroTik")]
    identity: String,
}

pub async fn run(args: SimArgs) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&args.fail_rate) {
        anyhow::bail!("--fail-rate must be between 0 and 1");
    }
    let config = SimConfig {
        listen: args.listen,
        tls_listen: args.tls_listen,
        user: args.user,
        password: args.password,
        version: args.version,
        latency: Duration::from_millis(args.latency_ms),
        fail_rate: args.fail_rate,
        state_file: args.state,
        identity: args.identity,
        ..SimConfig::default()
    };
    let sim = start(config).await?;
    // As a process it is a demo or benchmark peer: uptimes grow with the wall clock.
    sim.set_realtime_clock(true);
    println!("routeros-sim listening on {}", sim.addr());
    if let Some(tls) = sim.tls_addr() {
        println!("routeros-sim (TLS) listening on {tls}");
    }
    let _ = tokio::signal::ctrl_c().await;
    sim.shutdown().await;
    Ok(())
}
