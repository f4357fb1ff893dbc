//! Delivery: a saga turns `MessageQueued` / `MessageRetried` into `whatsapp.send` outbox
//! rows, and the handler sends them — opt-out and quiet hours first, then the healthy
//! active senders by priority (failover on an unavailable or rate-limited one), one
//! message per second per sender, the outcome recorded as a command.
//!
//! Never twice: a message that already has a provider id is done without a call, and the
//! id is recorded right after the provider answers (see ADR 0009 for the narrow window
//! that remains between the provider's answer and that record).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use tagih_aggregates::whatsapp_message::{MessageEvent, WhatsAppMessage};
use tagih_aggregates::whatsapp_sender::SenderHealth;
use tagih_commands::whatsapp::{is_opted_out, record_sender_health};
use tagih_commands::whatsapp_messages as messages;
use tagih_commands::{CommandBus, Metadata, SecretBox, SharedClock};
use tagih_projections::whatsapp::{SenderRow, senders};
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

use super::WhatsAppSettings;
use super::provider::{OutboundText, SendError};
use super::rate_limit::{SenderRateLimiter, Slot};
use crate::outbox::{NewOutboxRow, OutboxRow, enqueue_many};
use crate::worker::{OutboxHandler, Outcome};

pub const SAGA_NAME: &str = "saga_whatsapp_delivery";
pub const KIND: &str = "whatsapp.send";
/// A sender that just failed is skipped this long (its health event may not be projected
/// yet) — unless a health check after the failure found it healthy: then it is tried again
/// at the next send (docs/adr/0024-instance-identity-leases-and-queue-bounds.md).
const COOLDOWN: Duration = Duration::from_secs(30);
/// The longest a worker waits for a sender's next slot before trying another.
const MAX_SLOT_WAIT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendPayload {
    pub message_id: String,
}

pub struct DeliverySaga;

#[async_trait]
impl Projector for DeliverySaga {
    fn name(&self) -> &'static str {
        SAGA_NAME
    }

    fn interests(&self) -> Interests {
        Interests::of::<WhatsAppMessage>()
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        let mut rows = Vec::new();
        for ev in events.iter().filter(|e| e.is::<WhatsAppMessage>()) {
            let round = match ev.decode::<MessageEvent>()? {
                MessageEvent::MessageQueued(_) => 0,
                MessageEvent::MessageRetried { retry, .. } => retry,
                _ => continue,
            };
            rows.push(NewOutboxRow {
                idempotency_key: format!("wa:{}:{round}", ev.aggregate_id),
                kind: KIND,
                // One partition per message: senders, not recipients, are the scarce
                // resource, and the rate limit (not the partition) spaces their sends.
                partition_key: ev.aggregate_id.clone(),
                payload: serde_json::json!({"message_id": ev.aggregate_id}),
                causation_position: ev.position,
                delay_secs: 0,
            });
        }
        enqueue_many(conn, &rows).await?;
        Ok(())
    }
}

pub struct SendHandler {
    pub bus: Arc<CommandBus>,
    pub secrets: SecretBox,
    pub clock: SharedClock,
    pub settings: WhatsAppSettings,
    pub limiter: SenderRateLimiter,
    pub client: reqwest::Client,
    pub max_attempts: i32,
    /// Senders that failed recently, by id → when (by `clock`; in-process; the health job
    /// is the judge).
    pub cooldown: Arc<Mutex<HashMap<String, DateTime<Utc>>>>,
}

/// Whether a sender that failed at `failed` is still skipped at `now`: for `COOLDOWN`,
/// unless a health check after the failure says it is healthy again.
fn cooling_since(failed: DateTime<Utc>, now: DateTime<Utc>, sender: &SenderRow) -> bool {
    let healthy_since =
        sender.health_ok == Some(true) && sender.health_checked_at.is_some_and(|at| at > failed);
    let within = (now - failed).to_std().map_or(true, |d| d < COOLDOWN);
    within && !healthy_since
}

fn meta() -> Metadata {
    Metadata::system("saga:whatsapp_delivery")
}

impl SendHandler {
    fn cooling(&self, sender: &SenderRow) -> bool {
        let map = self.cooldown.lock().unwrap_or_else(|e| e.into_inner());
        let Some(failed) = map.get(&sender.id).copied() else {
            return false;
        };
        cooling_since(failed, self.clock.now(), sender)
    }

    async fn sender_down(&self, sender: &SenderRow, error: &str) {
        self.cooldown
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(sender.id.clone(), self.clock.now());
        let health = SenderHealth {
            at: self.clock.now(),
            ok: false,
            error: Some(error.to_string()),
        };
        if let Err(e) = record_sender_health(&self.bus, &sender.id, health, &meta()).await {
            tracing::warn!(error = %e, sender = %sender.id, "could not record sender health");
        }
    }

    async fn handle_row(&self, row: &OutboxRow) -> Outcome {
        let Ok(p) = serde_json::from_value::<SendPayload>(row.payload.clone()) else {
            return Outcome::Dead("malformed payload".into());
        };
        let message: WhatsAppMessage = match self.bus.load(&p.message_id).await {
            Ok(m) => m,
            Err(e) => return Outcome::Retry(format!("loading message: {e}")),
        };
        let Some(queued) = message.message.as_ref() else {
            return Outcome::Retry("message not found".into());
        };
        // Sent, cancelled or failed meanwhile — above all, a provider id means never again.
        if !message.is_sendable() {
            return Outcome::Done;
        }
        let now = self.clock.now();
        match is_opted_out(&self.bus, queued.to.as_str()).await {
            Ok(true) => {
                let r =
                    messages::cancel(&self.bus, &p.message_id, "opted out".into(), now, &meta())
                        .await;
                return r.map_or_else(|e| Outcome::Retry(e.to_string()), |_| Outcome::Done);
            }
            Ok(false) => {}
            Err(e) => return Outcome::Retry(format!("opt-out check: {e}")),
        }
        if let Some(left) = self.settings.quiet_for(now) {
            return Outcome::Wait(format!("quiet hours ({} min left)", left.as_secs() / 60));
        }
        let out = OutboundText {
            to: queued.to.to_string(),
            text: queued.text.clone(),
            client_ref: format!("{}:{}", p.message_id, row.attempts),
        };
        self.send(&p.message_id, row, &out).await
    }

    async fn candidates(&self) -> Result<Vec<SenderRow>, String> {
        let all = senders(self.bus.pool())
            .await
            .map_err(|e| format!("database: {e}"))?;
        Ok(all
            .into_iter()
            .filter(|s| s.active && s.health_ok != Some(false) && !self.cooling(s))
            .collect())
    }

    /// Walks the senders by priority until one accepts the message.
    async fn send(&self, id: &str, row: &OutboxRow, out: &OutboundText) -> Outcome {
        let senders = match self.candidates().await {
            Ok(s) if s.is_empty() => return Outcome::Wait("no healthy active sender".into()),
            Ok(s) => s,
            Err(e) => return Outcome::Retry(e),
        };
        let attempt = row.attempts.max(1) as u32;
        let mut last_error = None;
        for sender in &senders {
            let provider = match super::senders::build(&self.client, &self.secrets, sender) {
                Ok(p) => p,
                Err(e) => {
                    last_error = Some(format!("{}: {e}", sender.name));
                    continue;
                }
            };
            if let Err(e) = messages::record_attempt(
                &self.bus,
                id,
                attempt,
                &sender.id,
                self.clock.now(),
                &meta(),
            )
            .await
            {
                return Outcome::Retry(format!("recording the attempt: {e}"));
            }
            match self.limiter.reserve(&sender.id, MAX_SLOT_WAIT).await {
                Slot::After(wait) => tokio::time::sleep(wait).await,
                Slot::Busy(_) => {
                    last_error.get_or_insert_with(|| format!("{}: busy", sender.name));
                    continue;
                }
            }
            match provider.send_text(out).await {
                Ok(receipt) => {
                    return self
                        .record_sent(id, sender, &receipt.provider_message_id)
                        .await;
                }
                Err(SendError::Permanent(e)) => return self.fail(id, row, &e, true).await,
                Err(SendError::Unavailable(e)) => {
                    tracing::warn!(sender = %sender.name, error = %e, "whatsapp sender unavailable; failing over");
                    self.sender_down(sender, &e).await;
                    last_error = Some(format!("{}: {e}", sender.name));
                }
                Err(SendError::RateLimited(e)) => {
                    last_error = Some(format!("{}: rate limited: {e}", sender.name))
                }
            }
        }
        match last_error {
            Some(e) if e.ends_with(": busy") => Outcome::Wait(e),
            Some(e) => self.fail(id, row, &e, false).await,
            None => Outcome::Wait("no sender available".into()),
        }
    }

    /// The provider accepted: record at once (retried; the id is what prevents a resend).
    async fn record_sent(&self, id: &str, sender: &SenderRow, provider_id: &str) -> Outcome {
        let provider = super::senders::provider_of(sender)
            .unwrap_or(tagih_aggregates::whatsapp_sender::Provider::Generic);
        let mut error = String::new();
        for attempt in 0..5u64 {
            match messages::record_sent(
                &self.bus,
                id,
                &sender.id,
                provider,
                provider_id,
                self.clock.now(),
                &meta(),
            )
            .await
            {
                Ok(_) => return Outcome::Done,
                Err(e) => error = e.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100 * (attempt + 1))).await;
        }
        tracing::error!(message = id, provider_id, %error, "sent but not recorded");
        Outcome::Retry(format!("sent as {provider_id} but not recorded: {error}"))
    }

    /// Retry later, or — permanent, or out of attempts — record the failure and stop.
    async fn fail(&self, id: &str, row: &OutboxRow, error: &str, permanent: bool) -> Outcome {
        if !permanent && row.attempts < self.max_attempts {
            return Outcome::Retry(error.to_string());
        }
        let attempts = row.attempts.max(0) as u32;
        match messages::record_failed(&self.bus, id, error, attempts, self.clock.now(), &meta())
            .await
        {
            Ok(_) => Outcome::Dead(error.to_string()),
            Err(e) => Outcome::Retry(format!("{error}; recording the failure: {e}")),
        }
    }
}

#[async_trait]
impl OutboxHandler for SendHandler {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn batch_size(&self) -> i64 {
        1
    }

    async fn handle(&self, _partition: &str, rows: &[OutboxRow]) -> Vec<Outcome> {
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.handle_row(row).await);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sender(health_ok: Option<bool>, checked: Option<DateTime<Utc>>) -> SenderRow {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        SenderRow {
            id: "s1".into(),
            name: "primary".into(),
            provider: "waha".into(),
            base_url: "http://127.0.0.1:1".into(),
            session: None,
            phone_number_id: None,
            api_version: None,
            method: None,
            body_template: None,
            priority: 1,
            credentials_enc: String::new(),
            active: true,
            health_ok,
            health_checked_at: checked,
            health_error: None,
            created_at: at,
            updated_at: at,
            last_position: 1,
        }
    }

    #[test]
    fn a_failed_sender_cools_down_until_a_later_health_check_says_healthy() {
        let failed = DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::days(20_000);
        let soon = failed + chrono::Duration::seconds(5);
        // Its own failure not projected yet, or projected as down: skipped.
        assert!(cooling_since(failed, soon, &sender(None, None)));
        assert!(cooling_since(
            failed,
            soon,
            &sender(Some(false), Some(failed))
        ));
        // A healthy answer from before the failure does not count.
        let before = failed - chrono::Duration::seconds(1);
        assert!(cooling_since(
            failed,
            soon,
            &sender(Some(true), Some(before))
        ));
        // The health check after the failure said healthy: tried at the next send.
        let checked = failed + chrono::Duration::seconds(2);
        assert!(!cooling_since(
            failed,
            soon,
            &sender(Some(true), Some(checked))
        ));
        // Without a check, the cool-down ends after 30 s.
        let later = failed + chrono::Duration::seconds(31);
        assert!(!cooling_since(failed, later, &sender(None, None)));
    }
}
