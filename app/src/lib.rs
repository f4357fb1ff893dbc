//! The application layer: one module per use case. Each owns its orchestration — the
//! commands it issues, read-after-write (waiting for the read model to include the write,
//! or answering from the write itself), and the ports it needs from the outside world.
//! Callers (GraphQL resolvers, HTTP handlers) parse input, call a use case and map its
//! answer; adapters of the ports (RouterOS, WhatsApp providers, payment plugins, the job
//! scheduler) live in `tagih-sagas` and are composed in the binary's `startup`
//! (docs/adr/0021-application-layer.md).

pub mod auth;
pub mod error;
pub mod jobs;
pub mod messaging;
pub mod outbox;
pub mod payments;
pub mod read_after;
pub mod routers;
pub mod subscriptions;

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tagih_commands::{CommandBus, SecretBox, SharedClock};
use tagih_replay::Progress;

pub use error::AppError;

/// What the outside world does for the use cases; implemented in `tagih-sagas`.
#[derive(Clone)]
pub struct Ports {
    /// Scheduled jobs on demand (`runJob`).
    pub jobs: Arc<dyn jobs::JobRunner>,
    /// One router's full sync (`syncRouter`).
    pub routers: Arc<dyn routers::RouterSync>,
    /// WhatsApp sessions of configured senders (health, login QR).
    pub senders: Arc<dyn messaging::SenderSessions>,
}

/// The application: what every use case works with.
#[derive(Clone)]
pub struct App {
    pub bus: Arc<CommandBus>,
    pub pool: PgPool,
    pub progress: Progress,
    pub secrets: SecretBox,
    /// The one source of "now" for use cases, jobs, sagas and webhooks.
    pub clock: SharedClock,
    /// How long a use case waits for its read model before answering anyway.
    pub read_your_writes: Duration,
    pub payments: Arc<payments::PaymentService>,
    pub ports: Ports,
}
