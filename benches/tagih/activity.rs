//! What else was going on in PostgreSQL: pg_stat_activity sampled every 200 ms for
//! writers in other databases and long statements in the bench database.

use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::PgPool;

/// Samples pg_stat_activity every 200 ms for two things that explain slow numbers:
///
/// * transactions holding an xid in *other* databases of the same PostgreSQL server — the
///   projectors' gap-safe horizon is cluster-wide (docs/adr/0002), so such a transaction
///   holds back every projector and every read-your-writes wait (a busy neighbour);
/// * statements in the bench database that have been running for over a second (the
///   server's own background work competing with what is being measured).
pub struct Activity {
    samples: Arc<std::sync::Mutex<Vec<Sample>>>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Clone)]
pub struct Sample {
    pub at: Instant,
    pub foreign_writers: i64,
    pub foreign_oldest_s: f64,
    pub long_statements: i64,
    pub longest_s: f64,
    pub longest_query: Option<String>,
}

const ACTIVITY_SQL: &str = r"
    select (select count(*) from pg_stat_activity
             where backend_xid is not null and datname is distinct from current_database()),
           (select coalesce(max(extract(epoch from clock_timestamp() - xact_start)), 0)::float8
              from pg_stat_activity
             where backend_xid is not null and datname is distinct from current_database()),
           (select count(*) from pg_stat_activity
             where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
               and clock_timestamp() - query_start > interval '1 second'),
           (select coalesce(max(extract(epoch from clock_timestamp() - query_start)), 0)::float8
              from pg_stat_activity
             where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
               and clock_timestamp() - query_start > interval '1 second'),
           (select left(regexp_replace(query, '\s+', ' ', 'g'), 100) from pg_stat_activity
             where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
               and clock_timestamp() - query_start > interval '1 second'
             order by query_start limit 1)";

impl Activity {
    pub fn start(pool: PgPool) -> Self {
        let samples = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = samples.clone();
        let task = tokio::spawn(async move {
            loop {
                let row: Result<(i64, f64, i64, f64, Option<String>), _> =
                    sqlx::query_as(ACTIVITY_SQL).fetch_one(&pool).await;
                if let Ok((fw, fo, ls, longest, query)) = row
                    && let Ok(mut v) = sink.lock()
                {
                    v.push(Sample {
                        at: Instant::now(),
                        foreign_writers: fw,
                        foreign_oldest_s: fo,
                        long_statements: ls,
                        longest_s: longest,
                        longest_query: query,
                    });
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        });
        Self { samples, task }
    }

    pub fn stop(self) -> Vec<Sample> {
        self.task.abort();
        self.samples.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

impl Drop for Activity {
    fn drop(&mut self) {
        self.task.abort();
    }
}
