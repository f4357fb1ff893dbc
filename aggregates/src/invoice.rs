//! Invoice aggregate: what one subscription period costs, and the payments made against it.
//!
//! Open → paid (cumulative payments reach the amount, or the operator accepts a cash
//! shortfall as customer debt) or open → void. Each payment is applied exactly once per
//! `payment_ref`, and what it caused (excess to credit, shortfall moved to debt) is kept per
//! ref, so the payment flow can be re-run after a crash and re-derive the same follow-ups.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};
pub use crate::invoice_receipt::{Receipt, ReceiptRequest};
pub use crate::invoice_rules::{InvoiceIssue, PaymentApplication};
use crate::invoice_rules::{checked_payment, checked_reason};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvoiceStatus {
    #[default]
    Open,
    Paid,
    Void,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InvoiceCommand {
    IssueInvoice(InvoiceIssue),
    ApplyPayment(PaymentApplication),
    VoidInvoice { reason: String },
    IssueReceipt(ReceiptRequest),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum InvoiceEvent {
    InvoiceIssued(InvoiceIssue),
    InvoicePartiallyPaid {
        payment_ref: String,
        amount: Decimal,
        paid_at: DateTime<Utc>,
        paid_total: Decimal,
        outstanding: Decimal,
    },
    InvoicePaid {
        payment_ref: String,
        amount: Decimal,
        paid_at: DateTime<Utc>,
        /// Applied to the invoice in all; equals the invoice amount unless a shortfall
        /// was moved to debt.
        paid_total: Decimal,
        /// The part of this payment beyond what the invoice needed: credit for the customer.
        overpaid: Decimal,
        /// The part the operator accepted as customer debt instead (manual cash payments).
        shortfall_to_debt: Decimal,
    },
    /// A payment for an invoice already paid or voided: the whole amount is the customer's
    /// credit (money received is never dropped).
    InvoiceExcessPaymentReceived {
        payment_ref: String,
        amount: Decimal,
        paid_at: DateTime<Utc>,
    },
    InvoiceVoided {
        reason: String,
        /// Already paid towards the invoice; returned to the customer as credit.
        paid_total: Decimal,
    },
    InvoiceReceiptIssued(Receipt),
}

/// The stored names of the events other crates select by name (`Interests`, sagas'
/// matches): one spelling, so a rename is a compile error there.
impl InvoiceEvent {
    pub const INVOICE_ISSUED: &'static str = "InvoiceIssued";
    pub const INVOICE_PAID: &'static str = "InvoicePaid";
    pub const INVOICE_PARTIALLY_PAID: &'static str = "InvoicePartiallyPaid";
    pub const INVOICE_VOIDED: &'static str = "InvoiceVoided";
    pub const INVOICE_RECEIPT_ISSUED: &'static str = "InvoiceReceiptIssued";
}

impl DomainEvent for InvoiceEvent {
    fn event_type(&self) -> String {
        match self {
            Self::InvoiceIssued(_) => Self::INVOICE_ISSUED,
            Self::InvoicePartiallyPaid { .. } => Self::INVOICE_PARTIALLY_PAID,
            Self::InvoicePaid { .. } => Self::INVOICE_PAID,
            Self::InvoiceExcessPaymentReceived { .. } => "InvoiceExcessPaymentReceived",
            Self::InvoiceVoided { .. } => Self::INVOICE_VOIDED,
            Self::InvoiceReceiptIssued(_) => Self::INVOICE_RECEIPT_ISSUED,
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    #[error("{0}")]
    Invalid(String),
    #[error("an invoice for this period already exists")]
    AlreadyExists,
    #[error("invoice not found")]
    NotFound,
    #[error("invoice is already paid")]
    AlreadyPaid,
    #[error("payment {0} was already applied with a different amount")]
    PaymentRefReused(String),
}

impl HasErrorKind for InvoiceError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::AlreadyExists | Self::PaymentRefReused(_) => ErrorKind::Conflict,
            Self::NotFound => ErrorKind::NotFound,
            Self::AlreadyPaid => ErrorKind::Rejected,
        }
    }
}

/// One payment as the invoice recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedPayment {
    pub amount: Decimal,
    pub paid_at: DateTime<Utc>,
    /// To be credited to the customer.
    pub excess: Decimal,
    /// To be recorded as customer debt.
    pub shortfall_to_debt: Decimal,
}

/// What a payment still requires of other aggregates (each step idempotent on its own key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUps {
    /// The invoice is paid: renew its subscription as paid at this instant.
    pub renew_paid_at: Option<DateTime<Utc>>,
    pub credit: Decimal,
    pub debt: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Invoice {
    pub issue: Option<InvoiceIssue>,
    pub status: InvoiceStatus,
    /// Applied to the invoice so far (never more than its amount).
    pub paid_total: Decimal,
    /// When the invoice became paid.
    pub paid_at: Option<DateTime<Utc>>,
    pub payments: BTreeMap<String, AppliedPayment>,
    /// Receipt numbers by payment reference.
    #[serde(default)]
    pub receipts: BTreeMap<String, String>,
}

impl Invoice {
    pub fn decide(&self, cmd: InvoiceCommand) -> Result<Vec<InvoiceEvent>, InvoiceError> {
        use InvoiceCommand as C;
        use InvoiceEvent as E;
        let Some(issue) = &self.issue else {
            return match cmd {
                C::IssueInvoice(new) => Ok(vec![E::InvoiceIssued(new.validated()?)]),
                _ => Err(InvoiceError::NotFound),
            };
        };
        Ok(match (cmd, self.status) {
            // The scheduler may issue the same period twice; the same content is a no-op.
            (C::IssueInvoice(new), _) => {
                if &new.validated()? != issue {
                    return Err(InvoiceError::AlreadyExists);
                }
                vec![]
            }
            (C::ApplyPayment(p), status) => self.apply_payment(issue.amount, status, p)?,
            (C::VoidInvoice { reason }, InvoiceStatus::Open) => vec![E::InvoiceVoided {
                reason: checked_reason(&reason)?,
                paid_total: self.paid_total,
            }],
            (C::VoidInvoice { .. }, InvoiceStatus::Void) => vec![],
            (C::VoidInvoice { .. }, InvoiceStatus::Paid) => return Err(InvoiceError::AlreadyPaid),
            (C::IssueReceipt(req), _) => crate::invoice_receipt::decide(self, req)?,
        })
    }

    fn apply_payment(
        &self,
        invoice_amount: Decimal,
        status: InvoiceStatus,
        p: PaymentApplication,
    ) -> Result<Vec<InvoiceEvent>, InvoiceError> {
        let p = checked_payment(p)?;
        match self.payments.get(&p.payment_ref) {
            Some(done) if done.amount == p.amount => return Ok(vec![]),
            Some(_) => return Err(InvoiceError::PaymentRefReused(p.payment_ref)),
            None => {}
        }
        if status != InvoiceStatus::Open {
            return Ok(vec![InvoiceEvent::InvoiceExcessPaymentReceived {
                payment_ref: p.payment_ref,
                amount: p.amount,
                paid_at: p.paid_at,
            }]);
        }
        let outstanding = invoice_amount - self.paid_total;
        let applied = p.amount.min(outstanding);
        let paid_total = self.paid_total + applied;
        let shortfall = outstanding - applied;
        Ok(vec![if shortfall.is_zero() || p.shortfall_as_debt {
            InvoiceEvent::InvoicePaid {
                payment_ref: p.payment_ref,
                amount: p.amount,
                paid_at: p.paid_at,
                paid_total,
                overpaid: p.amount - applied,
                shortfall_to_debt: shortfall,
            }
        } else {
            InvoiceEvent::InvoicePartiallyPaid {
                payment_ref: p.payment_ref,
                amount: p.amount,
                paid_at: p.paid_at,
                paid_total,
                outstanding: shortfall,
            }
        }])
    }

    /// What is still owed on the invoice (zero once paid or void).
    pub fn outstanding(&self) -> Decimal {
        match (&self.issue, self.status) {
            (Some(issue), InvoiceStatus::Open) => issue.amount - self.paid_total,
            _ => Decimal::ZERO,
        }
    }

    /// What a recorded payment requires of the subscription and the customer. Derived from
    /// state, not from the command's outcome, so a re-run after a crash finds the same work.
    pub fn follow_ups(&self, payment_ref: &str) -> Option<FollowUps> {
        let payment = self.payments.get(payment_ref.trim())?;
        Some(FollowUps {
            renew_paid_at: self.paid_at.filter(|_| self.status == InvoiceStatus::Paid),
            credit: payment.excess,
            debt: payment.shortfall_to_debt,
        })
    }

    fn record(&mut self, payment_ref: String, payment: AppliedPayment) {
        self.payments.insert(payment_ref, payment);
    }
}

impl Aggregate for Invoice {
    const TYPE: &'static str = "Invoice";
    type Command = InvoiceCommand;
    type Event = InvoiceEvent;
    type Error = InvoiceError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let events = self.decide(command)?;
        crate::write_all!(self, sink, events)
    }

    fn apply(&mut self, event: Self::Event) {
        use InvoiceEvent as E;
        let zero = Decimal::ZERO;
        match event {
            E::InvoiceIssued(issue) => self.issue = Some(issue),
            E::InvoicePartiallyPaid {
                payment_ref,
                amount,
                paid_at,
                paid_total,
                ..
            } => {
                self.paid_total = paid_total;
                let (excess, shortfall_to_debt) = (zero, zero);
                let p = AppliedPayment {
                    amount,
                    paid_at,
                    excess,
                    shortfall_to_debt,
                };
                self.record(payment_ref, p);
            }
            E::InvoicePaid {
                payment_ref,
                amount,
                paid_at,
                paid_total,
                overpaid,
                shortfall_to_debt,
            } => {
                self.status = InvoiceStatus::Paid;
                self.paid_total = paid_total;
                self.paid_at = Some(paid_at);
                let excess = overpaid;
                let p = AppliedPayment {
                    amount,
                    paid_at,
                    excess,
                    shortfall_to_debt,
                };
                self.record(payment_ref, p);
            }
            E::InvoiceExcessPaymentReceived {
                payment_ref,
                amount,
                paid_at,
            } => {
                let (excess, shortfall_to_debt) = (amount, zero);
                let p = AppliedPayment {
                    amount,
                    paid_at,
                    excess,
                    shortfall_to_debt,
                };
                self.record(payment_ref, p);
            }
            E::InvoiceVoided { .. } => self.status = InvoiceStatus::Void,
            E::InvoiceReceiptIssued(r) => {
                self.receipts.insert(r.payment_ref, r.number);
            }
        }
    }
}

#[cfg(test)]
#[path = "invoice_tests.rs"]
mod tests;
