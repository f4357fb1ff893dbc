//! Payment aggregate: one attempt to collect money through a plugin (gateway or cash), for
//! an invoice or a voucher sale.
//!
//! Every callback is kept as its own event, duplicates included, before anything acts on it.
//! The status follows the table in `payment_transitions`; `PaymentCompleted` is written at
//! most once per payment and is what the money flows (invoice payment, voucher sale) act on,
//! so however many confirmations arrive in whatever order, the money is credited once.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};
use crate::event_registry::WriteKey;
pub use crate::payment_refunds::{
    OpenRefund, RefundAnswer, RefundAsk, RefundAttempt, RefusedRefund, UnresolvedRefund,
};
pub use crate::payment_rules::{
    CallbackInput, CallbackRecord, Confirmation, ConfirmationSource, FeeBearer, GatewayDetails,
    GatewayResult, NewPayment, PaymentMethod, PaymentPurpose, PaymentTerms, RefundInput,
    gateway_order_id,
};
pub use crate::payment_transitions::ReviewReason;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentStatus {
    #[default]
    Pending,
    Paid,
    Failed,
    Expired,
    Refunded,
    Review,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PaymentCommand {
    CreatePayment(NewPayment),
    RecordGatewayCreated(GatewayDetails),
    RecordCallback(CallbackInput),
    ConfirmPaid(Confirmation),
    MarkFailed {
        reason: String,
        at: DateTime<Utc>,
    },
    MarkExpired {
        at: DateTime<Utc>,
    },
    /// Record a refund done (at the gateway or by hand).
    Refund(RefundInput),
    /// Before a gateway is asked to refund (ADR 0028).
    RequestRefund(RefundAsk),
    /// The gateway refused a requested refund.
    RefuseRefund(RefundAnswer),
    /// The gateway gave no final answer to a requested refund.
    LeaveRefundUnresolved(RefundAnswer),
    ResolveReview {
        approve: bool,
        admin_id: String,
        note: String,
        at: DateTime<Utc>,
    },
}

/// The money accepted, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    pub source: ConfirmationSource,
    /// What the customer paid, fees included.
    pub amount: Decimal,
    /// The part that pays the purpose (the amount less a fee the customer bore).
    pub applied: Decimal,
    pub paid_at: DateTime<Utc>,
    pub reference: Option<String>,
    /// Paid after the payment had expired: accepted, and flagged for review.
    pub late: bool,
}

/// A claim an admin has to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewCase {
    pub reason: ReviewReason,
    /// The total the payment asked for.
    pub expected: Decimal,
    pub claim: Confirmation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRecord {
    pub refund_ref: String,
    pub amount: Decimal,
    pub reason: String,
    pub refunded_at: DateTime<Utc>,
    pub admin_id: Option<String>,
    /// Refunded so far, this refund included.
    pub refunded_total: Decimal,
    /// The part of this refund that takes back what was applied to the purpose (refunds
    /// reverse the applied part first, then the customer's share of the fee).
    pub reversal: Decimal,
    /// Everything received has now been returned.
    pub full: bool,
    /// The gateway's id of the refund, when a gateway made it.
    #[serde(default)]
    pub gateway_refund_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PaymentEvent {
    PaymentCreated(PaymentTerms),
    PaymentGatewayCreated(GatewayDetails),
    PaymentCallbackReceived(CallbackRecord),
    PaymentCompleted(Completion),
    PaymentSentToReview(ReviewCase),
    PaymentReviewFlagged(ReviewCase),
    PaymentReviewResolved {
        approved: bool,
        admin_id: String,
        note: String,
        resolved_at: DateTime<Utc>,
    },
    PaymentFailed {
        reason: String,
        failed_at: DateTime<Utc>,
    },
    PaymentExpired {
        expired_at: DateTime<Utc>,
    },
    PaymentRefunded(RefundRecord),
    PaymentRefundRequested(RefundAttempt),
    PaymentRefundRefused(RefusedRefund),
    PaymentRefundUnresolved(UnresolvedRefund),
}

impl PaymentEvent {
    pub const PAYMENT_CREATED: &'static str = "PaymentCreated";
    pub const PAYMENT_CALLBACK_RECEIVED: &'static str = "PaymentCallbackReceived";
    pub const PAYMENT_COMPLETED: &'static str = "PaymentCompleted";
    pub const PAYMENT_FAILED: &'static str = "PaymentFailed";
}

/// The write-side lookup rows a payment event creates: a created payment's order id at its
/// gateway, so a callback finds the payment without a read model (ADR 0022).
pub fn write_keys(event: &PaymentEvent) -> Vec<WriteKey> {
    match event {
        PaymentEvent::PaymentCreated(terms) => vec![WriteKey::PaymentOrder {
            plugin: terms.method.plugin.clone(),
            order_id: terms.gateway_order_id.clone(),
        }],
        _ => Vec::new(),
    }
}

impl DomainEvent for PaymentEvent {
    fn event_type(&self) -> String {
        match self {
            Self::PaymentCreated(_) => Self::PAYMENT_CREATED,
            Self::PaymentGatewayCreated(_) => "PaymentGatewayCreated",
            Self::PaymentCallbackReceived(_) => Self::PAYMENT_CALLBACK_RECEIVED,
            Self::PaymentCompleted(_) => Self::PAYMENT_COMPLETED,
            Self::PaymentSentToReview(_) => "PaymentSentToReview",
            Self::PaymentReviewFlagged(_) => "PaymentReviewFlagged",
            Self::PaymentReviewResolved { .. } => "PaymentReviewResolved",
            Self::PaymentFailed { .. } => Self::PAYMENT_FAILED,
            Self::PaymentExpired { .. } => "PaymentExpired",
            Self::PaymentRefunded(_) => "PaymentRefunded",
            Self::PaymentRefundRequested(_) => "PaymentRefundRequested",
            Self::PaymentRefundRefused(_) => "PaymentRefundRefused",
            Self::PaymentRefundUnresolved(_) => "PaymentRefundUnresolved",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("{0}")]
    Invalid(String),
    #[error("a different payment already exists under this id")]
    AlreadyExists,
    #[error("payment not found")]
    NotFound,
    #[error("the gateway details of this payment were already recorded")]
    GatewayAlreadyRecorded,
    #[error("only a paid payment can be refunded")]
    NotPaid,
    #[error("payment is already fully refunded")]
    FullyRefunded,
    #[error("refund exceeds what is left to refund ({refundable})")]
    RefundExceedsPaid { refundable: Decimal },
    #[error("refund {0} was already recorded with a different amount")]
    RefundRefReused(String),
    #[error("payment has nothing awaiting review")]
    NothingToReview,
}

impl HasErrorKind for PaymentError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::AlreadyExists | Self::GatewayAlreadyRecorded | Self::RefundRefReused(_) => {
                ErrorKind::Conflict
            }
            Self::NotFound => ErrorKind::NotFound,
            Self::NotPaid
            | Self::FullyRefunded
            | Self::RefundExceedsPaid { .. }
            | Self::NothingToReview => ErrorKind::Rejected,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    pub terms: Option<PaymentTerms>,
    pub status: PaymentStatus,
    pub gateway: Option<GatewayDetails>,
    /// Callbacks received (their bodies live in the events).
    pub callbacks: u32,
    pub completion: Option<Completion>,
    /// The claim that put the payment in REVIEW (while it is there).
    pub held: Option<ReviewCase>,
    /// Every claim sent to review or flagged, so a repeated claim is recorded once.
    pub cases: Vec<ReviewCase>,
    /// An admin should look at this payment (late, mismatched or repeated money).
    pub review_flag: bool,
    /// It expired at some point: money accepted afterwards is late.
    pub expired_before: bool,
    pub failure: Option<String>,
    pub refunds: BTreeMap<String, RefundRecord>,
    pub refunded_total: Decimal,
    pub reversed_total: Decimal,
    /// Refunds asked of the gateway without a final answer yet, by refund ref.
    #[serde(default)]
    pub open_refunds: BTreeMap<String, OpenRefund>,
    /// Refunds the gateway refused, by refund ref.
    #[serde(default)]
    pub refusals: BTreeMap<String, RefusedRefund>,
}

impl Payment {
    pub fn decide(&self, cmd: PaymentCommand) -> Result<Vec<PaymentEvent>, PaymentError> {
        use PaymentCommand as C;
        use PaymentEvent as E;
        let Some(terms) = &self.terms else {
            return match cmd {
                C::CreatePayment(new) => Ok(vec![E::PaymentCreated(new.validated()?)]),
                _ => Err(PaymentError::NotFound),
            };
        };
        match cmd {
            // A retried create with the same terms is a no-op.
            C::CreatePayment(new) if &new.clone().validated()? == terms => Ok(vec![]),
            C::CreatePayment(_) => Err(PaymentError::AlreadyExists),
            C::RecordGatewayCreated(details) => self.gateway_created(details),
            C::RecordCallback(callback) => {
                Ok(vec![E::PaymentCallbackReceived(callback.recorded())])
            }
            C::ConfirmPaid(claim) => self.confirm(terms, claim.validated()?),
            C::MarkFailed { reason, at } => self.fail(&reason, at),
            C::MarkExpired { at } => self.expire(at),
            C::Refund(refund) => self.refund(refund.validated()?),
            C::RequestRefund(ask) => self.request_refund(ask),
            C::RefuseRefund(answer) => self.refuse_refund(answer),
            C::LeaveRefundUnresolved(answer) => self.leave_refund_unresolved(answer),
            C::ResolveReview {
                approve,
                admin_id,
                note,
                at,
            } => self.resolve(terms, approve, &admin_id, note, at),
        }
    }

    /// What is still refundable (zero unless the payment completed).
    pub fn refundable(&self) -> Decimal {
        self.completion
            .as_ref()
            .map_or(Decimal::ZERO, |c| c.amount - self.refunded_total)
    }

    fn gateway_created(&self, details: GatewayDetails) -> Result<Vec<PaymentEvent>, PaymentError> {
        let details = details.validated()?;
        match &self.gateway {
            Some(known) if *known == details => Ok(vec![]),
            Some(_) => Err(PaymentError::GatewayAlreadyRecorded),
            None => Ok(vec![PaymentEvent::PaymentGatewayCreated(details)]),
        }
    }

    fn apply_status(&mut self, event: &PaymentEvent) {
        use PaymentEvent as E;
        match event {
            E::PaymentCompleted(c) => {
                self.status = PaymentStatus::Paid;
                self.review_flag = c.late && !c.source.is_admin();
                self.held = None;
                self.completion = Some(c.clone());
            }
            E::PaymentSentToReview(case) => {
                self.status = PaymentStatus::Review;
                self.review_flag = true;
                self.held = Some(case.clone());
                self.cases.push(case.clone());
            }
            E::PaymentReviewFlagged(case) => {
                self.review_flag = true;
                self.cases.push(case.clone());
            }
            E::PaymentReviewResolved { approved, .. } => {
                self.review_flag = false;
                if self.status == PaymentStatus::Review && !approved {
                    self.status = PaymentStatus::Failed;
                    self.failure = Some("rejected in review".into());
                    self.held = None;
                }
            }
            E::PaymentFailed { reason, .. } => {
                self.status = PaymentStatus::Failed;
                self.failure = Some(reason.clone());
            }
            E::PaymentExpired { .. } => {
                self.status = PaymentStatus::Expired;
                self.expired_before = true;
            }
            E::PaymentRefunded(r) => {
                self.refunded_total = r.refunded_total;
                self.reversed_total += r.reversal;
                if r.full {
                    self.status = PaymentStatus::Refunded;
                }
                self.refunds.insert(r.refund_ref.clone(), r.clone());
                self.open_refunds.remove(&r.refund_ref);
            }
            other => self.apply_refund_request(other),
        }
    }
}

impl Aggregate for Payment {
    const TYPE: &'static str = "Payment";
    type Command = PaymentCommand;
    type Event = PaymentEvent;
    type Error = PaymentError;
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
        use PaymentEvent as E;
        match event {
            E::PaymentCreated(terms) => self.terms = Some(terms),
            E::PaymentGatewayCreated(details) => self.gateway = Some(details),
            E::PaymentCallbackReceived(_) => self.callbacks += 1,
            other => self.apply_status(&other),
        }
    }
}

#[cfg(test)]
#[path = "payment_tests.rs"]
mod tests;
