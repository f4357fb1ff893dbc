//! (e, first half) Growing the event log to BENCH_REBUILD_EVENTS with 10,000-voucher
//! batches, then waiting for every projector to catch up before the rebuild.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::json;
use sqlx::PgPool;

use crate::BATCH_SIZE;
use crate::config::Config;
use crate::db::{count, wait_caught_up};
use crate::gql::{GENERATE_SLIM, Gql};
use crate::report::thousands;
use crate::windows::Windows;

pub struct Growth {
    pub batches: usize,
    pub seconds: Vec<f64>,
    pub events_before: i64,
    pub events_after: i64,
    pub elapsed: Duration,
}

/// The phase: the log grown, then projections given up to 10 min to apply it. Also
/// returns how many events the projections were still behind (0 when caught up).
pub async fn phase(
    cfg: &Config,
    gql: &Gql,
    pool: &PgPool,
    windows: &mut Windows,
) -> Result<(Growth, i64)> {
    println!(
        "(e) growing the log to {} events …",
        thousands(cfg.rebuild_events)
    );
    let t = windows.start();
    let growth = grow_log(gql, pool, cfg.rebuild_events).await?;
    windows.push("log_growth", t);
    let caught_up_behind = wait_caught_up(pool, Duration::from_secs(600)).await?;
    if caught_up_behind > 0 {
        println!("    warning: projections still {caught_up_behind} events behind after 10 min");
    }
    Ok((growth, caught_up_behind))
}

/// Grows the log to `target` events with 10,000-voucher batches (10,001 events each) at a
/// location of its own, printing progress.
async fn grow_log(gql: &Gql, pool: &PgPool, target: u64) -> Result<Growth> {
    let location = gql.create_location("bench-growth").await?;
    gql.upsert_profile(&location, "grow", 1_000).await?;
    let started = Instant::now();
    let mut seconds = Vec::new();
    let target = i64::try_from(target).context("BENCH_REBUILD_EVENTS too large")?;
    let mut head = count(pool, "select coalesce(max(position), 0) from events").await?;
    let head_before = head;
    while head < target {
        let t = Instant::now();
        gql.call(
            GENERATE_SLIM,
            json!({"l": location, "p": "grow", "c": BATCH_SIZE}),
        )
        .await
        .with_context(|| format!("growing the log (batch {})", seconds.len() + 1))?;
        seconds.push(t.elapsed().as_secs_f64());
        head = count(pool, "select coalesce(max(position), 0) from events").await?;
        if seconds.len() % 5 == 0 || head >= target {
            let rate = (head - head_before) as f64 / started.elapsed().as_secs_f64().max(1e-9);
            print_progress(head, target, &seconds, rate);
        }
    }
    Ok(Growth {
        batches: seconds.len(),
        seconds,
        events_before: head_before,
        events_after: count(pool, "select count(*) from events").await?,
        elapsed: started.elapsed(),
    })
}

fn print_progress(head: i64, target: i64, seconds: &[f64], rate: f64) {
    println!(
        "  log: {:>9} / {} events, {} batches, last {:.2} s, {:.0} events/s appended",
        thousands(head as u64),
        thousands(target as u64),
        seconds.len(),
        seconds.last().copied().unwrap_or_default(),
        rate
    );
}
