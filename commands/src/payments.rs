//! Payments: open an attempt for an invoice or a voucher sale, record what the gateway says,
//! complete it (paying the invoice exactly once), and refund it (reversing the ledger).
//!
//! Attempts: the payment id of an invoice's n-th attempt is uuid v5 of (invoice, n) and its
//! gateway order id `{invoice_no}-{n}`, so two attempts racing for the same n land on one
//! stream: one creates it, the other is refused and takes n + 1. Each attempt has its own
//! order id, as gateways require.
//!
//! Completion: `complete` confirms, then settles from the payment's stored state: when it
//! has a `PaymentCompleted` for an invoice, `billing::apply_payment` runs with
//! `payment_ref = payment id` and the applied amount (what was received less a fee the
//! customer bore). apply_payment is idempotent per payment_ref, so re-running after a crash,
//! or for each of a thousand duplicate callbacks, pays the invoice once.
//!
//! Refunds reverse the ledger: the part of a refund that takes back what was applied to the
//! invoice is recorded as customer debt (`DebtRecorded`, linked to the invoice, reference
//! `refund:<payment id>:<refund ref>`), so the customer owes again for the period the payment
//! bought — unless the subscription is cancelled, where the refund closes the account and no
//! debt is recorded. Credit from an overpayment is not taken back: the debt covers it in the
//! net balance. Voucher-sale refunds touch no customer ledger (the sales read model reverses
//! them from `PaymentRefunded`). The gateway refund itself (plugin `refund`) is the caller's
//! job, before recording it here; `refunds` records the request and a gateway's refusal.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_aggregates::ErrorKind;
use tagih_aggregates::invoice::{Invoice, InvoiceStatus};
use tagih_aggregates::payment::{
    CallbackInput, Confirmation, FeeBearer, GatewayDetails, NewPayment, Payment,
    PaymentCommand as C, PaymentMethod, PaymentPurpose, PaymentStatus, RefundInput,
    gateway_order_id,
};
use tagih_aggregates::renewal::RenewalPolicy;
use tagih_aggregates::subscription::{Subscription, SubscriptionStatus};
use tagih_aggregates::voucher_batch::VoucherBatch;
use uuid::Uuid;

use crate::billing::{self, PaymentInput, PaymentOutcome};
use crate::bus::{CommandBus, Written};
use crate::customers;
use crate::error::CommandError;
use crate::metadata::Metadata;

/// Namespace for invoice payment ids: uuid v5 of "invoice id#attempt".
const PAYMENT_NS: Uuid = Uuid::from_u128(0x9d41_6c0e_2f7b_4a83_b5e1_07c9_3d2a_e468);
const MAX_ATTEMPTS: u32 = 99;

pub fn invoice_payment_id(invoice_id: &str, attempt: u32) -> String {
    let key = format!("{}#{attempt}", invoice_id.trim());
    Uuid::new_v5(&PAYMENT_NS, key.as_bytes()).to_string()
}

/// The gateway order id of a voucher sale: `VS-` and the payment id's 32 hex digits.
pub fn voucher_sale_order_id(payment_id: Uuid) -> String {
    format!("VS-{}", payment_id.simple()).to_ascii_uppercase()
}

/// Pay an invoice's outstanding amount through a plugin; the fee comes from the plugin's
/// fee model (the plugin runtime computes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoicePaymentRequest {
    pub invoice_id: String,
    pub method: PaymentMethod,
    pub fee: Decimal,
    pub fee_bearer: FeeBearer,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherSaleRequest {
    pub batch_id: String,
    pub voucher_ids: Vec<String>,
    pub customer_id: Option<String>,
    pub amount: Decimal,
    pub fee: Decimal,
    pub fee_bearer: FeeBearer,
    pub method: PaymentMethod,
    pub created_at: DateTime<Utc>,
}

/// How a completed invoice payment is applied (the operator's settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settlement {
    pub policy: RenewalPolicy,
    /// Manual cash only: accept a short payment and move the shortfall to debt.
    pub shortfall_as_debt: bool,
}

/// Where a confirmation left the payment and, for an invoice, the invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completed {
    pub status: PaymentStatus,
    /// The payment has been completed (now or earlier).
    pub completed: bool,
    pub invoice: Option<PaymentOutcome>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refunded {
    pub written: Written,
    /// Recorded as customer debt by this refund (zero when nothing was reversed).
    pub debt_recorded: Decimal,
}

/// The payment with this order id at `plugin`'s gateway, from the write-side
/// `payment_orders` table (written with its `PaymentCreated`, ADR 0022): a callback finds
/// its payment the moment the payment exists, whatever the read models' lag.
pub async fn by_order_id(
    bus: &CommandBus,
    plugin: &str,
    order_id: &str,
) -> Result<Option<String>, CommandError> {
    Ok(sqlx::query_scalar(
        "select payment_id from payment_orders where order_id = $1 and plugin = $2",
    )
    .bind(order_id)
    .bind(plugin)
    .fetch_optional(bus.pool())
    .await?)
}

/// Opens the next payment attempt for an open invoice; returns the payment id.
pub async fn create_for_invoice(
    bus: &CommandBus,
    req: InvoicePaymentRequest,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let invoice: Invoice = bus.load(req.invoice_id.trim()).await?;
    let Some(issue) = &invoice.issue else {
        return Err(CommandError::not_found("invoice not found"));
    };
    if invoice.status != InvoiceStatus::Open {
        return Err(CommandError::rejected("invoice is not open"));
    }
    let meta = meta.with_command("CreatePayment");
    for attempt in 1..=MAX_ATTEMPTS {
        let id = invoice_payment_id(&req.invoice_id, attempt);
        if bus.load::<Payment>(&id).await?.terms.is_some() {
            continue;
        }
        let new = NewPayment {
            purpose: PaymentPurpose::Invoice {
                invoice_id: req.invoice_id.trim().to_string(),
                subscription_id: issue.subscription_id.clone(),
                customer_id: issue.customer_id.clone(),
            },
            amount: invoice.outstanding(),
            fee: req.fee,
            fee_bearer: req.fee_bearer,
            method: req.method.clone(),
            gateway_order_id: gateway_order_id(&issue.number, attempt)
                .map_err(CommandError::from_domain)?,
            created_at: req.created_at,
        };
        match bus
            .execute::<Payment>(&id, C::CreatePayment(new), &meta)
            .await
        {
            Ok(written) => return Ok((id, written)),
            // Another request took this attempt between our look and our write.
            Err(CommandError::Domain {
                kind: ErrorKind::Conflict,
                ..
            }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(CommandError::rejected(
        "too many payment attempts for this invoice",
    ))
}

/// Opens a payment for vouchers of a batch; returns the payment id.
pub async fn create_voucher_sale(
    bus: &CommandBus,
    req: VoucherSaleRequest,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let batch: VoucherBatch = bus.load(req.batch_id.trim()).await?;
    if batch.record.is_none() {
        return Err(CommandError::not_found("voucher batch not found"));
    }
    let id = Uuid::new_v4();
    let new = NewPayment {
        purpose: PaymentPurpose::VoucherSale {
            batch_id: req.batch_id,
            voucher_ids: req.voucher_ids,
            customer_id: req.customer_id,
        },
        amount: req.amount,
        fee: req.fee,
        fee_bearer: req.fee_bearer,
        method: req.method,
        gateway_order_id: voucher_sale_order_id(id),
        created_at: req.created_at,
    };
    let id = id.to_string();
    let cmd = C::CreatePayment(new);
    let written = bus
        .execute::<Payment>(&id, cmd, &meta.with_command("CreatePayment"))
        .await?;
    Ok((id, written))
}

pub async fn record_gateway_created(
    bus: &CommandBus,
    id: &str,
    details: GatewayDetails,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::RecordGatewayCreated(details);
    bus.execute::<Payment>(id, cmd, &meta.with_command("RecordGatewayCreated"))
        .await
}

/// Keeps a callback as received; call it before acting on the callback.
pub async fn record_callback(
    bus: &CommandBus,
    id: &str,
    callback: CallbackInput,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::RecordCallback(callback);
    bus.execute::<Payment>(id, cmd, &meta.with_command("RecordCallback"))
        .await
}

/// A no-op unless the payment is pending (a late failure never undoes a payment).
pub async fn mark_failed(
    bus: &CommandBus,
    id: &str,
    reason: &str,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let reason = reason.to_string();
    let cmd = C::MarkFailed { reason, at };
    bus.execute::<Payment>(id, cmd, &meta.with_command("MarkFailed"))
        .await
}

/// A no-op unless the payment is pending.
pub async fn mark_expired(
    bus: &CommandBus,
    id: &str,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::MarkExpired { at };
    bus.execute::<Payment>(id, cmd, &meta.with_command("MarkExpired"))
        .await
}

/// Confirms the money and, once the payment is completed for an invoice, pays the invoice.
/// Safe to call for every duplicate confirmation and to re-run after a crash.
pub async fn complete(
    bus: &CommandBus,
    id: &str,
    confirmation: Confirmation,
    settlement: Settlement,
    meta: &Metadata,
) -> Result<Completed, CommandError> {
    let cmd = C::ConfirmPaid(confirmation);
    bus.execute::<Payment>(id, cmd, &meta.with_command("ConfirmPaid"))
        .await?;
    settle(bus, id, settlement, meta).await
}

/// An admin's decision on a payment held for review; an approval pays the invoice.
pub async fn resolve_review(
    bus: &CommandBus,
    id: &str,
    approve: bool,
    note: &str,
    at: DateTime<Utc>,
    settlement: Settlement,
    meta: &Metadata,
) -> Result<Completed, CommandError> {
    let admin_id = meta
        .actor_id
        .clone()
        .ok_or_else(|| CommandError::invalid("a review needs an admin"))?;
    let note = note.to_string();
    let cmd = C::ResolveReview {
        approve,
        admin_id,
        note,
        at,
    };
    bus.execute::<Payment>(id, cmd, &meta.with_command("ResolveReview"))
        .await?;
    settle(bus, id, settlement, meta).await
}

/// Applies a completed invoice payment to its invoice, from the payment's stored state.
/// Idempotent: the reconciler may call it for any completed payment.
pub async fn settle(
    bus: &CommandBus,
    id: &str,
    settlement: Settlement,
    meta: &Metadata,
) -> Result<Completed, CommandError> {
    let payment: Payment = bus.load(id).await?;
    let Some(terms) = &payment.terms else {
        return Err(CommandError::not_found("payment not found"));
    };
    let invoice = match (&terms.purpose, &payment.completion) {
        (PaymentPurpose::Invoice { invoice_id, .. }, Some(c)) if !c.applied.is_zero() => {
            let input = PaymentInput {
                invoice_id: invoice_id.clone(),
                payment_ref: id.to_string(),
                amount: c.applied,
                paid_at: c.paid_at,
                policy: settlement.policy,
                shortfall_as_debt: settlement.shortfall_as_debt,
            };
            let meta = meta.with_causation(format!("Payment/{id}"));
            Some(billing::apply_payment(bus, input, &meta).await?)
        }
        _ => None,
    };
    Ok(Completed {
        status: payment.status,
        completed: payment.completion.is_some(),
        invoice,
    })
}

/// Records a refund (once per `refund_ref`) and reverses the ledger as the module says.
pub async fn refund(
    bus: &CommandBus,
    id: &str,
    input: RefundInput,
    meta: &Metadata,
) -> Result<Refunded, CommandError> {
    let refund_ref = input.refund_ref.trim().to_string();
    let written = bus
        .execute::<Payment>(id, C::Refund(input), &meta.with_command("RefundPayment"))
        .await?;
    let none = Refunded {
        written,
        debt_recorded: Decimal::ZERO,
    };
    let payment: Payment = bus.load(id).await?;
    let (Some(terms), Some(record)) = (&payment.terms, payment.refunds.get(&refund_ref)) else {
        return Err(CommandError::Internal(format!(
            "refund {refund_ref} missing after it was recorded"
        )));
    };
    let PaymentPurpose::Invoice {
        invoice_id,
        subscription_id,
        customer_id,
    } = &terms.purpose
    else {
        return Ok(none);
    };
    let subscription: Subscription = bus.load(subscription_id).await?;
    if record.reversal.is_zero() || subscription.status == SubscriptionStatus::Cancelled {
        return Ok(none);
    }
    let reason = format!("refund of payment {}", terms.gateway_order_id);
    let reference = format!("refund:{id}:{refund_ref}");
    let meta = meta.with_causation(format!("Payment/{id}"));
    let amount = record.reversal;
    let debt = customers::DebtInput {
        amount,
        invoice_id: Some(invoice_id.as_str()),
        owed_since: record.refunded_at,
    };
    let written =
        customers::record_debt(bus, customer_id, debt, &reason, &reference, &meta).await?;
    Ok(Refunded {
        written,
        debt_recorded: amount,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_attempt_of_an_invoice_has_its_own_stable_payment_id() {
        assert_eq!(
            invoice_payment_id("inv-1", 1),
            invoice_payment_id(" inv-1 ", 1)
        );
        assert_ne!(
            invoice_payment_id("inv-1", 1),
            invoice_payment_id("inv-1", 2)
        );
        assert_ne!(
            invoice_payment_id("inv-1", 1),
            invoice_payment_id("inv-2", 1)
        );
    }

    #[test]
    fn a_voucher_sale_order_id_fits_the_gateways_limits() {
        let order = voucher_sale_order_id(Uuid::new_v4());
        assert_eq!(order.len(), 35);
        let ok = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-';
        assert!(order.starts_with("VS-") && order.chars().all(ok), "{order}");
    }
}
