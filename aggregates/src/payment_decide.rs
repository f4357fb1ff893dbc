//! The decisions of the payment aggregate that follow the transition table: confirmations,
//! failure, expiry, refunds and review.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::payment::{
    Completion, Confirmation, ConfirmationSource, Payment, PaymentError, PaymentEvent,
    PaymentTerms, RefundInput, RefundRecord, ReviewCase,
};
use crate::payment_rules::text;
use crate::payment_transitions::{Effect, ReviewReason, Signal, transition};

type Decided = Result<Vec<PaymentEvent>, PaymentError>;

fn same_reference(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        // A claim without a reference (a manual confirmation) matches on the amount alone.
        _ => true,
    }
}

impl Payment {
    /// Effects that need no data beyond the signal itself.
    fn plain(effect: Effect) -> Decided {
        match effect {
            Effect::Ignore => Ok(vec![]),
            Effect::Refuse(e) => Err(e),
            other => Err(PaymentError::Invalid(format!("no rule for {other:?} here"))),
        }
    }

    /// A claim already recorded for review (same amount and reference).
    fn seen(&self, claim: &Confirmation) -> bool {
        self.cases
            .iter()
            .any(|c| c.claim.amount == claim.amount && c.claim.reference == claim.reference)
    }

    fn completed(&self, terms: &PaymentTerms, claim: Confirmation) -> PaymentEvent {
        PaymentEvent::PaymentCompleted(Completion {
            applied: terms.applied_part(claim.amount),
            amount: claim.amount,
            paid_at: claim.paid_at,
            reference: claim.reference,
            source: claim.source,
            late: self.expired_before,
        })
    }

    pub(crate) fn confirm(&self, terms: &PaymentTerms, claim: Confirmation) -> Decided {
        let exact = claim.amount == terms.total;
        let by_admin = claim.source.is_admin();
        let case = |reason| ReviewCase {
            reason,
            expected: terms.total,
            claim: claim.clone(),
        };
        Ok(
            match transition(self.status, Signal::Confirm { exact, by_admin }) {
                Effect::Complete if self.completion.is_none() => vec![self.completed(terms, claim)],
                Effect::Review(reason) => vec![PaymentEvent::PaymentSentToReview(case(reason))],
                Effect::Evidence if self.seen(&claim) => vec![],
                Effect::Evidence => {
                    let reason = self
                        .held
                        .as_ref()
                        .map_or(ReviewReason::AmountMismatch, |h| h.reason);
                    vec![PaymentEvent::PaymentSentToReview(case(reason))]
                }
                Effect::FlagIfNew => {
                    let repeat = self.completion.as_ref().is_some_and(|c| {
                        c.amount == claim.amount && same_reference(&c.reference, &claim.reference)
                    });
                    if repeat || self.seen(&claim) {
                        vec![]
                    } else {
                        let flagged = case(ReviewReason::SecondConfirmation);
                        vec![PaymentEvent::PaymentReviewFlagged(flagged)]
                    }
                }
                // Completing twice is impossible by construction; a guard costs nothing.
                Effect::Complete => vec![],
                other => return Self::plain(other),
            },
        )
    }

    pub(crate) fn fail(&self, reason: &str, at: DateTime<Utc>) -> Decided {
        match transition(self.status, Signal::Fail) {
            Effect::Fail => Ok(vec![PaymentEvent::PaymentFailed {
                reason: text("reason", reason, 200)?,
                failed_at: at,
            }]),
            other => Self::plain(other),
        }
    }

    pub(crate) fn expire(&self, at: DateTime<Utc>) -> Decided {
        match transition(self.status, Signal::Expire) {
            Effect::Expire => Ok(vec![PaymentEvent::PaymentExpired { expired_at: at }]),
            other => Self::plain(other),
        }
    }

    pub(crate) fn refund(&self, r: RefundInput) -> Decided {
        match self.refunds.get(&r.refund_ref) {
            Some(done) if done.amount == r.amount => return Ok(vec![]),
            Some(_) => return Err(PaymentError::RefundRefReused(r.refund_ref)),
            None => {}
        }
        // A refused ref is spent: money returned another way is recorded under a new ref.
        let requested = self.open_refunds.get(&r.refund_ref).map(|o| o.last.amount);
        if self.refusals.contains_key(&r.refund_ref) || requested.is_some_and(|a| a != r.amount) {
            return Err(PaymentError::RefundRefReused(r.refund_ref));
        }
        let effect = transition(self.status, Signal::Refund);
        let (Effect::Refund, Some(completion)) = (&effect, &self.completion) else {
            return Self::plain(effect);
        };
        self.check_refundable(&r.refund_ref, r.amount)?;
        let reversible = (completion.applied - self.reversed_total).max(Decimal::ZERO);
        let refunded_total = self.refunded_total + r.amount;
        Ok(vec![PaymentEvent::PaymentRefunded(RefundRecord {
            refund_ref: r.refund_ref,
            amount: r.amount,
            reason: r.reason,
            refunded_at: r.refunded_at,
            admin_id: r.admin_id,
            refunded_total,
            reversal: r.amount.min(reversible),
            full: refunded_total == completion.amount,
            gateway_refund_id: r.gateway_refund_id,
        })])
    }

    pub(crate) fn resolve(
        &self,
        terms: &PaymentTerms,
        approve: bool,
        admin_id: &str,
        note: String,
        at: DateTime<Utc>,
    ) -> Decided {
        let signal = if approve {
            Signal::Approve
        } else {
            Signal::Reject
        };
        let resolved = PaymentEvent::PaymentReviewResolved {
            approved: approve,
            admin_id: text("admin", admin_id, 200)?,
            note: note.trim().chars().take(500).collect(),
            resolved_at: at,
        };
        match transition(self.status, signal) {
            Effect::ClearFlag if !self.review_flag => Err(PaymentError::NothingToReview),
            Effect::ClearFlag => Ok(vec![resolved]),
            Effect::Decide if !approve => Ok(vec![resolved]),
            Effect::Decide => {
                let Some(held) = self.held.clone() else {
                    return Err(PaymentError::NothingToReview);
                };
                let source = ConfirmationSource::ReviewApproved {
                    admin_id: admin_id.trim().to_string(),
                };
                let claim = Confirmation {
                    source,
                    ..held.claim
                };
                Ok(vec![resolved, self.completed(terms, claim)])
            }
            other => Self::plain(other),
        }
    }
}
