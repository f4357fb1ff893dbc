//! Invoices and payments: lists, debt aging; issue the next period, void, record cash.

use async_graphql::{Context, Enum, Object, Result};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::ErrorKind;
use tagih_aggregates::Role;
use tagih_aggregates::invoice;
use tagih_aggregates::invoice::InvoiceStatus;
use tagih_aggregates::renewal::RenewalPolicy;
use tagih_aggregates::subscription;
use tagih_commands::billing::{self, PaymentInput};
use tagih_commands::{CommandError, invoices};
use tagih_projections::billing_queries::{self, InvoiceFilter};
use tagih_projections::names;

use super::{page_size, wants_total};
use crate::auth::RoleGuard;
use crate::billing_inputs::bad;
use crate::billing_reads::{head, invoice_after, settle_customer};
use crate::billing_types::{
    DebtAging, Invoice, InvoiceConnection, InvoiceStatusName, PaymentOutcome, cursor,
};
use crate::context::{api, metadata};
use crate::error::{ApiError, gql};

/// Where a payment made after expiry starts the new period.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "RenewalPolicy")]
pub enum RenewalPolicyName {
    /// Keep the billing day: the new period starts at the old expiry.
    FromOldExpiry,
    /// Do not charge for days cut off: the new period starts at the payment.
    FromPaymentDate,
}

#[derive(Default)]
pub struct InvoiceQuery;

#[Object]
impl InvoiceQuery {
    /// Invoices, newest first.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn invoices(
        &self,
        ctx: &Context<'_>,
        status: Option<InvoiceStatusName>,
        customer_id: Option<String>,
        subscription_id: Option<String>,
        #[graphql(default = 50)] first: i32,
        after: Option<String>,
    ) -> Result<InvoiceConnection> {
        let first = page_size(first)?;
        let before = after
            .map(|a| match cursor::decode(&a, 1).as_deref() {
                Some([p]) => p
                    .parse::<i64>()
                    .map_err(|_| bad("after is not a cursor from this list")),
                _ => Err(bad("after is not a cursor from this list")),
            })
            .transpose()?;
        let filter = InvoiceFilter {
            status: status.map(|s| s.as_str().to_string()),
            customer_id,
            subscription_id,
        };
        let pool = &api(ctx).pool;
        let mut rows = billing_queries::invoices_page(pool, &filter, first, before)
            .await
            .map_err(gql)?;
        let has_next_page = rows.len() as i64 > first;
        rows.truncate(first as usize);
        let total = if wants_total(ctx) {
            billing_queries::count_invoices(pool, &filter)
                .await
                .map_err(gql)?
        } else {
            0
        };
        let rows = rows
            .into_iter()
            .map(|r| (cursor::encode(&[&r.created_position.to_string()]), r.into()))
            .collect();
        Ok(InvoiceConnection::new(rows, has_next_page, total))
    }

    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn invoice(&self, ctx: &Context<'_>, id: String) -> Result<Option<Invoice>> {
        Ok(billing_queries::invoice(&api(ctx).pool, &id)
            .await
            .map_err(gql)?
            .map(Into::into))
    }

    /// What customers owe by age (0-30, 31-60, 61-90, 90+ days) at `asOf` (default now).
    /// Age: whole days since the money became owed — an open invoice's outstanding amount
    /// since its due date (not yet due counts as 0), recorded debt since it was recorded
    /// (settlements pay the oldest debt first). Invoices count at their subscription's
    /// location, recorded debt at the customer's.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn debt_aging(
        &self,
        ctx: &Context<'_>,
        location_id: Option<String>,
        as_of: Option<DateTime<Utc>>,
    ) -> Result<DebtAging> {
        let api = api(ctx);
        let as_of = as_of.unwrap_or_else(|| api.job_context.clock.now());
        let as_of = crate::error::bounded_date("asOf", as_of)?;
        let cells = billing_queries::debt_aging(&api.pool, location_id.as_deref(), as_of)
            .await
            .map_err(gql)?;
        Ok(DebtAging::new(as_of, location_id, cells))
    }
}

fn status_name(s: InvoiceStatus) -> &'static str {
    match s {
        InvoiceStatus::Open => "OPEN",
        InvoiceStatus::Paid => "PAID",
        InvoiceStatus::Void => "VOID",
    }
}

fn is_conflict(e: &CommandError) -> bool {
    matches!(
        e,
        CommandError::Domain {
            kind: ErrorKind::Conflict,
            ..
        } | CommandError::Conflict(_)
    )
}

#[derive(Default)]
pub struct InvoiceMutation;

#[Object]
impl InvoiceMutation {
    /// Issues the invoice for the subscription's next period (starting at its expiry, due
    /// then). Idempotent per period: asking again returns the same invoice and number.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn issue_invoice(&self, ctx: &Context<'_>, subscription_id: String) -> Result<Invoice> {
        let api = api(ctx);
        let now = api.job_context.clock.now();
        let meta = metadata(ctx);
        let issue = || invoices::issue_next_period(&api.bus, &subscription_id, now, &meta);
        // Two racing requests: the loser finds the winner's invoice on its second look.
        let issued = match issue().await {
            Err(e) if is_conflict(&e) => issue().await,
            other => other,
        };
        let Some((id, written)) = issued.map_err(gql)? else {
            return Err(gql(ApiError::Rejected("subscription is cancelled".into())));
        };
        invoice_after(ctx, &id, written).await
    }

    /// Voids an open invoice; what was paid towards it becomes the customer's credit.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn void_invoice(&self, ctx: &Context<'_>, id: String, reason: String) -> Result<Invoice> {
        invoices::void(&api(ctx).bus, &id, &reason, &metadata(ctx))
            .await
            .map_err(gql)?;
        let written = head(ctx, invoice::Invoice::TYPE, std::slice::from_ref(&id)).await?;
        let invoice = invoice_after(ctx, &id, written).await?;
        settle_customer(ctx, &invoice.customer_id).await?;
        Ok(invoice)
    }

    /// Cash received for an invoice. `reference` (the receipt number) makes it count once:
    /// recording it again changes nothing. Paid in full (or short with `asDebt`, the
    /// shortfall becoming the customer's debt) renews the subscription by one period;
    /// overpayment becomes credit; a short payment without `asDebt` leaves the invoice open.
    /// `policy` (for a payment after expiry) defaults to `billing.late_payment_policy`.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    #[allow(clippy::too_many_arguments)]
    async fn record_cash_payment(
        &self,
        ctx: &Context<'_>,
        invoice_id: String,
        amount: Decimal,
        reference: String,
        #[graphql(default)] as_debt: bool,
        paid_at: Option<DateTime<Utc>>,
        policy: Option<RenewalPolicyName>,
    ) -> Result<PaymentOutcome> {
        let api = api(ctx);
        if reference.trim().is_empty() {
            return Err(bad("reference (the receipt number) is required"));
        }
        let input = PaymentInput {
            invoice_id: invoice_id.clone(),
            payment_ref: format!("cash:{}", reference.trim()),
            amount,
            paid_at: paid_at.unwrap_or_else(|| api.job_context.clock.now()),
            policy: policy.map_or(api.job_context.billing.late_payment_policy, Into::into),
            shortfall_as_debt: as_debt,
        };
        let outcome = billing::apply_payment(&api.bus, input, &metadata(ctx))
            .await
            .map_err(gql)?;
        let written = head(
            ctx,
            invoice::Invoice::TYPE,
            std::slice::from_ref(&invoice_id),
        )
        .await?;
        let invoice = invoice_after(ctx, &invoice_id, written).await?;
        settle_customer(ctx, &invoice.customer_id).await?;
        let renewed = head(
            ctx,
            subscription::Subscription::TYPE,
            std::slice::from_ref(&invoice.subscription_id),
        )
        .await?;
        api.settle(names::SUBSCRIPTIONS, renewed).await;
        Ok(PaymentOutcome {
            status: status_name(outcome.status).to_string(),
            outstanding: outcome.outstanding,
            renewed_until: outcome.renewed_until,
            credited: outcome.credited,
            debt_recorded: outcome.debt_recorded,
            invoice,
        })
    }
}
