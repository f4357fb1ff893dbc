//! WhatsApp read models: senders (credentials stay sealed), the current version of each
//! template, and messages with their delivery status — plus the queries the API, the
//! sender and the health job read them with.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{FromRow, PgConnection, PgPool};
use tagih_aggregates::message_template::MessageTemplate;
use tagih_aggregates::message_template::TemplateEvent;
use tagih_aggregates::whatsapp_message::MessageEvent as M;
use tagih_aggregates::whatsapp_message::WhatsAppMessage;
use tagih_aggregates::whatsapp_sender::WhatsAppSender;
use tagih_aggregates::whatsapp_sender::{SenderEvent as S, SenderSettings};
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_json};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct SenderRow {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub base_url: String,
    pub session: Option<String>,
    pub phone_number_id: Option<String>,
    pub api_version: Option<String>,
    pub method: Option<String>,
    pub body_template: Option<String>,
    pub priority: i32,
    pub credentials_enc: String,
    pub active: bool,
    pub health_ok: Option<bool>,
    pub health_checked_at: Option<DateTime<Utc>>,
    pub health_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
}

fn sender_with(
    id: &str,
    s: SenderSettings,
    base: Option<SenderRow>,
    at: DateTime<Utc>,
) -> SenderRow {
    SenderRow {
        id: id.to_string(),
        name: s.name,
        provider: s.provider.as_str().to_string(),
        base_url: s.base_url,
        session: s.session,
        phone_number_id: s.phone_number_id,
        api_version: s.api_version,
        method: s.method,
        body_template: s.body_template,
        priority: s.priority,
        credentials_enc: s.credentials_enc,
        active: base.as_ref().is_none_or(|b| b.active),
        health_ok: base.as_ref().and_then(|b| b.health_ok),
        health_checked_at: base.as_ref().and_then(|b| b.health_checked_at),
        health_error: base.as_ref().and_then(|b| b.health_error.clone()),
        created_at: base.as_ref().map_or(at, |b| b.created_at),
        updated_at: at,
        last_position: 0,
    }
}

pub struct WaSenders;

const SENDER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "provider",
    "base_url",
    "session",
    "phone_number_id",
    "api_version",
    "method",
    "body_template",
    "priority",
    "credentials_enc",
    "active",
    "health_ok",
    "health_checked_at",
    "health_error",
    "created_at",
    "updated_at",
    "last_position",
];

impl RowModel for WaSenders {
    type Row = SenderRow;
    const NAME: &'static str = crate::names::WA_SENDERS;
    const TABLE: &'static str = "rm_wa_senders";

    fn interests() -> Interests {
        Interests::of::<WhatsAppSender>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<WhatsAppSender>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &SenderRow) -> i64 {
        row.last_position
    }
    fn apply(
        row: Option<SenderRow>,
        ev: &StoredEvent,
    ) -> Result<Option<SenderRow>, ProjectionError> {
        let at = ev.recorded_at;
        let mut row = match (ev.decode::<S>()?, row) {
            (S::SenderCreated(s), base) | (S::SenderUpdated(s), base @ Some(_)) => {
                sender_with(&ev.aggregate_id, s, base, at)
            }
            (_, None) => return Ok(None),
            (S::SenderDeactivated, Some(r)) => SenderRow {
                active: false,
                updated_at: at,
                ..r
            },
            (S::SenderReactivated, Some(r)) => SenderRow {
                active: true,
                updated_at: at,
                ..r
            },
            (S::SenderHealthChecked(h), Some(r)) => SenderRow {
                health_ok: Some(h.ok),
                health_checked_at: Some(h.at),
                health_error: h.error,
                ..r
            },
        };
        row.last_position = ev.position;
        Ok(Some(row))
    }
    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, SenderRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &SenderRow| r.id.clone()).await
    }
    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<SenderRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, SENDER_COLUMNS, &rows).await
    }
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct TemplateRow {
    pub id: String,
    pub category: String,
    pub language: String,
    pub version: i32,
    pub body: String,
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
}

pub struct WaTemplates;

impl RowModel for WaTemplates {
    type Row = TemplateRow;
    const NAME: &'static str = crate::names::WA_TEMPLATES;
    const TABLE: &'static str = "rm_wa_templates";

    fn interests() -> Interests {
        Interests::of::<MessageTemplate>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<MessageTemplate>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &TemplateRow) -> i64 {
        row.last_position
    }
    fn apply(
        _: Option<TemplateRow>,
        ev: &StoredEvent,
    ) -> Result<Option<TemplateRow>, ProjectionError> {
        let TemplateEvent::TemplateVersionSaved {
            category,
            language,
            version,
        } = ev.decode()?;
        Ok(Some(TemplateRow {
            id: ev.aggregate_id.clone(),
            category: category.as_str().to_string(),
            language: language.as_str().to_string(),
            version: version.version as i32,
            body: version.body,
            updated_at: ev.recorded_at,
            last_position: ev.position,
        }))
    }
    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, TemplateRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &TemplateRow| r.id.clone()).await
    }
    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<TemplateRow>,
    ) -> sqlx::Result<()> {
        let cols = &[
            "id",
            "category",
            "language",
            "version",
            "body",
            "updated_at",
            "last_position",
        ];
        upsert_json(conn, &table, cols, &rows).await
    }
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct MessageRow {
    pub id: String,
    pub to_phone: String,
    pub customer_id: Option<String>,
    pub category: String,
    pub language: String,
    pub text: String,
    pub trigger: String,
    pub idempotency_key: String,
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
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
}

const MESSAGE_COLUMNS: &[&str] = &[
    "id",
    "to_phone",
    "customer_id",
    "category",
    "language",
    "text",
    "trigger",
    "idempotency_key",
    "status",
    "attempts",
    "retries",
    "sender_id",
    "provider",
    "provider_message_id",
    "last_error",
    "queued_at",
    "sent_at",
    "delivered_at",
    "read_at",
    "failed_at",
    "updated_at",
    "last_position",
];

pub struct WaMessages;

fn status(r: MessageRow, s: &str) -> MessageRow {
    MessageRow {
        status: s.to_string(),
        ..r
    }
}

impl RowModel for WaMessages {
    type Row = MessageRow;
    const NAME: &'static str = crate::names::WA_MESSAGES;
    const TABLE: &'static str = "rm_wa_messages";

    fn interests() -> Interests {
        Interests::of::<WhatsAppMessage>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<WhatsAppMessage>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &MessageRow) -> i64 {
        row.last_position
    }
    fn apply(
        row: Option<MessageRow>,
        ev: &StoredEvent,
    ) -> Result<Option<MessageRow>, ProjectionError> {
        let mut row = match (ev.decode::<M>()?, row) {
            (M::MessageQueued(m), None) => MessageRow {
                id: ev.aggregate_id.clone(),
                to_phone: m.to.to_string(),
                customer_id: m.customer_id,
                category: m.category.as_str().to_string(),
                language: m.language.as_str().to_string(),
                text: m.text,
                trigger: m.trigger,
                idempotency_key: m.idempotency_key,
                status: "QUEUED".into(),
                attempts: 0,
                retries: 0,
                sender_id: None,
                provider: None,
                provider_message_id: None,
                last_error: None,
                queued_at: m.queued_at,
                sent_at: None,
                delivered_at: None,
                read_at: None,
                failed_at: None,
                updated_at: ev.recorded_at,
                last_position: 0,
            },
            (_, None) | (M::MessageQueued(_), Some(_)) => return Ok(None),
            (M::MessageSendAttempted { attempt, .. }, Some(r)) => MessageRow {
                attempts: attempt as i32,
                ..r
            },
            (
                M::MessageSent {
                    sender_id,
                    provider,
                    provider_message_id,
                    at,
                },
                Some(r),
            ) => {
                let next = if r.status == "DELIVERED" || r.status == "READ" {
                    r.status.clone()
                } else {
                    "SENT".into()
                };
                MessageRow {
                    sender_id: Some(sender_id),
                    provider: Some(provider.as_str().to_string()),
                    provider_message_id: Some(provider_message_id),
                    sent_at: Some(at),
                    last_error: None,
                    ..status(r, &next)
                }
            }
            (M::MessageDelivered { at }, Some(r)) => MessageRow {
                delivered_at: Some(at),
                ..status(r, "DELIVERED")
            },
            (M::MessageRead { at }, Some(r)) => MessageRow {
                read_at: Some(at),
                ..status(r, "READ")
            },
            (M::MessageFailed { error, at, .. }, Some(r)) => MessageRow {
                last_error: Some(error),
                failed_at: Some(at),
                ..status(r, "FAILED")
            },
            (M::MessageRetried { retry, .. }, Some(r)) => MessageRow {
                retries: retry as i32,
                provider_message_id: None,
                sender_id: None,
                provider: None,
                ..status(r, "QUEUED")
            },
            (M::MessageCancelled { reason, .. }, Some(r)) => MessageRow {
                last_error: Some(reason),
                ..status(r, "CANCELLED")
            },
        };
        row.updated_at = ev.recorded_at;
        row.last_position = ev.position;
        Ok(Some(row))
    }
    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, MessageRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &MessageRow| r.id.clone()).await
    }
    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<MessageRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, MESSAGE_COLUMNS, &rows).await
    }
}

/// Senders by preference: priority, then age.
pub async fn senders(pool: &PgPool) -> sqlx::Result<Vec<SenderRow>> {
    sqlx::query_as("select * from rm_wa_senders order by priority, created_at, id")
        .fetch_all(pool)
        .await
}

pub async fn sender(pool: &PgPool, id: &str) -> sqlx::Result<Option<SenderRow>> {
    sqlx::query_as("select * from rm_wa_senders where id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn templates(pool: &PgPool) -> sqlx::Result<Vec<TemplateRow>> {
    sqlx::query_as("select * from rm_wa_templates order by category, language")
        .fetch_all(pool)
        .await
}

pub async fn message(pool: &PgPool, id: &str) -> sqlx::Result<Option<MessageRow>> {
    sqlx::query_as("select * from rm_wa_messages where id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Newest first, filtered by status and/or customer.
pub async fn messages(
    pool: &PgPool,
    status: Option<&str>,
    customer_id: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    sqlx::query_as(
        "select * from rm_wa_messages
          where ($1::text is null or status = $1) and ($2::text is null or customer_id = $2)
          order by queued_at desc, id limit $3",
    )
    .bind(status)
    .bind(customer_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Messages whose state changed after `position`, oldest change first (subscriptions).
pub async fn messages_changed_after(
    pool: &PgPool,
    position: i64,
    limit: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    sqlx::query_as(
        "select * from rm_wa_messages where last_position > $1 order by last_position limit $2",
    )
    .bind(position)
    .bind(limit)
    .fetch_all(pool)
    .await
}
