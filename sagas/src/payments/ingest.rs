//! Gateway callbacks: verified by the plugin (a forgery writes nothing), kept raw, pulled
//! back from the gateway when they claim money, and confirmed — one callback per payment at
//! a time in this instance, so a thousand duplicates queue instead of racing, and the
//! aggregate credits the money once whatever arrives.

use chrono::{DateTime, Utc};
use tagih_aggregates::payment::{ConfirmationSource, Payment};
use tagih_commands::Metadata;
use tagih_commands::payments;
use tagih_plugins::contract::{self as contract, Ack, CallbackRequest};

use super::service::{PaymentFlowError, PaymentService};

impl PaymentService {
    /// Handles one callback to `/webhooks/payments/{plugin}`; returns what the gateway
    /// expects to hear.
    pub async fn ingest(
        &self,
        plugin: &str,
        request: CallbackRequest,
        now: DateTime<Utc>,
    ) -> Result<Ack, PaymentFlowError> {
        let ready = self.plugins.ready(plugin, true, now).await?;
        let result = ready
            .loaded
            .plugin
            .handle_callback(&request, ready.ctx.clone())
            .await;
        super::health::record(&self.bus, plugin, ready.state.failing.is_some(), &result).await;
        let outcome = result.map_err(|e| PaymentFlowError::Rejected(e.to_string()))?;
        let update = outcome.payment;
        if let Some(reason) = super::quarantine::unprocessable(&request, &update) {
            self.quarantine(plugin, &request, reason, now).await?;
            return Ok(outcome.ack);
        }
        let id = payments::by_order_id(&self.bus, plugin, &update.order_id)
            .await
            .map_err(|e| PaymentFlowError::Retry(e.to_string()))?;
        let id = id.ok_or_else(|| PaymentFlowError::UnknownOrder(update.order_id.clone()))?;
        // Duplicates queue here instead of racing for the stream (waiting holds no
        // database connection); other instances meet at the optimistic-concurrency check.
        let _turn = self.turns.turn(&id).await;
        let meta = Metadata::system(&format!("webhook:payments:{plugin}"));
        let input = Self::callback_input(&request, Some(&update), now);
        payments::record_callback(&self.bus, &id, input, &meta).await?;
        let verified = if update.status == contract::PaymentStatus::Paid {
            // Never trust a "paid" callback alone: ask the gateway.
            let payment: Payment = self.bus.load(&id).await?;
            if payment.completion.is_some() {
                None
            } else {
                Some(self.check(&ready, &payment).await?)
            }
        } else {
            Some(update)
        };
        if let Some(v) = verified {
            self.apply_update(&id, &v, ConfirmationSource::Callback, now, &meta)
                .await?;
        }
        Ok(outcome.ack)
    }
}
