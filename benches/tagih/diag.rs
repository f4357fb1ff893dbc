//! BENCH_DIAG_QUIET only — a diagnostic, not part of a benchmark result: quieting the
//! server's background work before the query phase and clearing the bench database of
//! the stopped server's statements before the rebuild.

use std::time::{Duration, Instant};

use anyhow::Result;
use sqlx::PgPool;

use crate::db::count;

/// A batch of 10,000 vouchers leaves 10,000 outbox rows; background statements planned on
/// statistics from when the table was nearly empty can then run for a long time (before
/// 34847aa the claim query ran for minutes on every core: docs/benchmarks.md). To see what
/// the later phases cost without such work, refresh the statistics, cancel statements
/// already running, and wait until nothing in the bench database runs for over a second.
pub async fn quiet_down(pool: &PgPool) -> Result<()> {
    println!("    diagnostic: ANALYZE outbox, cancel long statements, wait for quiet …");
    sqlx::query("analyze outbox").execute(pool).await?;
    let started = Instant::now();
    let mut quiet_checks = 0;
    while quiet_checks < 3 && started.elapsed() < Duration::from_secs(180) {
        let cancelled = count(
            pool,
            "select count(*) from (select pg_cancel_backend(pid) from pg_stat_activity
              where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
                and clock_timestamp() - query_start > interval '1 second') c",
        )
        .await?;
        quiet_checks = if cancelled == 0 { quiet_checks + 1 } else { 0 };
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    Ok(())
}

/// Ends what the stopped server left running in the bench database (PostgreSQL only
/// notices a vanished client when it next writes to it).
pub async fn terminate_others(pool: &PgPool) -> Result<()> {
    count(
        pool,
        "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()
            and backend_type = 'client backend' and application_name is distinct from 'tagih-bench') t",
    )
    .await?;
    Ok(())
}
