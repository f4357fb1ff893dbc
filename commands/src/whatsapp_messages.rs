//! WhatsApp messages on the write side: queue (render the category's template for a
//! number; the idempotency key makes a repeat a no-op), the sender's records (attempt,
//! sent, failed), provider reports, and an admin's retry and cancel.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use tagih_aggregates::message_template::{Language, TemplateCategory};
use tagih_aggregates::phone::Phone;
use tagih_aggregates::whatsapp_message::{
    DeliveryReport, MessageCommand as C, QueuedMessage, WhatsAppMessage, message_id,
};
use tagih_aggregates::whatsapp_sender::Provider;

use crate::bus::{CommandBus, Written};
use crate::error::CommandError;
use crate::metadata::Metadata;
use crate::wa_templates;
use crate::whatsapp::template_body;

/// The ISP's name and support number (`isp.name`, `isp.phone`), set once at start-up.
static ISP: OnceLock<serde_json::Value> = OnceLock::new();
/// The language of customer messages (`[whatsapp] language`), set once at start-up.
static LANGUAGE: OnceLock<Language> = OnceLock::new();

pub fn set_defaults(isp_name: &str, isp_phone: &str, language: Language) {
    let _ = ISP.set(serde_json::json!({"name": isp_name, "phone": isp_phone}));
    let _ = LANGUAGE.set(language);
}

/// Indonesian unless configured otherwise.
pub fn default_language() -> Language {
    LANGUAGE.get().copied().unwrap_or(Language::Id)
}

/// A notification to queue: the category's template is rendered with `variables`.
#[derive(Debug, Clone)]
pub struct QueueRequest {
    pub to: String,
    pub customer_id: Option<String>,
    pub category: TemplateCategory,
    pub language: Language,
    /// Nested: `{"customer": {"name": …}, "invoice": {…}}`.
    pub variables: serde_json::Value,
    /// Free text instead of the template (test messages).
    pub text: Option<String>,
    pub trigger: String,
    pub idempotency_key: String,
    pub at: DateTime<Utc>,
}

/// Renders and queues; returns the message id (stable for the idempotency key).
pub async fn queue(
    bus: &CommandBus,
    req: QueueRequest,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let to = Phone::parse(&req.to).map_err(CommandError::from_domain_message)?;
    let text = match req.text {
        Some(t) => t,
        None => {
            let body = template_body(bus, req.category, req.language).await?;
            let mut vars = req.variables;
            if let (Some(map), Some(isp)) = (vars.as_object_mut(), ISP.get()) {
                map.entry("isp").or_insert_with(|| isp.clone());
            }
            wa_templates::render(&body, &vars).map_err(|e| CommandError::invalid(e.to_string()))?
        }
    };
    let id = message_id(&req.idempotency_key);
    let written = bus
        .execute::<WhatsAppMessage>(
            &id,
            C::QueueMessage(QueuedMessage {
                to,
                customer_id: req.customer_id,
                category: req.category,
                language: req.language,
                text,
                trigger: req.trigger,
                idempotency_key: req.idempotency_key,
                queued_at: req.at,
            }),
            &meta.with_command("QueueWhatsAppMessage"),
        )
        .await?;
    Ok((id, written))
}

pub async fn retry(
    bus: &CommandBus,
    id: &str,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<WhatsAppMessage>(
        id,
        C::Retry { at },
        &meta.with_command("RetryWhatsAppMessage"),
    )
    .await
}

pub async fn cancel(
    bus: &CommandBus,
    id: &str,
    reason: String,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<WhatsAppMessage>(
        id,
        C::Cancel { reason, at },
        &meta.with_command("CancelWhatsAppMessage"),
    )
    .await
}

pub async fn record_attempt(
    bus: &CommandBus,
    id: &str,
    attempt: u32,
    sender_id: &str,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<WhatsAppMessage>(
        id,
        C::RecordSendAttempt {
            attempt,
            sender_id: sender_id.to_string(),
            client_ref: format!("{id}:{attempt}"),
            at,
        },
        &meta.with_command("RecordWhatsAppSendAttempt"),
    )
    .await
}

pub async fn record_sent(
    bus: &CommandBus,
    id: &str,
    sender_id: &str,
    provider: Provider,
    provider_message_id: &str,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<WhatsAppMessage>(
        id,
        C::RecordSent {
            sender_id: sender_id.to_string(),
            provider,
            provider_message_id: provider_message_id.to_string(),
            at,
        },
        &meta.with_command("RecordWhatsAppSent"),
    )
    .await
}

pub async fn record_failed(
    bus: &CommandBus,
    id: &str,
    error: &str,
    attempts: u32,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<WhatsAppMessage>(
        id,
        C::RecordFailed {
            error: error.chars().take(500).collect(),
            attempts,
            at,
        },
        &meta.with_command("RecordWhatsAppFailed"),
    )
    .await
}

pub async fn record_report(
    bus: &CommandBus,
    id: &str,
    report: DeliveryReport,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<WhatsAppMessage>(
        id,
        C::RecordReport { report, at },
        &meta.with_command("RecordWhatsAppDeliveryReport"),
    )
    .await
}

/// Literal types, not parameters: the partial index `events_wa_provider_message_id` (migration
/// 20261124000007) is used only when the planner sees these very values; the test below
/// ties them to the registry's names.
const BY_PROVIDER_ID_SQL: &str = "select aggregate_id from events
  where aggregate_type = 'WhatsAppMessage' and event_type = 'MessageSent'
    and (payload #>> '{MessageSent,provider_message_id}') = $1
  order by position desc limit 1";

/// The message whose provider id this is (read from the log, not a read model: a
/// webhook may arrive before any projection caught up with `MessageSent`).
pub async fn by_provider_id(
    bus: &CommandBus,
    provider_message_id: &str,
) -> Result<Option<String>, CommandError> {
    Ok(sqlx::query_scalar(BY_PROVIDER_ID_SQL)
        .bind(provider_message_id)
        .fetch_optional(bus.pool())
        .await?)
}

#[cfg(test)]
mod sql_names_tests {
    use tagih_aggregates::Aggregate as _;
    use tagih_aggregates::whatsapp_message::{MessageEvent, WhatsAppMessage};

    #[test]
    fn the_provider_id_lookup_names_the_registry_types() {
        let sql = super::BY_PROVIDER_ID_SQL;
        let ty = format!("aggregate_type = '{}'", WhatsAppMessage::TYPE);
        let ev = format!("event_type = '{}'", MessageEvent::MESSAGE_SENT);
        let path = format!("'{{{},provider_message_id}}'", MessageEvent::MESSAGE_SENT);
        assert!(
            sql.contains(&ty) && sql.contains(&ev) && sql.contains(&path),
            "{sql}"
        );
    }
}
