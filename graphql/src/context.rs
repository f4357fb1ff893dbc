//! What resolvers share: the application (`tagih_app::App`), tokens, the login limiter,
//! live-session notifications, and per-request facts for event metadata.

use std::ops::Deref;

use async_graphql::Context;
use tagih_app::App;
use tagih_commands::Metadata;
use tokio::sync::broadcast;

use crate::auth::guard::actor;
use crate::auth::{LoginLimiter, TokenService};

/// The application (use cases, bus, pool, progress, secrets, clock) and what only the API
/// needs besides. Derefs to the `App`, so `api.pool`, `api.bus`, `api.settle(..)` read as
/// the application's.
#[derive(Clone)]
pub struct ApiContext {
    pub app: App,
    pub tokens: TokenService,
    pub limiter: LoginLimiter,
    /// Location ids whose live sessions changed (fed by a LISTEN on `router_sessions`).
    pub sessions: broadcast::Sender<String>,
}

impl Deref for ApiContext {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}

/// Facts about the HTTP request, stored on every event a request causes.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    pub ip: String,
    pub user_agent: Option<String>,
    pub request_id: String,
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
