//! (g) What the server costs doing nothing: transactions per second in the bench database
//! over 30 s right after start-up, before any load (docs/adr/0013-idle-wake-ups.md).
//!
//! Read from `pg_stat_database` through the admin connection, so these reads are counted
//! in another database; the bench's own pool is quiet meanwhile (the activity sampler
//! starts after this phase).

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use sqlx::{Connection, PgConnection, PgPool};

use crate::config::Config;
use crate::cpu::cpu_now;
use crate::db::{BenchDb, wait_caught_up};

pub const WINDOW: Duration = Duration::from_secs(30);
/// An idle backend reports its transaction counts to `pg_stat_database` up to 10 s late
/// (PGSTAT_IDLE_INTERVAL): the start-up burst must be reported before the window opens.
const STATS_REPORT_DELAY: Duration = Duration::from_secs(11);

pub struct Idle {
    pub transactions: i64,
    pub elapsed: Duration,
    /// The server process's CPU seconds over the window.
    pub server_cpu: f64,
}

impl Idle {
    pub fn per_second(&self) -> f64 {
        self.transactions as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The server's share of one core while idle, in percent.
    pub fn cpu_percent(&self) -> f64 {
        100.0 * self.server_cpu / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }
}

pub async fn phase(cfg: &Config, db: &BenchDb, pool: &PgPool, server_pid: u32) -> Result<Idle> {
    println!("(g) idle: {} s with nothing to do …", WINDOW.as_secs());
    wait_caught_up(pool, Duration::from_secs(60)).await?;
    tokio::time::sleep(STATS_REPORT_DELAY).await;
    let mut admin = PgConnection::connect(&cfg.admin_url)
        .await
        .context("connecting to the admin database")?;
    let before = transactions(&mut admin, &db.name).await?;
    let cpu_before = cpu_now(server_pid).server;
    let started = Instant::now();
    tokio::time::sleep(WINDOW).await;
    let after = transactions(&mut admin, &db.name).await?;
    let cpu_after = cpu_now(server_pid).server;
    admin.close().await.ok();
    Ok(Idle {
        transactions: after - before,
        elapsed: started.elapsed(),
        server_cpu: cpu_after - cpu_before,
    })
}

async fn transactions(conn: &mut PgConnection, database: &str) -> Result<i64> {
    sqlx::query_scalar(
        "select (xact_commit + xact_rollback)::bigint from pg_stat_database where datname = $1",
    )
    .bind(database)
    .fetch_one(conn)
    .await
    .context("reading pg_stat_database")
}
