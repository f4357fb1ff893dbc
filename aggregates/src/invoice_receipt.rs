//! Receipts (kuitansi) for money applied to an invoice: one per payment, numbered
//! `KW/<year>/<six digits>` from a gap-free yearly sequence the command layer takes in the
//! transaction that writes the receipt (commands::receipts).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::invoice::{Invoice, InvoiceError, InvoiceEvent};

/// A receipt as recorded on its invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Stable and unguessable where the invoice id is: the public receipt page's address.
    pub receipt_id: String,
    pub number: String,
    pub payment_ref: String,
    pub invoice_number: String,
    pub customer_id: String,
    /// What the payment brought (credit beyond the invoice included).
    pub amount: Decimal,
    pub paid_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
}

/// What the command gives; the amounts come from the invoice's own record of the payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRequest {
    pub receipt_id: String,
    pub number: String,
    pub payment_ref: String,
    pub issued_at: DateTime<Utc>,
}

/// The receipt for a payment the invoice has applied; nothing when it already has one.
pub fn decide(invoice: &Invoice, req: ReceiptRequest) -> Result<Vec<InvoiceEvent>, InvoiceError> {
    let Some(issue) = &invoice.issue else {
        return Err(InvoiceError::NotFound);
    };
    if invoice.receipts.contains_key(&req.payment_ref) {
        return Ok(vec![]);
    }
    let Some(paid) = invoice.payments.get(&req.payment_ref) else {
        return Err(InvoiceError::Invalid(format!(
            "payment {} was not applied to this invoice",
            req.payment_ref
        )));
    };
    Ok(vec![InvoiceEvent::InvoiceReceiptIssued(Receipt {
        receipt_id: req.receipt_id,
        number: req.number,
        payment_ref: req.payment_ref,
        invoice_number: issue.number.clone(),
        customer_id: issue.customer_id.clone(),
        amount: paid.amount,
        paid_at: paid.paid_at,
        issued_at: req.issued_at,
    })])
}
