//! WhatsAppMessage aggregate: one rendered notification to one number, from queued through
//! sent, delivered and read — or failed / cancelled. Statuses only move forward (provider
//! webhooks arrive out of order); a message that has a provider id is never sent again.
//!
//! The stream id is a uuid v5 of the message's idempotency key, so the same trigger queued
//! twice (a replayed saga, a second job run) lands on the same stream and is a no-op.

use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{ErrorKind, HasErrorKind};
use crate::message_template::{Language, TemplateCategory};
use crate::phone::Phone;
use crate::whatsapp_sender::Provider;

/// Namespace of message ids (uuid v5 of the idempotency key).
const MESSAGE_NAMESPACE: Uuid = Uuid::from_u128(0x6a1c_2f0e_7d3b_4c55_9e21_0b7f_93d4_a801);

pub fn message_id(idempotency_key: &str) -> String {
    Uuid::new_v5(&MESSAGE_NAMESPACE, idempotency_key.as_bytes()).to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MessageStatus {
    #[default]
    Queued,
    Sent,
    Delivered,
    Read,
    Failed,
    Cancelled,
}

impl MessageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "QUEUED",
            Self::Sent => "SENT",
            Self::Delivered => "DELIVERED",
            Self::Read => "READ",
            Self::Failed => "FAILED",
            Self::Cancelled => "CANCELLED",
        }
    }

    /// How far along the delivery path; a status with a lower rank never replaces a higher.
    fn rank(self) -> u8 {
        match self {
            Self::Queued | Self::Failed | Self::Cancelled => 0,
            Self::Sent => 1,
            Self::Delivered => 2,
            Self::Read => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedMessage {
    pub to: Phone,
    pub customer_id: Option<String>,
    pub category: TemplateCategory,
    pub language: Language,
    pub text: String,
    /// What caused it, e.g. `InvoiceIssued`, `reminder`, `test`.
    pub trigger: String,
    pub idempotency_key: String,
    pub queued_at: DateTime<Utc>,
}

/// A provider's report about a message (webhooks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryReport {
    Sent,
    Delivered,
    Read,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum MessageCommand {
    QueueMessage(QueuedMessage),
    /// The intent, recorded before the provider is called (audit and crash analysis).
    RecordSendAttempt {
        attempt: u32,
        sender_id: String,
        client_ref: String,
        at: DateTime<Utc>,
    },
    RecordSent {
        sender_id: String,
        provider: Provider,
        provider_message_id: String,
        at: DateTime<Utc>,
    },
    RecordReport {
        report: DeliveryReport,
        at: DateTime<Utc>,
    },
    /// The sender gave up (attempts exhausted or a permanent refusal).
    RecordFailed {
        error: String,
        attempts: u32,
        at: DateTime<Utc>,
    },
    Retry {
        at: DateTime<Utc>,
    },
    Cancel {
        reason: String,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MessageEvent {
    MessageQueued(QueuedMessage),
    MessageSendAttempted {
        attempt: u32,
        sender_id: String,
        client_ref: String,
        at: DateTime<Utc>,
    },
    MessageSent {
        sender_id: String,
        provider: Provider,
        provider_message_id: String,
        at: DateTime<Utc>,
    },
    MessageDelivered {
        at: DateTime<Utc>,
    },
    MessageRead {
        at: DateTime<Utc>,
    },
    MessageFailed {
        error: String,
        attempts: u32,
        at: DateTime<Utc>,
    },
    MessageRetried {
        retry: u32,
        at: DateTime<Utc>,
    },
    MessageCancelled {
        reason: String,
        at: DateTime<Utc>,
    },
}

impl MessageEvent {
    /// Named in SQL by `commands::whatsapp_messages` (its partial index needs the literal).
    pub const MESSAGE_SENT: &'static str = "MessageSent";
}

impl DomainEvent for MessageEvent {
    fn event_type(&self) -> String {
        match self {
            Self::MessageQueued(_) => "MessageQueued",
            Self::MessageSendAttempted { .. } => "MessageSendAttempted",
            Self::MessageSent { .. } => Self::MESSAGE_SENT,
            Self::MessageDelivered { .. } => "MessageDelivered",
            Self::MessageRead { .. } => "MessageRead",
            Self::MessageFailed { .. } => "MessageFailed",
            Self::MessageRetried { .. } => "MessageRetried",
            Self::MessageCancelled { .. } => "MessageCancelled",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("{0}")]
    Invalid(String),
    #[error("message not found")]
    NotFound,
    #[error("{0}")]
    Rejected(String),
}

impl HasErrorKind for MessageError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::NotFound => ErrorKind::NotFound,
            Self::Rejected(_) => ErrorKind::Rejected,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WhatsAppMessage {
    pub message: Option<QueuedMessage>,
    pub status: MessageStatus,
    pub attempts: u32,
    pub retries: u32,
    pub provider_message_id: Option<String>,
    pub sender_id: Option<String>,
}

impl WhatsAppMessage {
    pub fn decide(&self, cmd: MessageCommand) -> Result<Vec<MessageEvent>, MessageError> {
        use MessageCommand as C;
        use MessageEvent as E;
        use MessageStatus as S;
        if self.message.is_none() {
            return match cmd {
                C::QueueMessage(m) => Ok(vec![E::MessageQueued(validated(m)?)]),
                _ => Err(MessageError::NotFound),
            };
        }
        Ok(match cmd {
            C::QueueMessage(_) => vec![],
            C::RecordSendAttempt { .. } if self.status != S::Queued => {
                return Err(MessageError::Rejected(format!(
                    "message is {}, not queued",
                    self.status.as_str().to_lowercase()
                )));
            }
            C::RecordSendAttempt {
                attempt,
                sender_id,
                client_ref,
                at,
            } => vec![E::MessageSendAttempted {
                attempt,
                sender_id,
                client_ref,
                at,
            }],
            // Once a provider accepted it, the first id stands: never "sent" twice.
            C::RecordSent { .. } if self.provider_message_id.is_some() => vec![],
            C::RecordSent {
                sender_id,
                provider,
                provider_message_id,
                at,
            } => vec![E::MessageSent {
                sender_id,
                provider,
                provider_message_id,
                at,
            }],
            C::RecordReport { report, at } => self.report(report, at),
            C::RecordFailed {
                error,
                attempts,
                at,
            } if self.status == S::Queued => vec![E::MessageFailed {
                error,
                attempts,
                at,
            }],
            C::RecordFailed { .. } => vec![],
            C::Retry { at } if matches!(self.status, S::Failed | S::Cancelled) => {
                vec![E::MessageRetried {
                    retry: self.retries + 1,
                    at,
                }]
            }
            C::Retry { .. } => {
                return Err(MessageError::Rejected(
                    "only failed or cancelled messages can be retried".into(),
                ));
            }
            C::Cancel { .. } if self.status == S::Cancelled => vec![],
            C::Cancel { reason, at } if self.status == S::Queued => {
                vec![E::MessageCancelled { reason, at }]
            }
            C::Cancel { .. } => {
                return Err(MessageError::Rejected(
                    "only queued messages can be cancelled".into(),
                ));
            }
        })
    }

    /// Webhook reports: forward only. Our own `MessageSent` records "sent", so a provider's
    /// sent ack changes nothing; a failure after delivery is a stale report.
    fn report(&self, report: DeliveryReport, at: DateTime<Utc>) -> Vec<MessageEvent> {
        let rank = self.status.rank();
        let has_id = self.provider_message_id.is_some();
        match report {
            DeliveryReport::Sent => vec![],
            DeliveryReport::Delivered
                if has_id && rank < 2 && self.status != MessageStatus::Failed =>
            {
                vec![MessageEvent::MessageDelivered { at }]
            }
            DeliveryReport::Read if has_id && rank < 3 && self.status != MessageStatus::Failed => {
                vec![MessageEvent::MessageRead { at }]
            }
            DeliveryReport::Failed(error) if self.status == MessageStatus::Sent => {
                vec![MessageEvent::MessageFailed {
                    error,
                    attempts: self.attempts,
                    at,
                }]
            }
            _ => vec![],
        }
    }

    pub fn is_sendable(&self) -> bool {
        self.message.is_some()
            && self.status == MessageStatus::Queued
            && self.provider_message_id.is_none()
    }
}

fn validated(m: QueuedMessage) -> Result<QueuedMessage, MessageError> {
    if m.text.trim().is_empty() {
        return Err(MessageError::Invalid("message text is empty".into()));
    }
    if m.text.chars().count() > crate::message_template::MAX_BODY_CHARS {
        return Err(MessageError::Invalid(
            "message text is longer than 4096 characters".into(),
        ));
    }
    if m.idempotency_key.is_empty() {
        return Err(MessageError::Invalid("idempotency key is required".into()));
    }
    Ok(m)
}

impl Aggregate for WhatsAppMessage {
    const TYPE: &'static str = "WhatsAppMessage";
    type Command = MessageCommand;
    type Event = MessageEvent;
    type Error = MessageError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let events = self.decide(command)?;
        crate::write_all!(self, sink, events)
    }

    fn apply(&mut self, event: Self::Event) {
        use MessageEvent as E;
        use MessageStatus as S;
        match event {
            E::MessageQueued(m) => self.message = Some(m),
            E::MessageSendAttempted { attempt, .. } => self.attempts = attempt,
            E::MessageSent {
                sender_id,
                provider_message_id,
                ..
            } => {
                self.provider_message_id = Some(provider_message_id);
                self.sender_id = Some(sender_id);
                if self.status.rank() < 1 {
                    self.status = S::Sent;
                }
            }
            E::MessageDelivered { .. } => self.status = S::Delivered,
            E::MessageRead { .. } => self.status = S::Read,
            E::MessageFailed { .. } => self.status = S::Failed,
            E::MessageRetried { retry, .. } => {
                self.retries = retry;
                self.status = S::Queued;
                self.provider_message_id = None;
                self.sender_id = None;
            }
            E::MessageCancelled { .. } => self.status = S::Cancelled,
        }
    }
}

#[cfg(test)]
#[path = "whatsapp_message_tests.rs"]
mod tests;
