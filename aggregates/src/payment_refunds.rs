//! Refunds asked of a gateway (ADR 0028): a refund is *requested* before the gateway is
//! called, and the gateway's answer is recorded as its outcome — `PaymentRefunded`
//! (succeeded), `PaymentRefundRefused` (refused, with the gateway's reason) or
//! `PaymentRefundUnresolved` (no final answer yet: the gateway is processing it, or could
//! not be reached; asking again with the same idempotency key is safe).
//!
//! One caller at a time talks to the gateway about a refund: the request names its caller
//! (`attempt_id`), and while that attempt is in flight a repeat of the same refund is a
//! no-op (the repeating caller waits for the outcome). An attempt that never reported back
//! (its instance stopped mid-call) may be taken over after [`IN_FLIGHT_STALE`]. An open
//! request reserves its amount, so two different refunds can never together exceed what
//! was paid.

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::payment::{Payment, PaymentError, PaymentEvent, RefundInput};
use crate::payment_rules::text;
use crate::payment_transitions::{Effect, Signal, transition};

/// Longer than a plugin call may run (its deadline is 30 s), so a live attempt is never
/// taken over.
pub const IN_FLIGHT_STALE: Duration = Duration::seconds(90);

/// One attempt to have the gateway make a refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundAttempt {
    pub refund_ref: String,
    pub amount: Decimal,
    pub reason: String,
    pub admin_id: Option<String>,
    /// The plugin asked.
    pub plugin: String,
    /// 1 for the first request, then one more per retry that called the gateway again.
    pub attempt: u32,
    /// Names the caller that talks to the gateway for this attempt.
    pub attempt_id: String,
    pub requested_at: DateTime<Utc>,
}

/// A refund the gateway refused for good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedRefund {
    pub refund_ref: String,
    pub amount: Decimal,
    /// The gateway's reason (its error code and message).
    pub reason: String,
    pub gateway_status: Option<String>,
    pub refused_at: DateTime<Utc>,
}

/// The gateway gave no final answer to an attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnresolvedRefund {
    pub refund_ref: String,
    /// What happened: "processing at the gateway", or why the gateway could not be asked.
    pub note: String,
    pub gateway_status: Option<String>,
    pub at: DateTime<Utc>,
}

/// A requested refund without a final outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenRefund {
    pub last: RefundAttempt,
    /// A caller is talking to the gateway about it now.
    pub in_flight: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundAsk {
    pub refund: RefundInput,
    pub plugin: String,
    pub attempt_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundAnswer {
    pub refund_ref: String,
    pub reason: String,
    pub gateway_status: Option<String>,
    pub at: DateTime<Utc>,
}

type Decided = Result<Vec<PaymentEvent>, PaymentError>;

impl Payment {
    /// What open requests hold back, leaving out `except`.
    pub fn reserved(&self, except: &str) -> Decimal {
        self.open_refunds
            .iter()
            .filter(|(r, _)| r.as_str() != except)
            .map(|(_, o)| o.last.amount)
            .sum()
    }

    /// A repeat of a refund already decided: a no-op with the same amount, else a reuse.
    fn decided_refund(&self, refund_ref: &str, amount: Decimal) -> Option<Decided> {
        let known = self
            .refunds
            .get(refund_ref)
            .map(|r| r.amount)
            .or_else(|| self.refusals.get(refund_ref).map(|r| r.amount))?;
        Some(if known == amount {
            Ok(vec![])
        } else {
            Err(PaymentError::RefundRefReused(refund_ref.to_string()))
        })
    }

    /// The amount a refund may take now: refundable, less what other open requests hold.
    pub(crate) fn check_refundable(
        &self,
        refund_ref: &str,
        amount: Decimal,
    ) -> Result<(), PaymentError> {
        let refundable = (self.refundable() - self.reserved(refund_ref)).max(Decimal::ZERO);
        if amount > refundable {
            return Err(PaymentError::RefundExceedsPaid { refundable });
        }
        Ok(())
    }

    pub(crate) fn request_refund(&self, ask: RefundAsk) -> Decided {
        let r = ask.refund.validated()?;
        if let Some(decided) = self.decided_refund(&r.refund_ref, r.amount) {
            return decided;
        }
        let attempt = |n: u32| {
            Ok(vec![PaymentEvent::PaymentRefundRequested(RefundAttempt {
                refund_ref: r.refund_ref.clone(),
                amount: r.amount,
                reason: r.reason.clone(),
                admin_id: r.admin_id.clone(),
                plugin: ask.plugin.clone(),
                attempt: n,
                attempt_id: ask.attempt_id.clone(),
                requested_at: r.refunded_at,
            })])
        };
        if let Some(open) = self.open_refunds.get(&r.refund_ref) {
            if open.last.amount != r.amount {
                return Err(PaymentError::RefundRefReused(r.refund_ref));
            }
            let live = open.in_flight && r.refunded_at - open.last.requested_at < IN_FLIGHT_STALE;
            return if live {
                Ok(vec![])
            } else {
                attempt(open.last.attempt + 1)
            };
        }
        match transition(self.status, Signal::Refund) {
            Effect::Refund if self.completion.is_some() => {}
            Effect::Refuse(e) => return Err(e),
            _ => return Err(PaymentError::NotPaid),
        }
        self.check_refundable(&r.refund_ref, r.amount)?;
        attempt(1)
    }

    fn open(&self, refund_ref: &str) -> Result<&OpenRefund, PaymentError> {
        self.open_refunds
            .get(refund_ref)
            .ok_or_else(|| PaymentError::Invalid(format!("refund {refund_ref} was not requested")))
    }

    pub(crate) fn refuse_refund(&self, a: RefundAnswer) -> Decided {
        if self.refusals.contains_key(&a.refund_ref) {
            return Ok(vec![]);
        }
        let open = self.open(&a.refund_ref)?;
        Ok(vec![PaymentEvent::PaymentRefundRefused(RefusedRefund {
            refund_ref: a.refund_ref,
            amount: open.last.amount,
            reason: text("reason", &a.reason, 300)?,
            gateway_status: a.gateway_status.map(|s| s.chars().take(100).collect()),
            refused_at: a.at,
        })])
    }

    pub(crate) fn leave_refund_unresolved(&self, a: RefundAnswer) -> Decided {
        let open = self.open(&a.refund_ref)?;
        if !open.in_flight {
            return Ok(vec![]);
        }
        Ok(vec![PaymentEvent::PaymentRefundUnresolved(
            UnresolvedRefund {
                refund_ref: a.refund_ref,
                note: a.reason.trim().chars().take(300).collect(),
                gateway_status: a.gateway_status.map(|s| s.chars().take(100).collect()),
                at: a.at,
            },
        )])
    }

    pub(crate) fn apply_refund_request(&mut self, event: &PaymentEvent) {
        match event {
            PaymentEvent::PaymentRefundRequested(a) => {
                let open = OpenRefund {
                    last: a.clone(),
                    in_flight: true,
                };
                self.open_refunds.insert(a.refund_ref.clone(), open);
            }
            PaymentEvent::PaymentRefundRefused(r) => {
                self.open_refunds.remove(&r.refund_ref);
                self.refusals.insert(r.refund_ref.clone(), r.clone());
            }
            PaymentEvent::PaymentRefundUnresolved(u) => {
                if let Some(open) = self.open_refunds.get_mut(&u.refund_ref) {
                    open.in_flight = false;
                }
            }
            _ => {}
        }
    }
}
