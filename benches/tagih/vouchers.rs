//! (c) `generateVouchers` of 10,000 in one mutation, timed end to end, three runs, with
//! the `vouchers` read model checked after each.

use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::json;
use sqlx::PgPool;

use crate::config::Config;
use crate::db::count;
use crate::diag::quiet_down;
use crate::gql::{GENERATE_FULL, Gql};
use crate::report::thousands;
use crate::windows::Windows;
use crate::{BATCH_RUNS, BATCH_SIZE};

pub struct BatchRuns {
    pub seconds: Vec<f64>,
    pub read_model_growth: Vec<i64>,
}

impl BatchRuns {
    pub fn sorted(&self) -> Vec<f64> {
        let mut s = self.seconds.clone();
        s.sort_by(f64::total_cmp);
        s
    }
}

/// (c) The phase: a profile of its own, the batches, then (BENCH_DIAG_QUIET only) quiet.
pub async fn phase(
    cfg: &Config,
    gql: &Gql,
    pool: &PgPool,
    location: &str,
    windows: &mut Windows,
) -> Result<BatchRuns> {
    println!("(c) generateVouchers × {BATCH_SIZE}, {BATCH_RUNS} runs …");
    gql.upsert_profile(location, "gen", 1_000).await?;
    let t = windows.start();
    let batches = voucher_batches(gql, pool, location, "gen").await?;
    windows.push("voucher_batches", t);
    if cfg.diag_quiet {
        quiet_down(pool).await?;
    }
    Ok(batches)
}

/// `generateVouchers` of 10,000, timed end to end (the mutation answers only after the
/// `vouchers` read model has the batch), and the read model checked right after.
async fn voucher_batches(
    gql: &Gql,
    pool: &PgPool,
    location: &str,
    profile: &str,
) -> Result<BatchRuns> {
    let mut runs = BatchRuns {
        seconds: Vec::new(),
        read_model_growth: Vec::new(),
    };
    for i in 0..BATCH_RUNS {
        let before = count(pool, "select count(*) from rm_vouchers").await?;
        let started = Instant::now();
        let data = gql
            .call(
                GENERATE_FULL,
                json!({"l": location, "p": profile, "c": BATCH_SIZE}),
            )
            .await
            .context("generateVouchers (10,000)")?;
        let elapsed = started.elapsed().as_secs_f64();
        let after = count(pool, "select count(*) from rm_vouchers").await?;
        let returned = data["generateVouchers"]["vouchers"]
            .as_array()
            .map_or(0, Vec::len);
        if returned as i64 != BATCH_SIZE {
            bail!("generateVouchers returned {returned} vouchers, not {BATCH_SIZE}");
        }
        println!(
            "  batch {}: {:.3} s, rm_vouchers +{}",
            i + 1,
            elapsed,
            thousands((after - before).max(0) as u64)
        );
        runs.seconds.push(elapsed);
        runs.read_model_growth.push(after - before);
    }
    Ok(runs)
}
