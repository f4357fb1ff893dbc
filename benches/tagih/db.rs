//! The bench database (`tagih_bench_<unix>`, created and dropped by the bench) and the
//! small queries the phases share: a scalar count and the wait for projections.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use sqlx::{Connection, PgConnection, PgPool};

/// `tagih_bench_<unix>` on the local server, dropped at the end.
pub struct BenchDb {
    admin_url: String,
    pub name: String,
    pub url: String,
}

impl BenchDb {
    pub async fn create(admin_url: &str, unix: u64) -> Result<Self> {
        let name = format!("tagih_bench_{unix}");
        let mut conn = PgConnection::connect(admin_url).await.context(
            "cannot connect to PostgreSQL (set TAGIH_BENCH_DATABASE_URL to an admin connection)",
        )?;
        sqlx::query(&format!("create database {name}"))
            .execute(&mut conn)
            .await
            .with_context(|| format!("creating database {name}"))?;
        conn.close().await.ok();
        Ok(Self {
            admin_url: admin_url.to_string(),
            url: with_database(admin_url, &name)?,
            name,
        })
    }

    /// Drops the bench's database, unless `BENCH_KEEP_DB=1` asks to keep it for a closer
    /// look (profiling a rebuild of the grown log, say).
    /// Whether it was dropped.
    pub async fn drop_database(&self) -> Result<bool> {
        if std::env::var("BENCH_KEEP_DB").is_ok_and(|v| v == "1") {
            return Ok(false);
        }
        let mut conn = PgConnection::connect(&self.admin_url).await?;
        // `with (force)`: a killed server may leave connections behind for a moment.
        sqlx::query(&format!(
            "drop database if exists {} with (force)",
            self.name
        ))
        .execute(&mut conn)
        .await?;
        Ok(true)
    }
}

/// The admin URL with its database replaced (query string kept).
fn with_database(url: &str, name: &str) -> Result<String> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let cut = base[authority_start..]
        .find('/')
        .map(|i| i + authority_start)
        .unwrap_or(base.len());
    if cut <= authority_start {
        bail!("cannot read TAGIH_BENCH_DATABASE_URL as a postgres:// URL");
    }
    let mut out = format!("{}/{name}", &base[..cut]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    Ok(out)
}

pub async fn count(pool: &PgPool, sql: &str) -> Result<i64> {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .with_context(|| format!("query failed: {sql}"))
}

/// Waits until every projector and saga has applied the whole log, so the rebuild runs
/// against an idle server rather than one still catching up.
pub async fn wait_caught_up(pool: &PgPool, timeout: Duration) -> Result<i64> {
    let started = Instant::now();
    loop {
        let behind = count(
            pool,
            "select coalesce(sum((select count(*) from events e
                 where (e.tx_id, e.position) > (c.tx_id::text::xid8, c.position))), 0)::bigint
               from projection_checkpoint c",
        )
        .await?;
        if behind == 0 || started.elapsed() > timeout {
            return Ok(behind);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
