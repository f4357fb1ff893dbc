//! (a) Durable commands through GraphQL: `upsertVoucherProfile` from 1 and then 8 clients,
//! the 8-client run under the projection lag probe (b).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;

use crate::LAG_PROJECTION;
use crate::config::Config;
use crate::gql::Gql;
use crate::lag::{LagProbe, LagStats, projection_lags};
use crate::load::{LoadResult, run_load};
use crate::windows::Windows;

/// Each client updates its own profile (`{prefix}-{client}`) with a new price every time,
/// so every call is a real state change that appends one event, and clients never race
/// on one stream.
pub async fn command_load(
    gql: &Gql,
    location: &str,
    clients: usize,
    secs: Duration,
    prefix: &str,
) -> Result<LoadResult> {
    let gql = gql.clone();
    let location: Arc<str> = location.into();
    let prefix: Arc<str> = prefix.into();
    run_load(clients, secs, move |c, seq| {
        let gql = gql.clone();
        let location = location.clone();
        let name = format!("{prefix}-{c}");
        async move { gql.upsert_profile(&location, &name, 1_000 + seq).await }
    })
    .await
}

/// (a) One client.
pub async fn one_client(
    cfg: &Config,
    gql: &Gql,
    location: &str,
    windows: &mut Windows,
) -> Result<LoadResult> {
    println!("(a) commands, 1 client, {} s …", cfg.seconds);
    let t = windows.start();
    let one = command_load(gql, location, 1, cfg.load_duration(), "one").await?;
    windows.push("commands_1_client", t);
    println!(
        "    {:.0} commands/s, p99 {:.2} ms",
        one.rate(),
        one.p(0.99)
    );
    Ok(one)
}

/// (a, b) Eight clients, with the lag probe listening from `db_url`.
pub async fn eight_clients(
    cfg: &Config,
    db_url: &str,
    gql: &Gql,
    location: &str,
    windows: &mut Windows,
) -> Result<(LoadResult, LagStats)> {
    println!(
        "(a,b) commands, 8 clients, {} s, with the lag probe …",
        cfg.seconds
    );
    let probe = LagProbe::start(db_url, LAG_PROJECTION).await?;
    let t = windows.start();
    let eight = command_load(gql, location, 8, cfg.load_duration(), "eight").await?;
    windows.push("commands_8_clients", t);
    // Let the last checkpoints of the run arrive before the probe stops listening.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let lag = projection_lags(&probe.finish().await?)?;
    println!(
        "    {:.0} commands/s, p99 {:.2} ms; lag p99 {:.2} ms over {} commits",
        eight.rate(),
        eight.p(0.99),
        lag.hist.value_at_quantile(0.99) as f64 / 1000.0,
        lag.hist.len()
    );
    Ok((eight, lag))
}
