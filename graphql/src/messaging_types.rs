//! GraphQL types of WhatsApp messaging: senders (never their secrets), templates and their
//! versions, messages with delivery status, and the inputs that change them.

use async_graphql::{Enum, InputObject, SimpleObject};
use chrono::{DateTime, Utc};
use tagih_aggregates::message_template::{self as domain, TemplateVersion as DomainVersion};
use tagih_aggregates::whatsapp_sender::Provider;
use tagih_commands::whatsapp::{SenderCredentials, SenderInput};
use tagih_projections::whatsapp::{MessageRow, SenderRow, TemplateRow};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "WhatsAppProvider")]
pub enum ProviderKind {
    Waha,
    Fonnte,
    CloudApi,
    Generic,
}

impl From<ProviderKind> for Provider {
    fn from(p: ProviderKind) -> Self {
        match p {
            ProviderKind::Waha => Self::Waha,
            ProviderKind::Fonnte => Self::Fonnte,
            ProviderKind::CloudApi => Self::CloudApi,
            ProviderKind::Generic => Self::Generic,
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum TemplateCategory {
    Welcome,
    Invoice,
    Payment,
    ExpiryReminder,
    Overdue,
    Expired,
    Renewal,
    Support,
}

impl From<TemplateCategory> for domain::TemplateCategory {
    fn from(c: TemplateCategory) -> Self {
        use domain::TemplateCategory as D;
        match c {
            TemplateCategory::Welcome => D::Welcome,
            TemplateCategory::Invoice => D::Invoice,
            TemplateCategory::Payment => D::Payment,
            TemplateCategory::ExpiryReminder => D::ExpiryReminder,
            TemplateCategory::Overdue => D::Overdue,
            TemplateCategory::Expired => D::Expired,
            TemplateCategory::Renewal => D::Renewal,
            TemplateCategory::Support => D::Support,
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum MessageLanguage {
    Id,
    En,
}

impl From<MessageLanguage> for domain::Language {
    fn from(l: MessageLanguage) -> Self {
        match l {
            MessageLanguage::Id => Self::Id,
            MessageLanguage::En => Self::En,
        }
    }
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "WhatsAppSender")]
pub struct Sender {
    pub id: String,
    pub name: String,
    /// WAHA, FONNTE, CLOUD_API or GENERIC.
    pub provider: String,
    pub base_url: String,
    pub session: Option<String>,
    pub phone_number_id: Option<String>,
    pub api_version: Option<String>,
    pub method: Option<String>,
    pub body_template: Option<String>,
    /// Lower is preferred.
    pub priority: i32,
    pub active: bool,
    /// Null until the first health check.
    pub health_ok: Option<bool>,
    pub health_checked_at: Option<DateTime<Utc>>,
    pub health_error: Option<String>,
}

impl From<SenderRow> for Sender {
    fn from(r: SenderRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            provider: r.provider,
            base_url: r.base_url,
            session: r.session,
            phone_number_id: r.phone_number_id,
            api_version: r.api_version,
            method: r.method,
            body_template: r.body_template,
            priority: r.priority,
            active: r.active,
            health_ok: r.health_ok,
            health_checked_at: r.health_checked_at,
            health_error: r.health_error,
        }
    }
}

/// Secrets are write-only: given here, sealed, never returned.
#[derive(InputObject, Default)]
#[graphql(name = "WhatsAppSenderInput")]
pub struct SenderInputGql {
    pub name: Option<String>,
    pub provider: Option<ProviderKind>,
    /// Empty: the provider's public endpoint (Fonnte, Cloud API). Generic: the URL
    /// template with `[number]` and `[text]`.
    pub base_url: Option<String>,
    pub session: Option<String>,
    pub phone_number_id: Option<String>,
    pub api_version: Option<String>,
    pub method: Option<String>,
    pub body_template: Option<String>,
    pub priority: Option<i32>,
    /// WAHA api key, Fonnte device token, Cloud API access token, generic Authorization.
    pub token: Option<String>,
    /// WAHA HMAC key, Cloud API app secret, Fonnte callback token (`?token=`).
    pub webhook_secret: Option<String>,
    /// Cloud API webhook verify token.
    pub verify_token: Option<String>,
}

impl From<SenderInputGql> for SenderInput {
    fn from(i: SenderInputGql) -> Self {
        let any_secret =
            i.token.is_some() || i.webhook_secret.is_some() || i.verify_token.is_some();
        Self {
            name: i.name,
            provider: i.provider.map(Into::into),
            base_url: i.base_url,
            session: i.session,
            phone_number_id: i.phone_number_id,
            api_version: i.api_version,
            method: i.method,
            body_template: i.body_template,
            priority: i.priority,
            credentials: any_secret.then_some(SenderCredentials {
                token: i.token,
                webhook_secret: i.webhook_secret,
                verify_token: i.verify_token,
            }),
        }
    }
}

#[derive(SimpleObject, Clone)]
pub struct SenderHealthCheck {
    pub ok: bool,
    /// CONNECTED, NEEDS_LOGIN or DOWN.
    pub status: String,
    pub error: Option<String>,
}

#[derive(SimpleObject, Clone)]
pub struct MessageTemplate {
    pub id: String,
    pub category: String,
    pub language: String,
    pub version: i32,
    pub body: String,
    pub updated_at: DateTime<Utc>,
}

impl From<TemplateRow> for MessageTemplate {
    fn from(r: TemplateRow) -> Self {
        Self {
            id: r.id,
            category: r.category,
            language: r.language,
            version: r.version,
            body: r.body,
            updated_at: r.updated_at,
        }
    }
}

#[derive(SimpleObject, Clone)]
pub struct TemplateVersion {
    pub version: i32,
    pub body: String,
    pub saved_at: DateTime<Utc>,
    pub rolled_back_from: Option<i32>,
}

impl From<DomainVersion> for TemplateVersion {
    fn from(v: DomainVersion) -> Self {
        Self {
            version: v.version as i32,
            body: v.body,
            saved_at: v.saved_at,
            rolled_back_from: v.rolled_back_from.map(|n| n as i32),
        }
    }
}

#[derive(SimpleObject, Clone)]
pub struct TemplateVariable {
    pub name: String,
    pub description: String,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "WhatsAppMessage")]
pub struct Message {
    pub id: String,
    pub to: String,
    pub customer_id: Option<String>,
    pub category: String,
    pub language: String,
    pub text: String,
    pub trigger: String,
    /// QUEUED, SENT, DELIVERED, READ, FAILED or CANCELLED.
    pub status: String,
    pub attempts: i32,
    pub retries: i32,
    pub sender_id: Option<String>,
    pub provider: Option<String>,
    pub provider_message_id: Option<String>,
    pub last_error: Option<String>,
    pub queued_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub read_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    /// Where this state is in the log (resume `messagesChanged` after it).
    pub position: i64,
}

impl From<MessageRow> for Message {
    fn from(r: MessageRow) -> Self {
        Self {
            id: r.id,
            to: r.to_phone,
            customer_id: r.customer_id,
            category: r.category,
            language: r.language,
            text: r.text,
            trigger: r.trigger,
            status: r.status,
            attempts: r.attempts,
            retries: r.retries,
            sender_id: r.sender_id,
            provider: r.provider,
            provider_message_id: r.provider_message_id,
            last_error: r.last_error,
            queued_at: r.queued_at,
            sent_at: r.sent_at,
            delivered_at: r.delivered_at,
            read_at: r.read_at,
            failed_at: r.failed_at,
            position: r.last_position,
        }
    }
}
