//! Payment flows through plugins: open a payment at the gateway, ingest a gateway callback
//! (verify, keep, pull-verify, confirm once), and reconcile payments whose callbacks never
//! came. The money itself moves only through `commands::payments`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_aggregates::customer::Customer;
use tagih_aggregates::invoice::Invoice;
use tagih_aggregates::payment::{
    CallbackInput, Confirmation, ConfirmationSource, FeeBearer, GatewayDetails, GatewayResult,
    Payment, PaymentMethod, PaymentStatus,
};
use tagih_commands::payments::{self, InvoicePaymentRequest, Settlement};
use tagih_commands::{CommandBus, CommandError, Metadata};
use tagih_plugins::PluginError;
use tagih_plugins::contract::{
    self as contract, CallbackRequest, PaymentRequest, PaymentUpdate, StatusRequest,
};
use tagih_plugins::fees::ChargedTo;

use super::gateway::{PaymentGateway, PluginUseError, Ready};

#[derive(Debug, thiserror::Error)]
pub enum PaymentFlowError {
    #[error(transparent)]
    Plugin(#[from] PluginUseError),
    #[error(transparent)]
    Command(#[from] CommandError),
    #[error("unknown channel {0}")]
    UnknownChannel(String),
    #[error("the gateway refused: {0}")]
    Gateway(String),
    /// Signature or shape wrong: answer 4xx, nothing was written.
    #[error("callback rejected: {0}")]
    Rejected(String),
    #[error("no payment with order id {0}")]
    UnknownOrder(String),
    /// Something we depend on failed; the gateway should retry.
    #[error("try again: {0}")]
    Retry(String),
    /// The gateway refused the refund for good; its reason.
    #[error("the gateway refused the refund: {0}")]
    RefundRefused(String),
    /// The gateway accepted the refund and has not finished it; asking again (the same
    /// `refundRef`) tells the outcome and never refunds twice.
    #[error("{0}")]
    RefundPending(String),
    /// The gateway could not be asked or gave no answer: the outcome is unknown, asking
    /// again with the same `refundRef` is safe.
    #[error("the gateway did not answer the refund: {0}")]
    GatewayUnavailable(String),
}

/// What the customer is shown after `createPayment`.
#[derive(Debug, Clone)]
pub struct OpenedPayment {
    pub payment_id: String,
    pub order_id: String,
    pub total: Decimal,
    pub fee: Decimal,
    pub pay_url: Option<String>,
    pub va_number: Option<String>,
    pub qr_string: Option<String>,
    pub instructions: Option<String>,
}

pub struct PaymentService {
    /// The plugins, through their port (adapter: `tagih-sagas::payments::plugins`).
    pub gateway: Arc<dyn PaymentGateway>,
    pub bus: Arc<CommandBus>,
    /// Where gateways reach `/webhooks/payments/{plugin}` (no trailing slash).
    pub webhook_base_url: String,
    pub settlement: Settlement,
    pub turns: super::turns::Turns,
}

fn status_of(s: contract::PaymentStatus) -> PaymentStatus {
    match s {
        contract::PaymentStatus::Pending => PaymentStatus::Pending,
        contract::PaymentStatus::Paid => PaymentStatus::Paid,
        contract::PaymentStatus::Failed => PaymentStatus::Failed,
        contract::PaymentStatus::Expired => PaymentStatus::Expired,
        contract::PaymentStatus::Refunded => PaymentStatus::Refunded,
    }
}

fn parse_time(text: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl PaymentService {
    /// Opens the next payment attempt of an invoice at the plugin's gateway.
    pub async fn open_for_invoice(
        &self,
        invoice_id: &str,
        plugin: &str,
        channel: Option<String>,
        now: DateTime<Utc>,
        meta: &Metadata,
    ) -> Result<OpenedPayment, PaymentFlowError> {
        let ready = self.gateway.ready(plugin, true, now).await?;
        let manifest = ready.loaded.plugin.manifest();
        let fee = match channel.as_deref() {
            Some(code) => Some(
                manifest
                    .channel(code)
                    .ok_or_else(|| PaymentFlowError::UnknownChannel(code.into()))?
                    .fee
                    .clone(),
            ),
            None => None,
        };
        let invoice: Invoice = self.bus.load(invoice_id).await?;
        let outstanding = invoice.outstanding();
        let (fee_amount, bearer) = match &fee {
            Some(f) => (
                f.fee_for(outstanding),
                match f.charged_to {
                    ChargedTo::Customer => FeeBearer::Customer,
                    ChargedTo::Merchant => FeeBearer::Merchant,
                },
            ),
            None => (Decimal::ZERO, FeeBearer::Merchant),
        };
        let request = InvoicePaymentRequest {
            invoice_id: invoice_id.to_string(),
            method: PaymentMethod {
                plugin: plugin.to_string(),
                channel: channel.clone(),
            },
            fee: fee_amount,
            fee_bearer: bearer,
            created_at: now,
        };
        let (id, _) = payments::create_for_invoice(&self.bus, request, meta).await?;
        self.ask_gateway(&ready, &id, &invoice, channel, meta).await
    }

    async fn ask_gateway(
        &self,
        ready: &Ready,
        id: &str,
        invoice: &Invoice,
        channel: Option<String>,
        meta: &Metadata,
    ) -> Result<OpenedPayment, PaymentFlowError> {
        let payment: Payment = self.bus.load(id).await?;
        let terms = payment
            .terms
            .ok_or_else(|| PaymentFlowError::Retry("payment vanished".into()))?;
        let issue = invoice.issue.as_ref();
        let customer: Customer = match issue {
            Some(i) => self.bus.load(&i.customer_id).await?,
            None => Customer::default(),
        };
        let details = customer.details.as_ref();
        let request = PaymentRequest {
            order_id: terms.gateway_order_id.clone(),
            amount: terms.total,
            description: format!("Invoice {}", issue.map_or("", |i| i.number.as_str())),
            channel,
            customer: contract::Customer {
                name: details.map_or_else(String::new, |d| d.name.clone()),
                email: details.and_then(|d| d.email.clone()),
                phone: details.map(|d| d.phone.as_str().to_string()),
            },
            callback_url: Some(format!(
                "{}/webhooks/payments/{}",
                self.webhook_base_url, terms.method.plugin
            )),
            return_url: None,
            expires_in_minutes: Some(24 * 60),
        };
        let result = ready
            .loaded
            .plugin
            .create_payment(&request, ready.ctx.clone())
            .await;
        let name = &terms.method.plugin;
        super::health::record(&self.bus, name, ready.state.failing.is_some(), &result).await;
        let created = match result {
            Ok(c) => c,
            Err(e) => {
                let reason = e.to_string();
                payments::mark_failed(&self.bus, id, &reason, Utc::now(), meta).await?;
                return Err(PaymentFlowError::Gateway(reason));
            }
        };
        let gateway = GatewayDetails {
            reference: created.gateway_reference.clone(),
            pay_url: created.pay_url.clone(),
            va_number: created.va_number.clone(),
            qr_string: created.qr_string.clone(),
            expires_at: parse_time(created.expires_at.as_deref()),
        };
        payments::record_gateway_created(&self.bus, id, gateway, meta).await?;
        Ok(OpenedPayment {
            payment_id: id.to_string(),
            order_id: terms.gateway_order_id,
            total: terms.total,
            fee: terms.fee,
            pay_url: created.pay_url,
            va_number: created.va_number,
            qr_string: created.qr_string,
            instructions: created.instructions,
        })
    }

    /// Acts on a gateway's report of a payment (callback or status check): failure and
    /// expiry are recorded, a payment is confirmed with the amount the gateway reports
    /// (a mismatch sends it to review inside the aggregate).
    pub async fn apply_update(
        &self,
        id: &str,
        update: &PaymentUpdate,
        source: ConfirmationSource,
        now: DateTime<Utc>,
        meta: &Metadata,
    ) -> Result<(), PaymentFlowError> {
        match update.status {
            contract::PaymentStatus::Paid => {
                let confirmation = Confirmation {
                    source,
                    amount: update.amount,
                    paid_at: now,
                    reference: Some(update.gateway_reference.clone()),
                };
                payments::complete(&self.bus, id, confirmation, self.settlement, meta).await?;
            }
            contract::PaymentStatus::Failed => {
                let reason = update
                    .gateway_status
                    .clone()
                    .unwrap_or_else(|| "failed".into());
                payments::mark_failed(&self.bus, id, &reason, now, meta).await?;
            }
            contract::PaymentStatus::Expired => {
                payments::mark_expired(&self.bus, id, now, meta).await?;
            }
            contract::PaymentStatus::Pending | contract::PaymentStatus::Refunded => {}
        }
        Ok(())
    }

    /// The callback as stored: the body, the headers worth keeping, what the plugin made of it.
    /// A header that carries a credential (Xendit's `x-callback-token`) is never kept: the
    /// plugin has verified it, and `signature_ok` records the verdict.
    pub fn callback_input(
        req: &CallbackRequest,
        update: Option<&PaymentUpdate>,
        now: DateTime<Utc>,
    ) -> CallbackInput {
        let kept = [
            "content-type",
            "x-callback-signature",
            "x-callback-event",
            "user-agent",
        ];
        CallbackInput {
            raw_body: req.raw_body.clone(),
            headers: req
                .headers
                .iter()
                .filter(|(k, _)| kept.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            received_at: now,
            signature_ok: update.is_some(),
            result: update.map(|u| GatewayResult {
                status: status_of(u.status),
                amount: Some(u.amount),
                reference: Some(u.gateway_reference.clone()),
            }),
        }
    }

    /// Asks the gateway for the truth about a payment (pull-verification).
    pub async fn check(
        &self,
        ready: &Ready,
        payment: &Payment,
    ) -> Result<PaymentUpdate, PaymentFlowError> {
        let terms = payment
            .terms
            .as_ref()
            .ok_or_else(|| PaymentFlowError::Retry("payment vanished".into()))?;
        let request = StatusRequest {
            order_id: terms.gateway_order_id.clone(),
            gateway_reference: payment.gateway.as_ref().map(|g| g.reference.clone()),
            amount: terms.total,
        };
        let result = ready
            .loaded
            .plugin
            .check_status(&request, ready.ctx.clone())
            .await;
        let name = &terms.method.plugin;
        super::health::record(&self.bus, name, ready.state.failing.is_some(), &result).await;
        result.map_err(|e: PluginError| PaymentFlowError::Retry(format!("status check: {e}")))
    }
}
