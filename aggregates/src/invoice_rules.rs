//! The inputs of an invoice (issue, payment, void) and the checks each must pass.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::invoice::InvoiceError;

const MAX_NUMBER: usize = 32;
const MAX_TEXT: usize = 200;

/// An invoice for one subscription period. The number (e.g. `INV/2026/000123`) is allocated
/// by the caller from a gap-free sequence; the aggregate only checks its shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceIssue {
    pub number: String,
    pub customer_id: String,
    pub subscription_id: String,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub amount: Decimal,
    pub due_date: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    /// Where the service runs and what a period of it costs the operator, fixed at issue
    /// so the finance report never re-reads a profile's current cost. Absent in invoices
    /// issued before costs were recorded (cost zero).
    #[serde(default)]
    pub costing: Option<InvoiceCosting>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceCosting {
    pub location_id: String,
    /// The subscription's profile (PPP or hotspot) when the invoice was issued.
    pub profile: String,
    pub cost: Decimal,
}

/// A payment towards an invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentApplication {
    /// Gateway reference or cash receipt id: the payment is applied once per ref.
    pub payment_ref: String,
    pub amount: Decimal,
    pub paid_at: DateTime<Utc>,
    /// Manual cash only: accept a short payment as settling the invoice and move the
    /// shortfall to the customer's debt (so the subscription renews now).
    pub shortfall_as_debt: bool,
}

fn invalid(msg: impl Into<String>) -> InvoiceError {
    InvoiceError::Invalid(msg.into())
}

fn required(field: &str, value: &str) -> Result<String, InvoiceError> {
    crate::bounds::text(field, value, MAX_TEXT).map_err(invalid)
}

fn positive(field: &'static str, amount: Decimal) -> Result<Decimal, InvoiceError> {
    let amount = crate::bounds::amount(field, amount).map_err(invalid)?;
    if amount.is_zero() {
        return Err(invalid(format!("{field} must be positive")));
    }
    Ok(amount)
}

impl InvoiceIssue {
    pub fn validated(self) -> Result<Self, InvoiceError> {
        let number = self.number.trim().to_string();
        let number_ok = |c: char| c.is_ascii_alphanumeric() || "/-_.".contains(c);
        if number.is_empty() || number.len() > MAX_NUMBER || !number.chars().all(number_ok) {
            return Err(invalid(
                "invoice number must be 1-32 letters, digits, '/', '-', '_' or '.'",
            ));
        }
        for (field, at) in [
            ("period start", self.period_start),
            ("period end", self.period_end),
            ("due date", self.due_date),
            ("issue date", self.issued_at),
        ] {
            crate::bounds::date(field, at).map_err(invalid)?;
        }
        if self.period_end <= self.period_start {
            return Err(invalid("period must end after it starts"));
        }
        Ok(Self {
            number,
            customer_id: required("customer", &self.customer_id)?,
            subscription_id: required("subscription", &self.subscription_id)?,
            amount: positive("amount", self.amount)?,
            ..self
        })
    }
}

pub(crate) fn checked_payment(p: PaymentApplication) -> Result<PaymentApplication, InvoiceError> {
    Ok(PaymentApplication {
        payment_ref: required("payment reference", &p.payment_ref)?,
        amount: positive("amount", p.amount)?,
        paid_at: crate::bounds::date("payment date", p.paid_at).map_err(invalid)?,
        ..p
    })
}

pub(crate) fn checked_reason(reason: &str) -> Result<String, InvoiceError> {
    required("reason", reason)
}
