//! Refunds asked of a gateway (ADR 0028): who calls the gateway, and what it answered
//! short of a refund (a refusal, no final answer). A refund the gateway made is recorded
//! with `payments::refund`, which reverses the ledger.

use chrono::{DateTime, Utc};
use tagih_aggregates::payment::{
    Payment, PaymentCommand as C, RefundAnswer, RefundAsk, RefundInput,
};
use uuid::Uuid;

use crate::bus::CommandBus;
use crate::error::CommandError;
use crate::metadata::Metadata;

/// Namespace of gateway idempotency keys: uuid v5 of "payment id#refund ref".
const REFUND_KEY_NS: Uuid = Uuid::from_u128(0x3b0f_7a52_91c4_4e1d_a6b8_5d2e_0c71_f94a);

/// The idempotency key a gateway is sent for this refund: the same for every retry of it,
/// different for every other refund; `refund-` and 32 hex digits (Midtrans allows letters,
/// digits, `-` and `_` in `refund_key`).
pub fn gateway_key(payment_id: &str, refund_ref: &str) -> String {
    let name = format!("{}#{}", payment_id.trim(), refund_ref.trim());
    format!(
        "refund-{}",
        Uuid::new_v5(&REFUND_KEY_NS, name.as_bytes()).simple()
    )
}

/// Where a refund stands for the caller that asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This caller talks to the gateway now (attempt n).
    Call { attempt: u32 },
    /// Another caller is talking to the gateway: wait for its outcome.
    Wait,
    /// Refunded already (nothing to ask).
    Done,
    /// Refused already, with the gateway's reason.
    Refused(String),
}

/// Requests a refund at the gateway (once per refund ref; a repeat while another caller
/// is asking is a no-op) and tells this caller what to do.
pub async fn request(
    bus: &CommandBus,
    payment_id: &str,
    refund: RefundInput,
    plugin: &str,
    meta: &Metadata,
) -> Result<Claim, CommandError> {
    let refund_ref = refund.refund_ref.trim().to_string();
    let attempt_id = Uuid::new_v4().to_string();
    let ask = RefundAsk {
        refund,
        plugin: plugin.to_string(),
        attempt_id: attempt_id.clone(),
    };
    bus.execute::<Payment>(
        payment_id,
        C::RequestRefund(ask),
        &meta.with_command("RequestRefund"),
    )
    .await?;
    let payment: Payment = bus.load(payment_id).await?;
    if payment.refunds.contains_key(&refund_ref) {
        return Ok(Claim::Done);
    }
    if let Some(refused) = payment.refusals.get(&refund_ref) {
        return Ok(Claim::Refused(refused.reason.clone()));
    }
    Ok(match payment.open_refunds.get(&refund_ref) {
        Some(open) if open.last.attempt_id == attempt_id => Claim::Call {
            attempt: open.last.attempt,
        },
        Some(_) => Claim::Wait,
        None => {
            return Err(CommandError::Internal(format!(
                "refund {refund_ref} missing after it was requested"
            )));
        }
    })
}

fn answer(
    refund_ref: &str,
    reason: &str,
    gateway_status: Option<String>,
    at: DateTime<Utc>,
) -> RefundAnswer {
    RefundAnswer {
        refund_ref: refund_ref.trim().to_string(),
        reason: reason.to_string(),
        gateway_status,
        at,
    }
}

/// Records the gateway's refusal of a requested refund (final for its ref).
pub async fn refuse(
    bus: &CommandBus,
    payment_id: &str,
    refund_ref: &str,
    reason: &str,
    gateway_status: Option<String>,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<(), CommandError> {
    let cmd = C::RefuseRefund(answer(refund_ref, reason, gateway_status, at));
    bus.execute::<Payment>(payment_id, cmd, &meta.with_command("RefuseRefund"))
        .await
        .map(|_| ())
}

/// Records that the gateway gave no final answer; the next request asks again.
pub async fn leave_unresolved(
    bus: &CommandBus,
    payment_id: &str,
    refund_ref: &str,
    note: &str,
    gateway_status: Option<String>,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<(), CommandError> {
    let cmd = C::LeaveRefundUnresolved(answer(refund_ref, note, gateway_status, at));
    bus.execute::<Payment>(payment_id, cmd, &meta.with_command("LeaveRefundUnresolved"))
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refund_keeps_its_gateway_key_and_every_other_refund_has_another() {
        let key = gateway_key("pay-1", "RF-1");
        assert_eq!(key, gateway_key(" pay-1 ", "RF-1 "));
        assert_ne!(key, gateway_key("pay-1", "RF-2"));
        assert_ne!(key, gateway_key("pay-2", "RF-1"));
        assert_eq!(key.len(), 39);
        assert!(
            key.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
    }
}
