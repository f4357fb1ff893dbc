//! Billing reads after writes: wait (bounded) for the read model to pass what a mutation
//! wrote and answer from it, or answer from the write model when it is still behind
//! (ARCHITECTURE.md §4).

use async_graphql::{Context, Result};
use chrono::Utc;
use rust_decimal::Decimal;
use tagih_aggregates::customer::Customer as CustomerAggregate;
use tagih_aggregates::invoice::{Invoice as InvoiceAggregate, InvoiceStatus};
use tagih_aggregates::subscription::{
    RouterAccountState, Subscription as SubscriptionAggregate, SubscriptionStatus,
};
use tagih_commands::Written;
use tagih_projections::billing_queries;
use tagih_projections::names;
use tagih_projections::subscriptions::{cycle_parts, kind_name};

use crate::billing_types::{Customer, Invoice, Subscription};
use crate::context::api;
use crate::error::{ApiError, gql};

/// Where the newest event of the given streams landed (nothing written: position 0).
pub async fn head(ctx: &Context<'_>, aggregate_type: &str, ids: &[String]) -> Result<Written> {
    let head = billing_queries::stream_head(&api(ctx).pool, aggregate_type, ids)
        .await
        .map_err(gql)?;
    Ok(
        head.map_or_else(Written::default, |(tx_id, position)| Written {
            tx_id,
            position,
        }),
    )
}

fn not_found(what: &str) -> async_graphql::Error {
    gql(ApiError::NotFound(format!("{what} not found")))
}

pub async fn customer_after(ctx: &Context<'_>, id: &str, written: Written) -> Result<Customer> {
    let api = api(ctx);
    api.settle(names::CUSTOMERS, written).await;
    let row = billing_queries::customer(&api.pool, id)
        .await
        .map_err(gql)?;
    if let Some(row) = row.filter(|r| r.last_position >= written.position) {
        return Ok(row.into());
    }
    let c: CustomerAggregate = api.bus.load(id).await.map_err(gql)?;
    let d = c.details.ok_or_else(|| not_found("customer"))?;
    Ok(Customer {
        id: id.to_string(),
        name: d.name,
        phone: d.phone.to_string(),
        email: d.email,
        address: d.address,
        location_id: d.location_id,
        notes: d.notes,
        active: c.active,
        balance: c.balance,
        debt: c.debt,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    })
}

fn status_name(s: SubscriptionStatus) -> &'static str {
    match s {
        SubscriptionStatus::Active => "ACTIVE",
        SubscriptionStatus::Grace => "GRACE",
        SubscriptionStatus::Disabled => "DISABLED",
        SubscriptionStatus::Cancelled => "CANCELLED",
    }
}

pub fn subscription_from_write_model(id: &str, s: SubscriptionAggregate) -> Option<Subscription> {
    let (created, plan, expiry) = (s.created?, s.plan?, s.expiry?);
    let (cycle, cycle_days) = cycle_parts(plan.cycle);
    Some(Subscription {
        id: id.to_string(),
        customer_id: created.customer_id,
        location_id: created.location_id,
        kind: kind_name(created.kind).to_string(),
        username: created.username,
        password: created.password,
        profile: plan.profile,
        price: plan.price,
        cycle: cycle.to_string(),
        cycle_days,
        anchor_day: s.anchor_day as i32,
        starts_at: created.starts_at,
        expiry,
        status: status_name(s.status).to_string(),
        auto_renew: s.auto_renew,
        renewals: s.renewals.len() as i32,
        last_paid_at: None,
        grace_since: None,
        disabled_at: None,
        cancel_reason: None,
        router_state: s.router_state.map(|r| {
            match r {
                RouterAccountState::Enabled { .. } => "ENABLED",
                RouterAccountState::Disabled => "DISABLED",
                RouterAccountState::Removed => "REMOVED",
            }
            .to_string()
        }),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    })
}

pub async fn subscription_after(
    ctx: &Context<'_>,
    id: &str,
    written: Written,
) -> Result<Subscription> {
    let api = api(ctx);
    api.settle(names::SUBSCRIPTIONS, written).await;
    let row = billing_queries::subscription(&api.pool, id)
        .await
        .map_err(gql)?;
    if let Some(row) = row.filter(|r| r.last_position >= written.position) {
        return Ok(row.into());
    }
    let s: SubscriptionAggregate = api.bus.load(id).await.map_err(gql)?;
    subscription_from_write_model(id, s).ok_or_else(|| not_found("subscription"))
}

fn invoice_from_write_model(id: &str, i: InvoiceAggregate) -> Option<Invoice> {
    let outstanding = i.outstanding();
    let issue = i.issue?;
    let credited: Decimal = i.payments.values().map(|p| p.excess).sum();
    let status = match i.status {
        InvoiceStatus::Open => "OPEN",
        InvoiceStatus::Paid => "PAID",
        InvoiceStatus::Void => "VOID",
    };
    let voided_paid = if i.status == InvoiceStatus::Void {
        i.paid_total
    } else {
        Decimal::ZERO
    };
    Some(Invoice {
        id: id.to_string(),
        number: issue.number,
        customer_id: issue.customer_id,
        subscription_id: issue.subscription_id,
        period_start: issue.period_start,
        period_end: issue.period_end,
        amount: issue.amount,
        paid_total: i.paid_total,
        outstanding,
        partially_paid: i.status == InvoiceStatus::Open && !i.paid_total.is_zero(),
        credited: credited + voided_paid,
        shortfall_to_debt: i.payments.values().map(|p| p.shortfall_to_debt).sum(),
        status: status.to_string(),
        due_date: issue.due_date,
        issued_at: issue.issued_at,
        paid_at: i.paid_at,
        payments: i.payments.len() as i32,
        void_reason: None,
        updated_at: Utc::now(),
    })
}

pub async fn invoice_after(ctx: &Context<'_>, id: &str, written: Written) -> Result<Invoice> {
    let api = api(ctx);
    api.settle(names::INVOICES, written).await;
    let row = billing_queries::invoice(&api.pool, id).await.map_err(gql)?;
    if let Some(row) = row.filter(|r| r.last_position >= written.position) {
        return Ok(row.into());
    }
    let i: InvoiceAggregate = api.bus.load(id).await.map_err(gql)?;
    invoice_from_write_model(id, i).ok_or_else(|| not_found("invoice"))
}

/// Settles the customer's ledger and totals after a flow that may have moved money.
pub async fn settle_customer(ctx: &Context<'_>, customer_id: &str) -> Result<()> {
    let written = head(ctx, "Customer", &[customer_id.to_string()]).await?;
    let api = api(ctx);
    api.settle(names::CUSTOMER_LEDGER, written).await;
    api.settle(names::CUSTOMERS, written).await;
    Ok(())
}
