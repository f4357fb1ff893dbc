//! WhatsApp configuration on the write side: senders (credentials sealed here, never
//! stored in clear), templates (validated by the engine before they are saved; defaults
//! seeded once) and per-number opt-outs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::message_template::{
    Language, MessageTemplate, TemplateCategory, TemplateCommand, template_id,
};
use tagih_aggregates::phone::Phone;
use tagih_aggregates::whatsapp_opt_out::{OptOutCommand, WhatsAppOptOut};
use tagih_aggregates::whatsapp_sender::{
    Provider, SenderCommand as C, SenderHealth, SenderSettings, WhatsAppSender,
};
use uuid::Uuid;

use crate::bus::{CommandBus, Written};
use crate::error::CommandError;
use crate::metadata::Metadata;
use crate::secrets::SecretBox;
use crate::wa_template_defaults::default_body;
use crate::wa_templates;

/// The secrets of a sender, sealed together as one JSON document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderCredentials {
    /// WAHA api key, Fonnte device token, Cloud API bearer token, generic `Authorization`.
    #[serde(default)]
    pub token: Option<String>,
    /// WAHA HMAC key, Cloud API app secret, or the Fonnte/generic callback token.
    #[serde(default)]
    pub webhook_secret: Option<String>,
    /// Cloud API webhook verification token (the GET handshake).
    #[serde(default)]
    pub verify_token: Option<String>,
}

/// What an admin types; secrets are plain here and sealed before they reach an event.
#[derive(Debug, Clone, Default)]
pub struct SenderInput {
    pub name: Option<String>,
    pub provider: Option<Provider>,
    pub base_url: Option<String>,
    pub session: Option<String>,
    pub phone_number_id: Option<String>,
    pub api_version: Option<String>,
    pub method: Option<String>,
    pub body_template: Option<String>,
    pub priority: Option<i32>,
    pub credentials: Option<SenderCredentials>,
}

/// Where each provider lives when the admin leaves the URL empty.
fn default_base_url(provider: Provider) -> Option<&'static str> {
    match provider {
        Provider::Fonnte => Some("https://api.fonnte.com"),
        Provider::CloudApi => Some("https://graph.facebook.com"),
        Provider::Waha => Some("http://127.0.0.1:3000"),
        Provider::Generic => None,
    }
}

/// The opened credentials of every sender of `provider` (inactive ones too: their late
/// reports still count), from the WhatsAppSender aggregates, never a read model (ADR 0022):
/// a sender added a moment ago has its provider's webhooks verified at once. The senders
/// are found by their first events (a primary-key range of a handful of rows).
pub async fn provider_credentials(
    bus: &CommandBus,
    secrets: &SecretBox,
    provider: Provider,
) -> Result<Vec<SenderCredentials>, CommandError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "select aggregate_id from events where aggregate_type = $1 and sequence = 1",
    )
    .bind(WhatsAppSender::TYPE)
    .fetch_all(bus.pool())
    .await?;
    let mut credentials = Vec::new();
    for id in ids {
        let sender: WhatsAppSender = bus.load(&id).await?;
        let Some(settings) = sender.settings.filter(|s| s.provider == provider) else {
            continue;
        };
        // A sender whose credentials no longer open (a changed server key) verifies nothing.
        if let Ok(c) = open_credentials(secrets, &settings.credentials_enc) {
            credentials.push(c);
        }
    }
    Ok(credentials)
}

pub fn open_credentials(
    secrets: &SecretBox,
    sealed: &str,
) -> Result<SenderCredentials, CommandError> {
    let plain = secrets
        .open(sealed)
        .map_err(|e| CommandError::Internal(e.to_string()))?;
    Ok(serde_json::from_str(&plain)?)
}

fn seal(secrets: &SecretBox, c: &SenderCredentials) -> Result<String, CommandError> {
    Ok(secrets.seal(&serde_json::to_string(c)?))
}

pub async fn create_sender(
    bus: &CommandBus,
    secrets: &SecretBox,
    input: SenderInput,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let provider = input
        .provider
        .ok_or_else(|| CommandError::invalid("provider is required"))?;
    let base_url = input
        .base_url
        .filter(|u| !u.trim().is_empty())
        .or_else(|| default_base_url(provider).map(str::to_string))
        .ok_or_else(|| CommandError::invalid("base url is required"))?;
    let settings = SenderSettings {
        name: input
            .name
            .ok_or_else(|| CommandError::invalid("name is required"))?,
        provider,
        base_url,
        session: input.session,
        phone_number_id: input.phone_number_id,
        api_version: input.api_version,
        method: input.method,
        body_template: input.body_template,
        priority: input.priority.unwrap_or(100),
        credentials_enc: seal(secrets, &input.credentials.unwrap_or_default())?,
    };
    let id = Uuid::new_v4().to_string();
    let written = bus
        .execute::<WhatsAppSender>(
            &id,
            C::CreateSender(settings),
            &meta.with_command("CreateWhatsAppSender"),
        )
        .await?;
    Ok((id, written))
}

/// Partial update; credentials are replaced only when given.
pub async fn update_sender(
    bus: &CommandBus,
    secrets: &SecretBox,
    id: &str,
    input: SenderInput,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let current: WhatsAppSender = bus.load(id).await?;
    let s = current
        .settings
        .ok_or_else(|| CommandError::not_found("sender not found"))?;
    let credentials_enc = match input.credentials {
        Some(c) => seal(secrets, &c)?,
        None => s.credentials_enc,
    };
    let settings = SenderSettings {
        name: input.name.unwrap_or(s.name),
        provider: input.provider.unwrap_or(s.provider),
        base_url: input.base_url.unwrap_or(s.base_url),
        session: input.session.or(s.session),
        phone_number_id: input.phone_number_id.or(s.phone_number_id),
        api_version: input.api_version.or(s.api_version),
        method: input.method.or(s.method),
        body_template: input.body_template.or(s.body_template),
        priority: input.priority.unwrap_or(s.priority),
        credentials_enc,
    };
    bus.execute::<WhatsAppSender>(
        id,
        C::UpdateSender(settings),
        &meta.with_command("UpdateWhatsAppSender"),
    )
    .await
}

pub async fn set_sender_active(
    bus: &CommandBus,
    id: &str,
    active: bool,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let (cmd, name) = if active {
        (C::ReactivateSender, "ReactivateWhatsAppSender")
    } else {
        (C::DeactivateSender, "DeactivateWhatsAppSender")
    };
    bus.execute::<WhatsAppSender>(id, cmd, &meta.with_command(name))
        .await
}

pub async fn record_sender_health(
    bus: &CommandBus,
    id: &str,
    health: SenderHealth,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<WhatsAppSender>(
        id,
        C::RecordSenderHealth(health),
        &meta.with_command("RecordWhatsAppSenderHealth"),
    )
    .await
}

/// Validates the body with the engine (syntax, variables, a trial render), then saves it.
pub async fn save_template(
    bus: &CommandBus,
    category: TemplateCategory,
    language: Language,
    body: String,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    wa_templates::validate(&body).map_err(|e| CommandError::invalid(e.to_string()))?;
    bus.execute::<MessageTemplate>(
        &template_id(category, language),
        TemplateCommand::SaveTemplate {
            category,
            language,
            body,
            at,
        },
        &meta.with_command("SaveMessageTemplate"),
    )
    .await
}

/// Restores an old version's body as a new version (validated again: the variables
/// allowed today decide, not those of the day it was written).
pub async fn rollback_template(
    bus: &CommandBus,
    category: TemplateCategory,
    language: Language,
    to_version: u32,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let id = template_id(category, language);
    let current: MessageTemplate = bus.load(&id).await?;
    if let Some(old) = current.versions.iter().find(|v| v.version == to_version) {
        wa_templates::validate(&old.body).map_err(|e| CommandError::invalid(e.to_string()))?;
    }
    bus.execute::<MessageTemplate>(
        &id,
        TemplateCommand::Rollback { to_version, at },
        &meta.with_command("RollbackMessageTemplate"),
    )
    .await
}

/// Seeds every shipped template that has no version yet, in one transaction. Safe on
/// every start and from several instances at once (a loser's insert collides; it re-reads
/// and finds them seeded).
pub async fn seed_templates(bus: &CommandBus, at: DateTime<Utc>) -> Result<usize, CommandError> {
    let mut items = Vec::new();
    for category in TemplateCategory::ALL {
        for language in Language::ALL {
            let cmd = TemplateCommand::SeedTemplate {
                category,
                language,
                body: default_body(category, language).to_string(),
                at,
            };
            items.push((template_id(category, language), cmd));
        }
    }
    let meta = Metadata::system("bootstrap").with_command("SeedMessageTemplate");
    let mut tx = bus.pool().begin().await?;
    let appended = crate::bulk::execute_many::<MessageTemplate>(&mut tx, items, &meta).await?;
    tx.commit().await?;
    Ok(appended
        .results
        .iter()
        .filter(|r| matches!(r, Ok(n) if *n > 0))
        .count())
}

/// The body the sender renders: the current version, or the shipped default.
pub async fn template_body(
    bus: &CommandBus,
    category: TemplateCategory,
    language: Language,
) -> Result<String, CommandError> {
    let t: MessageTemplate = bus.load(&template_id(category, language)).await?;
    Ok(t.current()
        .map(|v| v.body.clone())
        .unwrap_or_else(|| default_body(category, language).to_string()))
}

pub async fn set_opt_out(
    bus: &CommandBus,
    phone: &Phone,
    opted_out: bool,
    reason: String,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let (cmd, name) = if opted_out {
        (OptOutCommand::OptOut { reason, at }, "OptOutOfWhatsApp")
    } else {
        (OptOutCommand::OptIn { at }, "OptInToWhatsApp")
    };
    bus.execute::<WhatsAppOptOut>(phone.as_str(), cmd, &meta.with_command(name))
        .await
}

pub async fn is_opted_out(bus: &CommandBus, phone: &str) -> Result<bool, CommandError> {
    Ok(bus.load::<WhatsAppOptOut>(phone).await?.opted_out)
}
