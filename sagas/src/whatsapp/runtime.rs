//! Wiring for the composition root: the sagas to register, the outbox handlers to run,
//! the rate limiter (Redis when configured), and the one-time start-up work (template
//! seeding, ISP identity and language for rendering).

use std::sync::Arc;
use std::time::Duration;

use tagih_aggregates::message_template::Language;
use tagih_commands::{CommandError, whatsapp, whatsapp_messages};
use tagih_replay::Projector;

use super::WhatsAppSettings;
use super::delivery::{DeliverySaga, SendHandler};
use super::provider::http_client;
use super::rate_limit::SenderRateLimiter;
use super::triggers::{TriggerHandler, TriggerSaga};
use crate::jobs::JobContext;
use crate::worker::OutboxHandler;

pub fn sagas(settings: &WhatsAppSettings) -> Vec<Arc<dyn Projector>> {
    vec![
        Arc::new(DeliverySaga),
        Arc::new(TriggerSaga {
            enabled: settings.triggers,
        }),
    ]
}

/// The per-sender limiter: shared through Redis when a URL is given.
pub async fn limiter(
    settings: &WhatsAppSettings,
    redis_url: Option<&str>,
    prefix: &str,
) -> Result<SenderRateLimiter, redis::RedisError> {
    let interval = settings.rate_interval();
    let Some(url) = redis_url else {
        return Ok(SenderRateLimiter::in_memory(interval));
    };
    let conn = redis::aio::ConnectionManager::new(redis::Client::open(url)?).await?;
    Ok(SenderRateLimiter::redis(conn, interval, prefix))
}

pub fn handlers(
    ctx: &JobContext,
    settings: &WhatsAppSettings,
    limiter: SenderRateLimiter,
    max_attempts: i32,
) -> Vec<Arc<dyn OutboxHandler>> {
    let send = SendHandler {
        bus: ctx.bus.clone(),
        secrets: ctx.secrets.clone(),
        clock: ctx.clock.clone(),
        settings: settings.clone(),
        limiter,
        client: http_client(Duration::from_secs(settings.http_timeout_secs.max(1))),
        max_attempts,
        cooldown: Arc::default(),
    };
    let triggers = TriggerHandler {
        bus: ctx.bus.clone(),
        clock: ctx.clock.clone(),
        settings: settings.clone(),
    };
    vec![Arc::new(send), Arc::new(triggers)]
}

/// Seeds the shipped templates (once) and sets what rendering needs.
pub async fn prepare(ctx: &JobContext, settings: &WhatsAppSettings) -> Result<(), CommandError> {
    let language = Language::parse(&settings.language).unwrap_or(Language::Id);
    whatsapp_messages::set_defaults(&settings.isp_name, &settings.isp_phone, language);
    let seeded = whatsapp::seed_templates(&ctx.bus, ctx.clock.now()).await;
    match seeded {
        Ok(n) if n > 0 => tracing::info!(templates = n, "seeded WhatsApp templates"),
        Ok(_) => {}
        // Another instance seeded at the same instant; its templates are there now.
        Err(CommandError::Internal(e)) if e.contains("duplicate key") => {}
        Err(e) => return Err(e),
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("whatsapp rate limiter: {0}")]
    Redis(#[from] redis::RedisError),
    #[error("whatsapp templates: {0}")]
    Command(#[from] CommandError),
}

/// Prepares and starts the WhatsApp workers (sending and triggers).
pub async fn start(
    ctx: &JobContext,
    settings: &WhatsAppSettings,
    redis_url: Option<&str>,
    redis_prefix: &str,
    worker: crate::worker::WorkerConfig,
    wakeups: &crate::wakeups::OutboxWakeups,
    leases: &crate::leases::Leases,
) -> Result<Vec<tokio::task::JoinHandle<()>>, StartError> {
    prepare(ctx, settings).await?;
    let limiter = limiter(settings, redis_url, redis_prefix).await?;
    let max_attempts = worker.max_attempts;
    let workers = crate::worker::OutboxWorker::new(ctx.bus.pool().clone(), worker, leases.clone());
    let mut tasks = Vec::new();
    for handler in handlers(ctx, settings, limiter, max_attempts) {
        tasks.extend(workers.spawn(handler, wakeups));
    }
    Ok(tasks)
}
