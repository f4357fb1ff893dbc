//! A refund made at the gateway through the plugin's `refund` (ADR 0028): requested
//! first, the gateway asked by exactly one caller (with an idempotency key that is the
//! same for every retry of the refund), its answer recorded — refunded (the ledger is
//! reversed once), refused (final, with the gateway's reason), or no final answer yet.
//! A caller that finds another one asking waits for that outcome instead of asking too.

use std::time::Duration;

use tagih_aggregates::payment::{Payment, RefundInput};
use tagih_commands::refunds::{self, Claim};
use tagih_commands::{Metadata, SharedClock, payments};
use tagih_plugins::contract::{RefundOutcome, RefundRequest, RefundStatus};

use super::gateway::Ready;
use super::service::{PaymentFlowError, PaymentService};

/// How long a caller waits for another caller's gateway call (a plugin call's deadline is
/// 30 s) before answering that the refund is still being asked.
const WAIT_FOR_OTHER: Duration = Duration::from_secs(40);

impl PaymentService {
    /// Has the gateway refund `refund` of payment `id` and records the outcome. `Ok` once
    /// the refund is recorded as made (now or by an earlier call).
    pub async fn refund_at_gateway(
        &self,
        ready: &Ready,
        id: &str,
        refund: RefundInput,
        clock: &SharedClock,
        meta: &Metadata,
    ) -> Result<(), PaymentFlowError> {
        let plugin = ready.loaded.plugin.manifest().id().to_string();
        let started = tokio::time::Instant::now();
        let mut pause = Duration::from_millis(20);
        loop {
            let input = RefundInput {
                refunded_at: clock.now(),
                ..refund.clone()
            };
            match refunds::request(&self.bus, id, input, &plugin, meta).await? {
                Claim::Done => return Ok(()),
                Claim::Refused(reason) => return Err(PaymentFlowError::RefundRefused(reason)),
                Claim::Call { .. } => return self.ask(ready, id, refund, clock, meta).await,
                Claim::Wait if started.elapsed() >= WAIT_FOR_OTHER => {
                    return Err(PaymentFlowError::RefundPending(
                        "another request is still asking the gateway for this refund; ask again with the same refundRef".into(),
                    ));
                }
                Claim::Wait => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_millis(250));
                }
            }
        }
    }

    /// The one call to the gateway for this attempt, and its outcome recorded.
    async fn ask(
        &self,
        ready: &Ready,
        id: &str,
        refund: RefundInput,
        clock: &SharedClock,
        meta: &Metadata,
    ) -> Result<(), PaymentFlowError> {
        let payment: Payment = self.bus.load(id).await?;
        let terms = payment
            .terms
            .as_ref()
            .ok_or_else(|| PaymentFlowError::Retry("payment vanished".into()))?;
        let refund_ref = refund.refund_ref.trim().to_string();
        let request = RefundRequest {
            order_id: terms.gateway_order_id.clone(),
            gateway_reference: payment
                .gateway
                .as_ref()
                .map_or_else(|| terms.gateway_order_id.clone(), |g| g.reference.clone()),
            amount: refund.amount,
            reason: refund.reason.trim().to_string(),
            refund_ref: refund_ref.clone(),
            idempotency_key: refunds::gateway_key(id, &refund_ref),
        };
        let result = ready
            .loaded
            .plugin
            .refund(&request, ready.ctx.clone())
            .await;
        let name = &terms.method.plugin;
        super::health::record(&self.bus, name, ready.state.failing.is_some(), &result).await;
        let key = refund_ref.as_str();
        let unresolved = |note: String, status: Option<String>| async move {
            refunds::leave_unresolved(&self.bus, id, key, &note, status, clock.now(), meta).await
        };
        let outcome: RefundOutcome = match result {
            Ok(outcome) => outcome,
            Err(e) => {
                let note = e.to_string();
                unresolved(note.clone(), None).await?;
                return Err(PaymentFlowError::GatewayUnavailable(note));
            }
        };
        match outcome.status {
            RefundStatus::Refunded if outcome.amount == refund.amount => {
                let done = RefundInput {
                    gateway_refund_id: Some(outcome.refund_reference),
                    refunded_at: clock.now(),
                    ..refund
                };
                payments::refund(&self.bus, id, done, meta).await?;
                Ok(())
            }
            RefundStatus::Refunded => {
                // Never record money the gateway says it moved differently: an admin
                // checks at the gateway and records what it did (`recordOnly`).
                let note = format!(
                    "the gateway reports refunding {} instead of {}; check it at the gateway",
                    outcome.amount, refund.amount
                );
                unresolved(note.clone(), outcome.gateway_status).await?;
                Err(PaymentFlowError::Gateway(note))
            }
            RefundStatus::Refused => {
                let reason = outcome.reason.unwrap_or_else(|| "refused".into());
                let status = outcome.gateway_status;
                refunds::refuse(
                    &self.bus,
                    id,
                    &refund_ref,
                    &reason,
                    status,
                    clock.now(),
                    meta,
                )
                .await?;
                Err(PaymentFlowError::RefundRefused(reason))
            }
            RefundStatus::Pending => {
                let note = "the gateway accepted the refund and is still processing it; ask again with the same refundRef for the outcome";
                unresolved(note.into(), outcome.gateway_status).await?;
                Err(PaymentFlowError::RefundPending(note.into()))
            }
        }
    }
}
