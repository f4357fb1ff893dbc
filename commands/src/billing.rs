//! The payment flow: apply a payment to an invoice, then credit, record debt, and renew.
//!
//! Crash safety: every step is idempotent on its own key, and the later steps are derived
//! from the invoice's stored state rather than from what the first step returned:
//! - the invoice applies a payment once per `payment_ref` and keeps, per ref, what it caused
//!   (excess to credit, shortfall moved to debt) and when the invoice became paid;
//! - the customer adds credit / records debt once per (entry kind, `payment_ref`);
//! - the subscription renews once per invoice id.
//!
//! So re-running `apply_payment` with the same input after a crash anywhere completes the
//! missing steps and repeats none. Money steps run before the renewal, so a refused renewal
//! (say, the subscription was cancelled meanwhile) never loses the customer's credit.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_aggregates::invoice::{
    FollowUps, Invoice, InvoiceCommand, InvoiceStatus, PaymentApplication,
};
use tagih_aggregates::renewal::RenewalPolicy;
use tagih_aggregates::subscription::{RenewalRequest, Subscription};

use crate::bus::CommandBus;
use crate::customers;
use crate::error::CommandError;
use crate::metadata::Metadata;
use crate::subscriptions;

/// A payment received for an invoice (gateway callback or cash confirmed by an admin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentInput {
    pub invoice_id: String,
    /// Gateway reference or cash receipt id; the idempotency key of the whole flow.
    pub payment_ref: String,
    pub amount: Decimal,
    pub paid_at: DateTime<Utc>,
    /// The operator's setting for payments made after expiry.
    pub policy: RenewalPolicy,
    /// Manual cash only: accept a short payment and move the shortfall to the customer's debt.
    pub shortfall_as_debt: bool,
}

/// Where the payment left things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentOutcome {
    pub status: InvoiceStatus,
    /// Still owed on the invoice (zero once paid).
    pub outstanding: Decimal,
    /// The subscription's expiry after renewal, when the invoice is paid.
    pub renewed_until: Option<DateTime<Utc>>,
    pub credited: Decimal,
    pub debt_recorded: Decimal,
}

/// The work a recorded payment still implies, read from the invoice's state.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Steps {
    customer_id: String,
    subscription_id: String,
    number: String,
    follow: FollowUps,
}

fn steps(invoice: &Invoice, payment_ref: &str) -> Result<Steps, CommandError> {
    let Some(issue) = &invoice.issue else {
        return Err(CommandError::not_found("invoice not found"));
    };
    let follow = invoice.follow_ups(payment_ref).ok_or_else(|| {
        CommandError::Internal(format!(
            "payment {payment_ref} missing after it was applied"
        ))
    })?;
    Ok(Steps {
        customer_id: issue.customer_id.clone(),
        subscription_id: issue.subscription_id.clone(),
        number: issue.number.clone(),
        follow,
    })
}

pub async fn apply_payment(
    bus: &CommandBus,
    input: PaymentInput,
    meta: &Metadata,
) -> Result<PaymentOutcome, CommandError> {
    let id = input.invoice_id.as_str();
    let cmd = InvoiceCommand::ApplyPayment(PaymentApplication {
        payment_ref: input.payment_ref.clone(),
        amount: input.amount,
        paid_at: input.paid_at,
        shortfall_as_debt: input.shortfall_as_debt,
    });
    bus.execute::<Invoice>(id, cmd, &meta.with_command("ApplyPayment"))
        .await?;
    let invoice: Invoice = bus.load(id).await?;
    let payment_ref = input.payment_ref.trim();
    let s = steps(&invoice, payment_ref)?;
    let meta = meta.with_causation(format!("Invoice/{id}"));
    if !s.follow.credit.is_zero() {
        let reason = format!("overpayment of invoice {}", s.number);
        let (customer, amount) = (&s.customer_id, s.follow.credit);
        customers::add_credit(bus, customer, amount, &reason, payment_ref, &meta).await?;
    }
    if !s.follow.debt.is_zero() {
        let reason = format!("shortfall on invoice {} accepted as debt", s.number);
        let debt = customers::DebtInput {
            amount: s.follow.debt,
            invoice_id: Some(id),
            owed_since: input.paid_at,
        };
        customers::record_debt(bus, &s.customer_id, debt, &reason, payment_ref, &meta).await?;
    }
    let renewed_until = match s.follow.renew_paid_at {
        Some(paid_at) => {
            Some(renew(bus, &s.subscription_id, id, paid_at, input.policy, &meta).await?)
        }
        None => None,
    };
    Ok(PaymentOutcome {
        status: invoice.status,
        outstanding: invoice.outstanding(),
        renewed_until,
        credited: s.follow.credit,
        debt_recorded: s.follow.debt,
    })
}

/// One period per invoice, keyed by the invoice id; returns the expiry after it.
async fn renew(
    bus: &CommandBus,
    subscription_id: &str,
    invoice_id: &str,
    paid_at: DateTime<Utc>,
    policy: RenewalPolicy,
    meta: &Metadata,
) -> Result<DateTime<Utc>, CommandError> {
    let request = RenewalRequest {
        reference: invoice_id.to_string(),
        paid_at,
        policy,
        periods: 1,
    };
    subscriptions::renew(bus, subscription_id, request, meta).await?;
    let subscription: Subscription = bus.load(subscription_id).await?;
    subscription
        .expiry
        .ok_or_else(|| CommandError::not_found("subscription not found"))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use cqrs_es::Aggregate;
    use rust_decimal_macros::dec;
    use tagih_aggregates::invoice::{InvoiceEvent, InvoiceIssue};

    use super::*;

    fn at(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, 3, 0, 0).single().unwrap()
    }

    fn issued() -> Invoice {
        let mut invoice = Invoice::default();
        invoice.apply(InvoiceEvent::InvoiceIssued(InvoiceIssue {
            number: "INV/2026/000123".into(),
            customer_id: "cust-1".into(),
            subscription_id: "sub-1".into(),
            period_start: at(1),
            period_end: at(31),
            amount: dec!(150000),
            due_date: at(1),
            issued_at: at(1),
            costing: None,
        }));
        invoice
    }

    #[test]
    fn a_rerun_finds_the_same_steps_in_the_invoice_state() {
        let mut invoice = issued();
        invoice.apply(InvoiceEvent::InvoicePaid {
            payment_ref: "pay-1".into(),
            amount: dec!(160000),
            paid_at: at(2),
            paid_total: dec!(150000),
            overpaid: dec!(10000),
            shortfall_to_debt: dec!(0),
        });
        let expected = Steps {
            customer_id: "cust-1".into(),
            subscription_id: "sub-1".into(),
            number: "INV/2026/000123".into(),
            follow: FollowUps {
                renew_paid_at: Some(at(2)),
                credit: dec!(10000),
                debt: dec!(0),
            },
        };
        assert_eq!(steps(&invoice, "pay-1").unwrap(), expected);
        assert_eq!(steps(&invoice, "pay-1").unwrap(), expected);
    }

    #[test]
    fn a_missing_invoice_is_not_found_and_an_unrecorded_payment_is_internal() {
        let missing = steps(&Invoice::default(), "pay-1").unwrap_err();
        assert_eq!(missing.to_string(), "invoice not found");
        let unrecorded = steps(&issued(), "pay-1").unwrap_err();
        assert!(matches!(unrecorded, CommandError::Internal(_)));
    }
}
