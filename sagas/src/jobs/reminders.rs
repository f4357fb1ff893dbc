//! Daily payment reminders: open invoices due in one of the configured numbers of days, or
//! overdue, get one `whatsapp.send` outbox row per invoice per day (delivered by the
//! WhatsApp senders; the idempotency key makes a second run the same day a no-op).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::FromRow;
use tagih_aggregates::billing_cycle::WIB;

use super::{Job, JobContext};
use crate::outbox::{NewOutboxRow, enqueue_many};

pub const WHATSAPP_KIND: &str = "whatsapp.send";

#[derive(FromRow)]
struct Due {
    invoice_id: String,
    number: String,
    outstanding: Decimal,
    due_date: DateTime<Utc>,
    customer_id: String,
    name: String,
    phone: String,
}

pub struct PaymentReminders;

#[async_trait]
impl Job for PaymentReminders {
    fn name(&self) -> &'static str {
        "billing_reminders"
    }

    /// 09:00 WIB.
    fn default_schedule(&self) -> &'static str {
        "0 0 2 * * *"
    }

    async fn run(&self, ctx: &JobContext) -> Result<String, String> {
        let now = ctx.clock.now();
        let today = now.with_timezone(&WIB).date_naive();
        let open: Vec<Due> = sqlx::query_as(
            "select i.id as invoice_id, i.number, i.outstanding, i.due_date, c.id as customer_id,
                    c.name, c.phone
               from rm_invoices i join rm_customers c on c.id = i.customer_id
              where i.status = 'OPEN' and c.active",
        )
        .fetch_all(ctx.bus.pool())
        .await
        .map_err(|e| e.to_string())?;
        let mut rows = Vec::new();
        for d in open {
            let days = (d.due_date.with_timezone(&WIB).date_naive() - today).num_days();
            let overdue = days < 0;
            if !overdue && !ctx.billing.reminder_days_before.contains(&days) {
                continue;
            }
            let template = if overdue {
                "overdue_reminder"
            } else {
                "expiry_reminder"
            };
            rows.push(NewOutboxRow {
                idempotency_key: format!("reminder:{}:{today}", d.invoice_id),
                kind: WHATSAPP_KIND,
                partition_key: "whatsapp".into(),
                payload: json!({
                    "template": template,
                    "to": d.phone,
                    "customer_id": d.customer_id,
                    "invoice_id": d.invoice_id,
                    "variables": {
                        "customer.name": d.name,
                        "invoice.number": d.number,
                        "invoice.amount": d.outstanding.to_string(),
                        "invoice.due": d.due_date.with_timezone(&WIB).format("%Y-%m-%d").to_string(),
                        "days_left": days,
                    },
                }),
                causation_position: 0,
                delay_secs: 0,
            });
        }
        let mut conn = ctx.bus.pool().acquire().await.map_err(|e| e.to_string())?;
        let queued = enqueue_many(&mut conn, &rows)
            .await
            .map_err(|e| e.to_string())?;
        Ok(format!("{queued} reminders queued ({} due)", rows.len()))
    }
}
