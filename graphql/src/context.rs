//! What resolvers share: the command bus, the pool, projection progress, secrets, tokens,
//! and per-request facts for event metadata.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::Context;
use sqlx::PgPool;
use tagih_commands::{CommandBus, Metadata, SecretBox, Written};
use tagih_replay::{LogCursor, Progress};
use tagih_sagas::jobs::{JobContext, Scheduler};
use tokio::sync::broadcast;

use crate::auth::guard::actor;
use crate::auth::{LoginLimiter, TokenService};

#[derive(Clone)]
pub struct ApiContext {
    pub bus: Arc<CommandBus>,
    pub pool: PgPool,
    pub progress: Progress,
    pub secrets: SecretBox,
    pub tokens: TokenService,
    pub limiter: LoginLimiter,
    /// How long a mutation waits for its read model before answering anyway.
    pub read_your_writes: Duration,
    /// Jobs on demand (`runJob`, `syncRouter`) and what they work with.
    pub jobs: Arc<Scheduler>,
    pub job_context: JobContext,
    /// Location ids whose live sessions changed (fed by a LISTEN on `router_sessions`).
    pub sessions: broadcast::Sender<String>,
}

/// Facts about the HTTP request, stored on every event a request causes.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    pub ip: String,
    pub user_agent: Option<String>,
    pub request_id: String,
}

impl ApiContext {
    /// Waits until `projection` has applied what a command wrote (bounded).
    pub async fn settle(&self, projection: &str, written: Written) {
        self.settle_within(projection, written, self.read_your_writes)
            .await;
    }

    /// As `settle`, with a bound of its own (bulk commands take longer to project).
    pub async fn settle_within(&self, projection: &str, written: Written, timeout: Duration) {
        let target = LogCursor::new(written.tx_id, written.position);
        if written.position > 0 && !self.progress.wait_for(projection, target, timeout).await {
            tracing::warn!(
                projection,
                position = written.position,
                "read model still behind after waiting"
            );
        }
    }
}

pub fn api<'a>(ctx: &'a Context<'_>) -> &'a ApiContext {
    // The schema is always built with an ApiContext (see schema::build_schema).
    ctx.data_unchecked::<ApiContext>()
}

pub fn request_info(ctx: &Context<'_>) -> RequestInfo {
    ctx.data_opt::<RequestInfo>().cloned().unwrap_or_default()
}

/// Event metadata for a command issued through this request.
pub fn metadata(ctx: &Context<'_>) -> Metadata {
    let info = request_info(ctx);
    let (actor_id, actor_role) = match actor(ctx) {
        Ok(a) => (Some(a.admin_id.clone()), Some(a.role.as_str().to_string())),
        Err(_) => (None, None),
    };
    Metadata {
        actor_id,
        actor_role,
        ip: Some(info.ip).filter(|s| !s.is_empty()),
        user_agent: info.user_agent,
        request_id: Some(info.request_id.clone()).filter(|s| !s.is_empty()),
        correlation_id: Some(info.request_id).filter(|s| !s.is_empty()),
        causation_id: None,
        command: None,
    }
}
