//! (d) Read queries: a page of `vouchers` at the location the batches filled, 8 clients.

use std::time::Duration;

use anyhow::{Result, bail};
use serde_json::json;

use crate::config::Config;
use crate::gql::{Gql, VOUCHER_PAGE};
use crate::load::{LoadResult, run_load};
use crate::windows::Windows;

/// (d) The phase, printed as it ends.
pub async fn phase(
    cfg: &Config,
    gql: &Gql,
    location: &str,
    windows: &mut Windows,
) -> Result<LoadResult> {
    println!("(d) queries, 8 clients, {} s …", cfg.seconds);
    let t = windows.start();
    let queries = query_load(gql, location, 8, cfg.load_duration()).await?;
    windows.push("queries", t);
    println!(
        "    {:.0} req/s, p99 {:.2} ms",
        queries.rate(),
        queries.p(0.99)
    );
    Ok(queries)
}

async fn query_load(
    gql: &Gql,
    location: &str,
    clients: usize,
    secs: Duration,
) -> Result<LoadResult> {
    let gql = gql.clone();
    let vars = json!({ "l": location });
    run_load(clients, secs, move |_, _| {
        let gql = gql.clone();
        let vars = vars.clone();
        async move {
            let data = gql.call(VOUCHER_PAGE, vars).await?;
            let n = data["vouchers"]["nodes"].as_array().map_or(0, Vec::len);
            if n == 0 {
                bail!("vouchers page came back empty");
            }
            Ok(())
        }
    })
    .await
}
