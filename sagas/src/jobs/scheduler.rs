//! Runs jobs on their cron schedules (tokio-cron-scheduler) or on demand, each under a
//! session-level advisory lock so one instance in a cluster runs it at a time, and records
//! every run in `job_runs`.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Timelike, Utc};
use sqlx::PgPool;
pub use tagih_app::jobs::{JobRun, recent_runs};
use tagih_app::jobs::{JobRunner, PortError};
use tokio_cron_scheduler::{Job as CronJob, JobScheduler};

use super::{Job, JobContext};

#[derive(Debug, thiserror::Error)]
pub enum SchedulerError {
    #[error("no job called {0}")]
    UnknownJob(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("scheduler: {0}")]
    Cron(String),
}

pub struct Scheduler {
    pool: PgPool,
    instance: String,
    ctx: JobContext,
    jobs: Vec<Arc<dyn Job>>,
}

impl Scheduler {
    pub fn new(ctx: JobContext, instance: String, jobs: Vec<Arc<dyn Job>>) -> Self {
        Self {
            pool: ctx.bus.pool().clone(),
            instance,
            ctx,
            jobs,
        }
    }

    pub fn job_names(&self) -> Vec<&'static str> {
        self.jobs.iter().map(|j| j.name()).collect()
    }

    /// Runs `name` now unless another instance is running it (then `Ok(None)`).
    pub async fn run_now(&self, name: &str) -> Result<Option<JobRun>, SchedulerError> {
        self.run(name, None).await
    }

    /// The run of one cron tick: skipped (`Ok(None)`) when another instance is running the
    /// job or already ran this tick.
    pub async fn run_tick(
        &self,
        name: &str,
        tick: DateTime<Utc>,
    ) -> Result<Option<JobRun>, SchedulerError> {
        self.run(name, Some(tick)).await
    }

    async fn run(
        &self,
        name: &str,
        tick: Option<DateTime<Utc>>,
    ) -> Result<Option<JobRun>, SchedulerError> {
        let job = self
            .jobs
            .iter()
            .find(|j| j.name() == name)
            .ok_or_else(|| SchedulerError::UnknownJob(name.to_string()))?;
        let mut lock = self.pool.acquire().await?;
        // A run cancelled mid-way must not leave the lock on a pooled connection.
        lock.close_on_drop();
        let locked: bool = sqlx::query_scalar("select pg_try_advisory_lock(hashtext($1))")
            .bind(format!("tagih-job:{name}"))
            .fetch_one(&mut *lock)
            .await?;
        if !locked {
            return Ok(None);
        }
        let id: Option<i64> = sqlx::query_scalar(
            "insert into job_runs (job, instance, started_at, outcome, tick)
             values ($1, $2, now(), 'running', $3)
             on conflict (job, tick) where tick is not null do nothing returning id",
        )
        .bind(name)
        .bind(&self.instance)
        .bind(tick)
        .fetch_optional(&self.pool)
        .await?;
        let Some(id) = id else {
            return Ok(None);
        };
        let result = job.run(&self.ctx).await;
        let (outcome, detail) = match result {
            Ok(d) => ("ok", d),
            Err(e) => {
                tracing::warn!(job = name, error = %e, "job failed");
                ("failed", e)
            }
        };
        let run: JobRun = sqlx::query_as(
            "update job_runs set finished_at = now(), outcome = $2, detail = $3
              where id = $1 returning *",
        )
        .bind(id)
        .bind(outcome)
        .bind(detail)
        .fetch_one(&self.pool)
        .await?;
        let _ = sqlx::query("select pg_advisory_unlock(hashtext($1))")
            .bind(format!("tagih-job:{name}"))
            .execute(&mut *lock)
            .await;
        Ok(Some(run))
    }

    /// Starts every job on its schedule (overrides by job name); runs until dropped.
    pub async fn start(
        self: Arc<Self>,
        overrides: &HashMap<String, String>,
    ) -> Result<JobScheduler, SchedulerError> {
        let cron = JobScheduler::new()
            .await
            .map_err(|e| SchedulerError::Cron(e.to_string()))?;
        for job in &self.jobs {
            let name = job.name();
            let schedule = overrides
                .get(name)
                .map_or(job.default_schedule(), String::as_str);
            let me = self.clone();
            let cron_job = CronJob::new_async(schedule, move |_, _| {
                let me = me.clone();
                Box::pin(async move {
                    // Instances fire the same tick within a second of each other.
                    let tick = Utc::now().with_nanosecond(0).unwrap_or_else(Utc::now);
                    if let Err(e) = me.run_tick(name, tick).await {
                        tracing::warn!(job = name, error = %e, "job could not run");
                    }
                })
            })
            .map_err(|e| SchedulerError::Cron(format!("{name}: {e}")))?;
            cron.add(cron_job)
                .await
                .map_err(|e| SchedulerError::Cron(e.to_string()))?;
        }
        cron.start()
            .await
            .map_err(|e| SchedulerError::Cron(e.to_string()))?;
        Ok(cron)
    }
}

/// The scheduler runs the application's jobs on demand.
#[async_trait]
impl JobRunner for Scheduler {
    fn job_names(&self) -> Vec<&'static str> {
        Scheduler::job_names(self)
    }

    async fn run_now(&self, name: &str) -> Result<Option<JobRun>, PortError> {
        Ok(Scheduler::run_now(self, name).await?)
    }
}
