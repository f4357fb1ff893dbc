//! Daily payment reminders: open invoices due in one of the configured numbers of days, or
//! overdue, get one WhatsApp message per invoice per day, queued through the message
//! command (template `expiry_reminder` before the due date, `overdue` after it; the
//! idempotency key makes a second run the same day a no-op).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::FromRow;
use tagih_aggregates::billing_cycle::WIB;
use tagih_aggregates::message_template::TemplateCategory;
use tagih_commands::Metadata;
use tagih_commands::whatsapp_messages::{self as messages, QueueRequest, default_language};

use super::{Job, JobContext};

#[derive(FromRow)]
struct Due {
    invoice_id: String,
    number: String,
    amount: Decimal,
    outstanding: Decimal,
    due_date: DateTime<Utc>,
    customer_id: String,
    name: String,
    phone: String,
    username: Option<String>,
    expiry: Option<DateTime<Utc>>,
}

pub struct PaymentReminders;

fn request(d: Due, days: i64, today: chrono::NaiveDate, now: DateTime<Utc>) -> QueueRequest {
    let category = if days < 0 {
        TemplateCategory::Overdue
    } else {
        TemplateCategory::ExpiryReminder
    };
    QueueRequest {
        to: d.phone.clone(),
        customer_id: Some(d.customer_id.clone()),
        category,
        language: default_language(),
        variables: json!({
            "customer": {"id": d.customer_id, "name": d.name, "phone": d.phone},
            "invoice": {"number": d.number, "amount": d.amount.to_string(),
                        "outstanding": d.outstanding.to_string(), "due": d.due_date},
            "service": {"username": d.username, "expiry": d.expiry},
            "days_left": days,
        }),
        text: None,
        trigger: "reminder".into(),
        idempotency_key: format!("reminder:{}:{today}", d.invoice_id),
        at: now,
    }
}

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
            "select i.id as invoice_id, i.number, i.amount, i.outstanding, i.due_date,
                    c.id as customer_id, c.name, c.phone, s.username, s.expiry
               from rm_invoices i join rm_customers c on c.id = i.customer_id
               left join rm_subscriptions s on s.id = i.subscription_id
              where i.status = 'OPEN' and c.active",
        )
        .fetch_all(ctx.bus.pool())
        .await
        .map_err(|e| e.to_string())?;
        let meta = Metadata::system("job:billing_reminders");
        let (mut due, mut queued, mut skipped) = (0, 0, 0);
        for d in open {
            let days = (d.due_date.with_timezone(&WIB).date_naive() - today).num_days();
            if days >= 0 && !ctx.billing.reminder_days_before.contains(&days) {
                continue;
            }
            due += 1;
            match messages::queue(&ctx.bus, request(d, days, today, now), &meta).await {
                Ok(_) => queued += 1,
                // A number WhatsApp cannot take is the customer record's problem, not the run's.
                Err(tagih_commands::CommandError::Domain { message, .. }) => {
                    tracing::warn!(%message, "reminder skipped");
                    skipped += 1;
                }
                Err(e) => return Err(e.to_string()),
            }
        }
        Ok(format!(
            "{queued} reminders queued (a repeat the same day is a no-op; {due} due, {skipped} skipped)"
        ))
    }
}
