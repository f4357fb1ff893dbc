//! Billing jobs: issue invoices N days before expiry (and auto-renew from credit when the
//! balance covers the price), move expired subscriptions into grace and disable them when
//! grace is over, and queue payment reminders for WhatsApp. All read the subscription and
//! invoice read models for their work lists and decide on the aggregates (so a stale list
//! only costs a no-op), and all are safe to run twice.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;
use tagih_aggregates::customer::Customer;
use tagih_aggregates::renewal::RenewalPolicy;
use tagih_aggregates::subscription::Subscription;
use tagih_commands::billing::{PaymentInput, apply_payment};
use tagih_commands::{CommandError, Metadata, customers, invoices, subscriptions};

use super::{Job, JobContext};

/// What the billing jobs are told by the operator.
#[derive(Debug, Clone)]
pub struct BillingJobSettings {
    pub invoice_days_before: i64,
    pub grace_days: u32,
    /// How a payment made after expiry renews.
    pub late_payment_policy: RenewalPolicy,
    /// Reminders go out this many days before the due date (and on overdue days).
    pub reminder_days_before: Vec<i64>,
}

impl Default for BillingJobSettings {
    fn default() -> Self {
        Self {
            invoice_days_before: 7,
            grace_days: 3,
            late_payment_policy: RenewalPolicy::FromPaymentDate,
            reminder_days_before: vec![3, 1],
        }
    }
}

async fn ids(pool: &PgPool, sql: &str, at: DateTime<Utc>) -> Result<Vec<String>, String> {
    sqlx::query_scalar(sql)
        .bind(at)
        .fetch_all(pool)
        .await
        .map_err(|e| e.to_string())
}

pub struct IssueInvoices;

#[async_trait]
impl Job for IssueInvoices {
    fn name(&self) -> &'static str {
        "billing_invoices"
    }

    fn default_schedule(&self) -> &'static str {
        "0 5 * * * *"
    }

    async fn run(&self, ctx: &JobContext) -> Result<String, String> {
        let now = ctx.clock.now();
        let horizon = now + Duration::days(ctx.billing.invoice_days_before);
        // Subscriptions whose current period ends within the horizon and has no invoice yet.
        let due = ids(
            ctx.bus.pool(),
            "select s.id from rm_subscriptions s
              where s.status <> 'CANCELLED' and s.expiry <= $1
                and not exists (select 1 from rm_invoices i
                                 where i.subscription_id = s.id and i.period_start = s.expiry)
              order by s.expiry limit 1000",
            horizon,
        )
        .await?;
        let meta = Metadata::system("job:billing_invoices");
        let (mut issued, mut renewed, mut failed) = (0, 0, 0);
        for id in &due {
            match invoices::issue_next_period(&ctx.bus, id, now, &meta).await {
                Ok(Some((invoice_id, _))) => {
                    issued += 1;
                    match auto_renew(ctx, id, &invoice_id, now, &meta).await {
                        Ok(true) => renewed += 1,
                        Ok(false) => {}
                        Err(e) => {
                            failed += 1;
                            tracing::warn!(subscription = %id, error = %e, "auto-renewal failed");
                        }
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    failed += 1;
                    tracing::warn!(subscription = %id, error = %e, "invoice not issued");
                }
            }
        }
        Ok(format!(
            "{issued} invoices issued, {renewed} auto-renewed from credit, {failed} failed"
        ))
    }
}

/// Pays the invoice from the customer's credit when auto-renew is on and the balance covers
/// it. Idempotent: the credit is used once per invoice and the payment applied once.
async fn auto_renew(
    ctx: &JobContext,
    subscription_id: &str,
    invoice_id: &str,
    now: DateTime<Utc>,
    meta: &Metadata,
) -> Result<bool, CommandError> {
    let s: Subscription = ctx.bus.load(subscription_id).await?;
    let (Some(created), Some(plan)) = (&s.created, &s.plan) else {
        return Ok(false);
    };
    if !s.auto_renew {
        return Ok(false);
    }
    let customer: Customer = ctx.bus.load(&created.customer_id).await?;
    let reference = format!("auto-renew:{invoice_id}");
    let already = customer
        .entries
        .contains_key(&format!("credit_used:{reference}"));
    if !already && customer.balance < plan.price {
        return Ok(false);
    }
    customers::use_credit(
        &ctx.bus,
        &created.customer_id,
        plan.price,
        "auto-renewal",
        &reference,
        meta,
    )
    .await?;
    let input = PaymentInput {
        invoice_id: invoice_id.to_string(),
        payment_ref: reference,
        amount: plan.price,
        paid_at: now,
        policy: ctx.billing.late_payment_policy,
        shortfall_as_debt: false,
    };
    apply_payment(&ctx.bus, input, meta).await?;
    Ok(true)
}

pub struct SubscriptionExpiry;

#[async_trait]
impl Job for SubscriptionExpiry {
    fn name(&self) -> &'static str {
        "billing_expiry"
    }

    fn default_schedule(&self) -> &'static str {
        "0 */5 * * * *"
    }

    async fn run(&self, ctx: &JobContext) -> Result<String, String> {
        let now = ctx.clock.now();
        let pool = ctx.bus.pool();
        let meta = Metadata::system("job:billing_expiry");
        let expired = ids(
            pool,
            "select id from rm_subscriptions where status = 'ACTIVE' and expiry <= $1
              order by expiry limit 1000",
            now,
        )
        .await?;
        let grace_over = ids(
            pool,
            "select id from rm_subscriptions where status = 'GRACE' and expiry <= $1
              order by expiry limit 1000",
            now - Duration::days(i64::from(ctx.billing.grace_days)),
        )
        .await?;
        let (mut graced, mut disabled, mut failed) = (0, 0, 0);
        for id in &expired {
            match subscriptions::enter_grace(&ctx.bus, id, now, &meta).await {
                Ok(_) => graced += 1,
                Err(e) => {
                    failed += 1;
                    tracing::warn!(subscription = %id, error = %e, "grace not entered");
                }
            }
        }
        for id in &grace_over {
            match subscriptions::disable(&ctx.bus, id, now, ctx.billing.grace_days, &meta).await {
                Ok(_) => disabled += 1,
                Err(e) => {
                    failed += 1;
                    tracing::warn!(subscription = %id, error = %e, "not disabled");
                }
            }
        }
        Ok(format!(
            "{graced} into grace, {disabled} disabled, {failed} failed"
        ))
    }
}
