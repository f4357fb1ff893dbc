//! Audit and operations: aggregate history, state at an instant, the event log (query and
//! live tail), projection status, outbox rows.

use async_graphql::{Context, Json, Object, Result, Subscription};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use futures::stream::BoxStream;
use tagih_aggregates::Role;
use tagih_app::outbox;
use tagih_projections::queries;
use tagih_replay::{LogCursor, feed, history};

use crate::auth::RoleGuard;
use crate::context::{ApiContext, api};
use crate::error::{ApiError, gql};
use crate::types::{Event, OutboxEntry, ProjectionStatus};

fn check_type(aggregate_type: &str) -> Result<()> {
    if history::known_types().any(|t| t == aggregate_type) {
        Ok(())
    } else {
        Err(gql(ApiError::BadInput(format!(
            "unknown aggregate type; known: {}",
            history::known_types().collect::<Vec<_>>().join(", ")
        ))))
    }
}

/// Where "after position N" resumes in commit order (0 or none: the start of the log).
async fn resume_cursor(api: &ApiContext, after: Option<i64>) -> Result<LogCursor> {
    match after {
        None | Some(0) => Ok(LogCursor::START),
        Some(p) => {
            let mut conn = api.pool.acquire().await.map_err(gql)?;
            feed::cursor_of(&mut conn, p)
                .await
                .map_err(gql)?
                .ok_or_else(|| gql(ApiError::BadInput(format!("no event at position {p}"))))
        }
    }
}

async fn read_page(
    api: &ApiContext,
    after: LogCursor,
    limit: i64,
) -> Result<Vec<tagih_replay::StoredEvent>, sqlx::Error> {
    Ok(read_page_or_behind(api, after, limit).await?.0)
}

/// A page, and when it is empty whether events exist past the horizon (written by a
/// transaction still in flight, or one that committed a moment ago).
async fn read_page_or_behind(
    api: &ApiContext,
    after: LogCursor,
    limit: i64,
) -> Result<(Vec<tagih_replay::StoredEvent>, bool), sqlx::Error> {
    let mut conn = api.pool.acquire().await?;
    let horizon = feed::safe_horizon(&mut conn).await?;
    let page = feed::read_after(&mut conn, after, horizon, limit).await?;
    if !page.is_empty() {
        return Ok((page, false));
    }
    let behind = feed::newest_tx(&mut conn)
        .await?
        .is_some_and(|tx| tx >= horizon);
    Ok((page, behind))
}

/// How long an idle tail waits for the next `events` notification before looking anyway
/// (a notification lost while the listener reconnected); see docs/adr/0013.
const TAIL_FALLBACK: std::time::Duration = std::time::Duration::from_secs(30);
/// How soon a tail looks again when the events it was woken for are not readable yet.
const TAIL_BEHIND: std::time::Duration = std::time::Duration::from_millis(100);

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Every event of one aggregate, oldest first, with who issued it and from where.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn history(
        &self,
        ctx: &Context<'_>,
        aggregate_type: String,
        aggregate_id: String,
    ) -> Result<Vec<Event>> {
        check_type(&aggregate_type)?;
        let events = history::history(&api(ctx).pool, &aggregate_type, &aggregate_id)
            .await
            .map_err(gql)?;
        Ok(events.iter().map(Event::from).collect())
    }

    /// The aggregate's state as it was at `at` (null before it existed).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn state_at(
        &self,
        ctx: &Context<'_>,
        aggregate_type: String,
        aggregate_id: String,
        at: DateTime<Utc>,
    ) -> Result<Option<Json<serde_json::Value>>> {
        check_type(&aggregate_type)?;
        let state = history::state_at(&api(ctx).pool, &aggregate_type, &aggregate_id, at)
            .await
            .map_err(|e| gql(ApiError::internal(e)))?;
        Ok(state.map(Json))
    }

    /// The log in commit order, after the event at `afterPosition`.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn event_log(
        &self,
        ctx: &Context<'_>,
        after_position: Option<i64>,
        #[graphql(default = 100)] first: i32,
    ) -> Result<Vec<Event>> {
        if !(1..=1000).contains(&first) {
            return Err(gql(ApiError::BadInput(
                "first must be between 1 and 1000".into(),
            )));
        }
        let api = api(ctx);
        let after = resume_cursor(api, after_position).await?;
        let events = read_page(api, after, i64::from(first)).await.map_err(gql)?;
        Ok(events.iter().map(Event::from).collect())
    }

    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn projections(&self, ctx: &Context<'_>) -> Result<Vec<ProjectionStatus>> {
        let pool = &api(ctx).pool;
        let poisoned = queries::poisoned(pool).await.map_err(gql)?;
        Ok(queries::checkpoints(pool)
            .await
            .map_err(gql)?
            .into_iter()
            .map(|c| ProjectionStatus::with_poison(c, &poisoned))
            .collect())
    }

    /// Outbox rows, by status (`dead` ones need attention).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn outbox(
        &self,
        ctx: &Context<'_>,
        status: Option<String>,
        #[graphql(default = 100)] first: i32,
    ) -> Result<Vec<OutboxEntry>> {
        let rows = outbox::entries(api(ctx), status.as_deref(), i64::from(first.clamp(1, 1000)))
            .await
            .map_err(gql)?;
        Ok(rows.into_iter().map(OutboxEntry::from).collect())
    }
}

#[derive(Default)]
pub struct AuditMutation;

#[Object]
impl AuditMutation {
    /// Gives a dead outbox row a fresh set of attempts.
    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn retry_outbox_entry(&self, ctx: &Context<'_>, id: i64) -> Result<bool> {
        outbox::retry(api(ctx), id).await.map_err(gql)?;
        Ok(true)
    }
}

#[derive(Default)]
pub struct AuditSubscription;

#[Subscription]
impl AuditSubscription {
    /// The live event log. With `afterPosition`, first replays what came after that event,
    /// then continues live — a reconnecting client misses nothing.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn events(
        &self,
        ctx: &Context<'_>,
        after_position: Option<i64>,
    ) -> Result<BoxStream<'static, Event>> {
        let api = api(ctx).clone();
        let start = match after_position {
            Some(_) => resume_cursor(&api, after_position).await?,
            None => latest_cursor(&api).await?,
        };
        let head = api.progress.subscribe_event_head();
        let state = (api, head, start, std::collections::VecDeque::<Event>::new());
        Ok(
            futures::stream::unfold(state, |(api, mut head, mut cursor, mut queue)| async move {
                loop {
                    if let Some(e) = queue.pop_front() {
                        return Some((e, (api, head, cursor, queue)));
                    }
                    let wait = match read_page_or_behind(&api, cursor, 500).await {
                        Ok((batch, _)) if !batch.is_empty() => {
                            cursor = batch.last().map(|e| e.cursor()).unwrap_or(cursor);
                            queue.extend(batch.iter().map(Event::from));
                            continue;
                        }
                        // Its notification may already be spent: look again shortly.
                        Ok((_, true)) => TAIL_BEHIND,
                        Ok((_, false)) => TAIL_FALLBACK,
                        Err(e) => {
                            tracing::warn!(error = %e, "event tail read failed; retrying");
                            std::time::Duration::from_secs(1)
                        }
                    };
                    // Woken by the next `events` notification, or by the pause.
                    let _ = tokio::time::timeout(wait, head.changed()).await;
                }
            })
            .boxed(),
        )
    }
}

/// Where a live-only subscription starts: the newest settled event.
async fn latest_cursor(api: &ApiContext) -> Result<LogCursor> {
    let mut conn = api.pool.acquire().await.map_err(gql)?;
    feed::newest_settled(&mut conn).await.map_err(gql)
}
