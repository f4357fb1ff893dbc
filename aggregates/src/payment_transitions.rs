//! The payment state machine as one table: what each signal does in each status.
//!
//! Rules (gateways.md §1.3/§1.4): PAID is never downgraded; EXPIRED → PAID is allowed
//! (the money really arrived) but flagged for review; PAID → REFUNDED is the only exit
//! from PAID; an amount that differs from the total goes to REVIEW, never to PAID; a
//! payment completes at most once. Signals that change nothing (a failure callback after
//! the money arrived, an expiry after a failure) are ignored, not refused: gateways
//! deliver out of order, and the callback itself is kept as its own event anyway.

use crate::payment::{PaymentError, PaymentStatus};

/// What happened, reduced to what the table needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Someone says the money arrived; `exact`: the amount equals the expected total.
    Confirm {
        exact: bool,
        by_admin: bool,
    },
    Fail,
    Expire,
    Refund,
    Approve,
    Reject,
}

/// Why a payment waits for an admin, or why a paid one is flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    /// The amount received differs from the total asked for.
    AmountMismatch,
    /// Money arrived for a payment the gateway had reported failed.
    PaidAfterFailure,
    /// A second confirmation for a paid payment, with another reference or amount: the
    /// customer may have paid twice.
    SecondConfirmation,
}

/// What the aggregate does about a signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The money is accepted: `PaymentCompleted` (the only way to PAID).
    Complete,
    /// Hold for an admin: status REVIEW, nothing credited.
    Review(ReviewReason),
    /// Already in REVIEW: keep the new claim as evidence (once per claim).
    Evidence,
    /// Already paid: a repeat is a no-op, anything else flags the paid payment.
    FlagIfNew,
    Fail,
    Expire,
    Refund,
    /// An admin decided a payment held in REVIEW.
    Decide,
    /// An admin acknowledged the flag on a paid payment (status unchanged).
    ClearFlag,
    Ignore,
    Refuse(PaymentError),
}

/// The transition table.
pub fn transition(status: PaymentStatus, signal: Signal) -> Effect {
    use Effect as E;
    use PaymentStatus as S;
    use Signal as G;
    match (status, signal) {
        (S::Pending | S::Expired, G::Confirm { exact: true, .. }) => E::Complete,
        (S::Pending | S::Expired, G::Confirm { exact: false, .. }) => {
            E::Review(ReviewReason::AmountMismatch)
        }
        (S::Failed, G::Confirm { .. }) => E::Review(ReviewReason::PaidAfterFailure),
        // Leaving REVIEW is an admin's call; only their exact confirmation completes it.
        (
            S::Review,
            G::Confirm {
                exact: true,
                by_admin: true,
            },
        ) => E::Complete,
        (S::Review, G::Confirm { .. }) => E::Evidence,
        (S::Paid | S::Refunded, G::Confirm { .. }) => E::FlagIfNew,

        (S::Pending, G::Fail) => E::Fail,
        (S::Pending, G::Expire) => E::Expire,
        (_, G::Fail | G::Expire) => E::Ignore,

        (S::Paid, G::Refund) => E::Refund,
        (S::Refunded, G::Refund) => E::Refuse(PaymentError::FullyRefunded),
        (_, G::Refund) => E::Refuse(PaymentError::NotPaid),

        (S::Review, G::Approve | G::Reject) => E::Decide,
        (S::Paid | S::Refunded, G::Approve | G::Reject) => E::ClearFlag,
        (_, G::Approve | G::Reject) => E::Refuse(PaymentError::NothingToReview),
    }
}
