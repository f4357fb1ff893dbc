//! Scheduled jobs as use cases see them: run one now (`runJob`) through the `JobRunner`
//! port (adapter: the scheduler in `tagih-sagas::jobs`), and the recent runs.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgPool};

use crate::App;
use crate::error::{AppError, AppResult};

/// A port's own failure, logged by the use case and never shown.
pub type PortError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct JobRun {
    pub id: i64,
    pub job: String,
    pub instance: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: String,
    pub detail: Option<String>,
    pub tick: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait JobRunner: Send + Sync {
    fn job_names(&self) -> Vec<&'static str>;
    /// Runs `name` now unless another instance is running it (then `Ok(None)`).
    async fn run_now(&self, name: &str) -> Result<Option<JobRun>, PortError>;
}

/// The newest runs of every job (for the dashboard).
pub async fn recent_runs(pool: &PgPool, per_job: i64) -> sqlx::Result<Vec<JobRun>> {
    sqlx::query_as(
        "select r.* from (select distinct job from job_runs) j
           cross join lateral (select * from job_runs where job = j.job
                                order by id desc limit $1) r
          order by r.job, r.id desc",
    )
    .bind(per_job)
    .fetch_all(pool)
    .await
}

/// Runs a scheduled job now; `None` when another instance is running it.
pub async fn run(app: &App, name: &str) -> AppResult<Option<JobRun>> {
    let jobs = &app.ports.jobs;
    if !jobs.job_names().contains(&name) {
        return Err(AppError::NotFound(format!("no job called {name}")));
    }
    jobs.run_now(name).await.map_err(|e| {
        tracing::error!(error = %e, job = %name, "runJob failed");
        AppError::Internal("runJob failed".into())
    })
}

/// The latest runs of every scheduled job (newest first, `per_job` each).
pub async fn recent(app: &App, per_job: i64) -> AppResult<Vec<JobRun>> {
    Ok(recent_runs(&app.pool, per_job).await?)
}
