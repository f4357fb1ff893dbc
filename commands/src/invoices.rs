//! Invoices: issue one per subscription period (onto a deterministic id), and void.
//!
//! The id is derived from (subscription, period start), so a scheduler that runs twice, or
//! two that race, can never bill the same period twice: the second issue lands on the same
//! stream and is a no-op (same content) or a conflict.

use chrono::{DateTime, SecondsFormat, Utc};
use tagih_aggregates::billing_cycle::WIB;
use tagih_aggregates::invoice::{Invoice, InvoiceCommand as C, InvoiceIssue, InvoiceStatus};
use tagih_aggregates::invoice_rules::InvoiceCosting;
use tagih_aggregates::ppp_profile::PppProfile;
use tagih_aggregates::subscription::{NewSubscription, Subscription, SubscriptionStatus};
use tagih_aggregates::subscription_spec::{Plan, SubscriptionKind};
use tagih_aggregates::voucher_profile::VoucherProfile;
use uuid::Uuid;

use crate::bus::{CommandBus, Written};
use crate::customers;
use crate::error::CommandError;
use crate::metadata::Metadata;

/// Namespace for invoice ids: uuid v5 of "subscription/period start (RFC 3339, UTC)".
const INVOICE_NS: Uuid = Uuid::from_u128(0x3a8e_51c7_0b4d_4f21_9e6a_d27c_84f0_1b59);

pub fn invoice_id(subscription_id: &str, period_start: DateTime<Utc>) -> String {
    let start = period_start.to_rfc3339_opts(SecondsFormat::Secs, true);
    let key = format!("{}/{start}", subscription_id.trim());
    Uuid::new_v5(&INVOICE_NS, key.as_bytes()).to_string()
}

/// Issues the invoice of one period of a subscription that belongs to the given customer.
pub async fn issue(
    bus: &CommandBus,
    issue: InvoiceIssue,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let subscription: Subscription = bus.load(issue.subscription_id.trim()).await?;
    match subscription.customer_id() {
        None => return Err(CommandError::not_found("subscription not found")),
        Some(c) if c != issue.customer_id.trim() => {
            return Err(CommandError::invalid(
                "subscription belongs to another customer",
            ));
        }
        Some(_) => {}
    }
    let id = invoice_id(&issue.subscription_id, issue.period_start);
    let written = bus
        .execute::<Invoice>(
            &id,
            C::IssueInvoice(issue),
            &meta.with_command("IssueInvoice"),
        )
        .await?;
    Ok((id, written))
}

/// Voids an open invoice; what was already paid towards it becomes the customer's credit.
/// Safe to re-run: the void and the credit (reference `void:<invoice id>`) each apply once.
/// Returns where the last of its writes landed.
pub async fn void(
    bus: &CommandBus,
    id: &str,
    reason: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::VoidInvoice {
        reason: reason.to_string(),
    };
    let written = bus
        .execute::<Invoice>(id, cmd, &meta.with_command("VoidInvoice"))
        .await?;
    let invoice: Invoice = bus.load(id).await?;
    let Some(issue) = invoice
        .issue
        .filter(|_| invoice.status == InvoiceStatus::Void)
    else {
        return Ok(written);
    };
    if invoice.paid_total.is_zero() {
        return Ok(written);
    }
    let reason = format!("paid towards voided invoice {}", issue.number);
    let meta = meta.with_causation(format!("Invoice/{id}"));
    let reference = format!("void:{id}");
    customers::add_credit(
        bus,
        &issue.customer_id,
        invoice.paid_total,
        &reason,
        &reference,
        &meta,
    )
    .await
}

/// Issues the invoice for the subscription's next period (the one starting at its current
/// expiry), due at that expiry. Idempotent: an already issued period returns its id and no
/// new number is taken. `Ok(None)` when the subscription is cancelled.
pub async fn issue_next_period(
    bus: &CommandBus,
    subscription_id: &str,
    now: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Option<(String, Written)>, CommandError> {
    let s: Subscription = bus.load(subscription_id).await?;
    let (Some(created), Some(plan), Some(expiry)) = (&s.created, &s.plan, s.expiry) else {
        return Err(CommandError::not_found("subscription not found"));
    };
    if s.status == SubscriptionStatus::Cancelled {
        return Ok(None);
    }
    let id = invoice_id(subscription_id, expiry);
    let existing: Invoice = bus.load(&id).await?;
    if existing.issue.is_some() {
        return Ok(Some((id, Written::default())));
    }
    let period_end = plan
        .cycle
        .next_expiry(expiry, s.anchor_day, WIB)
        .ok_or_else(|| CommandError::invalid("expiry is out of range"))?;
    let number = crate::invoice_numbers::next_number(bus.pool(), now).await?;
    let issue_cmd = InvoiceIssue {
        number,
        customer_id: created.customer_id.clone(),
        subscription_id: subscription_id.to_string(),
        period_start: expiry,
        period_end,
        amount: plan.price,
        due_date: expiry,
        issued_at: now,
        costing: Some(costing(bus, created, plan).await?),
    };
    issue(bus, issue_cmd, meta).await.map(Some)
}

/// The location, profile and cost price of one period, as they are now: a PPPoE
/// subscription costs its PPP profile's cost, a hotspot one its hotspot profile's.
async fn costing(
    bus: &CommandBus,
    created: &NewSubscription,
    plan: &Plan,
) -> Result<InvoiceCosting, CommandError> {
    let location = &created.location_id;
    let cost = match created.kind {
        SubscriptionKind::Pppoe => {
            let id = crate::ppp_profiles::ppp_profile_id(location, &plan.profile);
            bus.load::<PppProfile>(&id).await?.cost
        }
        SubscriptionKind::Hotspot => {
            let id = crate::voucher_profiles::profile_id(location, &plan.profile);
            let profile: VoucherProfile = bus.load(&id).await?;
            profile.spec.map(|s| s.price_cost).unwrap_or_default()
        }
    };
    Ok(InvoiceCosting {
        location_id: location.clone(),
        profile: plan.profile.clone(),
        cost,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn one_period_of_one_subscription_has_one_invoice_id() {
        let start = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).single().unwrap();
        let next = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).single().unwrap();
        assert_eq!(invoice_id("sub-1", start), invoice_id(" sub-1 ", start));
        assert_ne!(invoice_id("sub-1", start), invoice_id("sub-1", next));
        assert_ne!(invoice_id("sub-1", start), invoice_id("sub-2", start));
    }
}
