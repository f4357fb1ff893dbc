//! Event triggers: a saga turns billing events into `whatsapp.trigger` outbox rows, and the
//! handler reads the customer, subscription and invoice from the read models (waiting
//! until they have caught up with the event), renders the category's template and queues
//! the message. Subscription created → welcome, invoice issued → invoice, invoice paid →
//! payment, subscription disabled → expired, reactivated → renewal.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::PgConnection;
use tagih_aggregates::Aggregate;
use tagih_aggregates::invoice::{Invoice, InvoiceEvent as I};
use tagih_aggregates::message_template::TemplateCategory;
use tagih_aggregates::subscription::{Subscription, SubscriptionEvent as S};
use tagih_commands::whatsapp_messages::{self as messages, QueueRequest, default_language};
use tagih_commands::{CommandBus, Metadata, SharedClock, receipts};
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

use super::WhatsAppSettings;
use crate::outbox::{NewOutboxRow, OutboxRow, enqueue_many};
use crate::worker::{OutboxHandler, Outcome};

pub const SAGA_NAME: &str = "saga_whatsapp_triggers";
pub const KIND: &str = "whatsapp.trigger";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TriggerPayload {
    pub category: TemplateCategory,
    pub trigger: String,
    pub subscription_id: Option<String>,
    pub invoice_id: Option<String>,
    #[serde(default)]
    pub payment: Option<Value>,
    pub key: String,
}

pub struct TriggerSaga {
    pub enabled: bool,
}

/// What an event asks for: (category, idempotency key, payment facts).
fn wanted(ev: &StoredEvent) -> Option<(TemplateCategory, String, Option<Value>)> {
    let body = ev.payload_json();
    let at = |name: &str| body[name]["at"].as_str().unwrap_or_default().to_string();
    let id = &ev.aggregate_id;
    Some(match (ev.aggregate_type.as_str(), ev.event_type.as_str()) {
        (Subscription::TYPE, S::SUBSCRIPTION_CREATED) => {
            (TemplateCategory::Welcome, format!("welcome:{id}"), None)
        }
        (Subscription::TYPE, S::SUBSCRIPTION_DISABLED) => (
            TemplateCategory::Expired,
            format!("expired:{id}:{}", at(S::SUBSCRIPTION_DISABLED)),
            None,
        ),
        (Subscription::TYPE, S::SUBSCRIPTION_REACTIVATED) => (
            TemplateCategory::Renewal,
            format!("renewal:{id}:{}", at(S::SUBSCRIPTION_REACTIVATED)),
            None,
        ),
        (Invoice::TYPE, I::INVOICE_ISSUED) => {
            (TemplateCategory::Invoice, format!("invoice:{id}"), None)
        }
        (Invoice::TYPE, I::INVOICE_PAID) => {
            let paid = &body[I::INVOICE_PAID];
            let reference = paid["payment_ref"].as_str().unwrap_or_default();
            // The receipt's id is known before the receipt saga issues it.
            let payment = json!({"amount": paid["amount"], "paid_at": paid["paid_at"],
                                 "receipt_id": receipts::receipt_id(id, reference)});
            (
                TemplateCategory::Payment,
                format!("payment:{id}:{reference}"),
                Some(payment),
            )
        }
        _ => return None,
    })
}

#[async_trait]
impl Projector for TriggerSaga {
    fn name(&self) -> &'static str {
        SAGA_NAME
    }

    fn interests(&self) -> Interests {
        Interests::events_of::<Subscription>(&[
            S::SUBSCRIPTION_CREATED,
            S::SUBSCRIPTION_DISABLED,
            S::SUBSCRIPTION_REACTIVATED,
        ])
        .and(Interests::events_of::<Invoice>(&[
            I::INVOICE_ISSUED,
            I::INVOICE_PAID,
        ]))
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        if !self.enabled {
            return Ok(());
        }
        let mut rows = Vec::new();
        for ev in events {
            let Some((category, key, payment)) = wanted(ev) else {
                continue;
            };
            let is_invoice = ev.is::<Invoice>();
            let payload = TriggerPayload {
                category,
                trigger: ev.event_type.clone(),
                subscription_id: (!is_invoice).then(|| ev.aggregate_id.clone()),
                invoice_id: is_invoice.then(|| ev.aggregate_id.clone()),
                payment,
                key: key.clone(),
            };
            rows.push(NewOutboxRow {
                idempotency_key: format!("wa-trigger:{key}"),
                kind: KIND,
                partition_key: ev.aggregate_id.clone(),
                payload: serde_json::to_value(payload)
                    .map_err(|e| ProjectionError::Other(e.to_string()))?,
                causation_position: ev.position,
                delay_secs: 0,
            });
        }
        enqueue_many(conn, &rows).await?;
        Ok(())
    }
}

pub struct TriggerHandler {
    pub bus: Arc<CommandBus>,
    pub clock: SharedClock,
    pub settings: WhatsAppSettings,
}

/// One read-model row as JSON, when it has caught up with `position`.
async fn row_at(
    bus: &CommandBus,
    sql: &str,
    id: &str,
    position: i64,
) -> Result<Option<Value>, String> {
    let found: Option<(Value, i64)> = sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(bus.pool())
        .await
        .map_err(|e| format!("database: {e}"))?;
    Ok(found.filter(|(_, p)| *p >= position).map(|(v, _)| v))
}

const SUBSCRIPTION: &str =
    "select json_build_object('id', id, 'customer_id', customer_id, 'username', username,
        'profile', profile, 'price', price::text, 'expiry', expiry), last_position
   from rm_subscriptions where id = $1";
const INVOICE: &str = "select json_build_object('id', id, 'number', number, 'customer_id', customer_id,
        'subscription_id', subscription_id, 'amount', amount::text, 'outstanding', outstanding::text,
        'due', due_date, 'period_start', period_start, 'period_end', period_end), last_position
   from rm_invoices where id = $1";
const CUSTOMER: &str =
    "select json_build_object('id', id, 'name', name, 'phone', phone, 'active', active), 0::bigint
   from rm_customers where id = $1";

impl TriggerHandler {
    /// The template variables, or why not yet (a read model behind the event).
    async fn variables(&self, p: &TriggerPayload, position: i64) -> Result<Value, String> {
        let behind = || "read model behind the event".to_string();
        let mut vars = json!({});
        let mut customer_id = None;
        if let Some(id) = &p.invoice_id {
            let mut inv = row_at(&self.bus, INVOICE, id, position)
                .await?
                .ok_or_else(behind)?;
            customer_id = inv["customer_id"].as_str().map(str::to_string);
            inv["lines"] = json!([{"description": format!("Internet {}", inv["number"].as_str().unwrap_or("")), "amount": inv["amount"]}]);
            if !self.settings.payment_url_base.is_empty() {
                vars["payment"] = json!({"url": format!("{}{id}", self.settings.payment_url_base)});
            }
            if let Some(sub) = inv["subscription_id"].as_str() {
                vars["service"] = row_at(&self.bus, SUBSCRIPTION, sub, 0)
                    .await?
                    .unwrap_or(Value::Null);
            }
            vars["invoice"] = inv;
        }
        if let Some(id) = &p.subscription_id {
            let sub = row_at(&self.bus, SUBSCRIPTION, id, position)
                .await?
                .ok_or_else(behind)?;
            customer_id = sub["customer_id"].as_str().map(str::to_string);
            vars["service"] = sub;
        }
        if let Some(payment) = &p.payment {
            let url = vars["payment"]["url"].clone();
            vars["payment"] = payment.clone();
            vars["payment"]["url"] = url;
            let base = self.settings.public_url.trim_end_matches('/');
            if let Some(receipt) = payment["receipt_id"].as_str().filter(|_| !base.is_empty()) {
                vars["payment"]["receipt_url"] = json!(format!("{base}/receipts/{receipt}"));
            }
        }
        let customer_id = customer_id.ok_or_else(behind)?;
        vars["customer"] = row_at(&self.bus, CUSTOMER, &customer_id, 0)
            .await?
            .ok_or_else(behind)?;
        Ok(vars)
    }

    async fn handle_row(&self, row: &OutboxRow) -> Outcome {
        let Ok(p) = serde_json::from_value::<TriggerPayload>(row.payload.clone()) else {
            return Outcome::Dead("malformed payload".into());
        };
        let vars = match self.variables(&p, row.causation_position).await {
            Ok(v) => v,
            Err(e) => return Outcome::Retry(e),
        };
        let phone = vars["customer"]["phone"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if phone.is_empty() || vars["customer"]["active"] == Value::Bool(false) {
            return Outcome::Done;
        }
        let req = QueueRequest {
            to: phone,
            customer_id: vars["customer"]["id"].as_str().map(str::to_string),
            category: p.category,
            language: default_language(),
            variables: vars,
            text: None,
            trigger: p.trigger.clone(),
            idempotency_key: p.key.clone(),
            at: self.clock.now(),
        };
        let meta = Metadata::system("saga:whatsapp_triggers");
        match messages::queue(&self.bus, req, &meta).await {
            Ok(_) => Outcome::Done,
            // A number the customer record holds but WhatsApp cannot take: nothing to send.
            Err(tagih_commands::CommandError::Domain { message, .. }) => {
                tracing::warn!(trigger = %p.key, %message, "whatsapp trigger skipped");
                Outcome::Dead(message)
            }
            Err(e) => Outcome::Retry(e.to_string()),
        }
    }
}

#[async_trait]
impl OutboxHandler for TriggerHandler {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn handle(&self, _partition: &str, rows: &[OutboxRow]) -> Vec<Outcome> {
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.handle_row(row).await);
        }
        out
    }
}
