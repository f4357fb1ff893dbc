//! The inputs of a payment (terms, gateway details, callbacks, confirmations, refunds) and
//! the checks each must pass before it becomes an event.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::payment::{PaymentError, PaymentStatus};

const MAX_ID: usize = 200;
const MAX_ORDER_ID: usize = 40;
const MAX_VOUCHERS: usize = 10_000;
/// Raw callback bodies are kept up to this many bytes (gateways send a few KiB).
pub const MAX_RAW_CALLBACK: usize = 64 * 1024;
const MAX_HEADERS: usize = 32;
const MAX_HEADER_VALUE: usize = 1024;

/// What the money is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentPurpose {
    Invoice {
        invoice_id: String,
        subscription_id: String,
        customer_id: String,
    },
    /// Vouchers sold online; a walk-in buyer has no customer account.
    VoucherSale {
        batch_id: String,
        voucher_ids: Vec<String>,
        customer_id: Option<String>,
    },
}

impl PaymentPurpose {
    pub fn customer_id(&self) -> Option<&str> {
        match self {
            Self::Invoice { customer_id, .. } => Some(customer_id),
            Self::VoucherSale { customer_id, .. } => customer_id.as_deref(),
        }
    }

    pub fn invoice_id(&self) -> Option<&str> {
        match self {
            Self::Invoice { invoice_id, .. } => Some(invoice_id),
            Self::VoucherSale { .. } => None,
        }
    }
}

/// Who pays the gateway's fee: added to the customer's total, or taken from the merchant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeeBearer {
    Customer,
    Merchant,
}

/// The plugin that collects the money, and its channel (none: the customer picks one on
/// the gateway's own page, as with Midtrans Snap).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethod {
    pub plugin: String,
    pub channel: Option<String>,
}

/// A payment as the caller asks for it. The fee comes from the plugin's fee model (computed
/// by the plugin runtime); the aggregate only checks it and works out the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    pub purpose: PaymentPurpose,
    /// What the purpose costs (the invoice's outstanding amount, the vouchers' price).
    pub amount: Decimal,
    pub fee: Decimal,
    pub fee_bearer: FeeBearer,
    pub method: PaymentMethod,
    /// `{invoice_no}-{attempt}`, see [`gateway_order_id`].
    pub gateway_order_id: String,
    pub created_at: DateTime<Utc>,
}

/// The checked terms of a payment, as `PaymentCreated` stores them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTerms {
    pub purpose: PaymentPurpose,
    pub amount: Decimal,
    pub fee: Decimal,
    pub fee_bearer: FeeBearer,
    /// What the customer is asked to pay: amount + fee when the customer bears it.
    pub total: Decimal,
    pub method: PaymentMethod,
    pub gateway_order_id: String,
    pub created_at: DateTime<Utc>,
}

impl PaymentTerms {
    /// The part of a received sum that pays the purpose (the customer's share of the fee
    /// goes to the gateway), never negative.
    pub fn applied_part(&self, received: Decimal) -> Decimal {
        match self.fee_bearer {
            FeeBearer::Customer => (received - self.fee).max(Decimal::ZERO),
            FeeBearer::Merchant => received,
        }
    }
}

/// Where and how the customer pays, as the gateway answered `create_payment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayDetails {
    pub reference: String,
    pub pay_url: Option<String>,
    pub va_number: Option<String>,
    pub qr_string: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// What a plugin's `handle_callback` / `check_status` made of the gateway's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayResult {
    pub status: PaymentStatus,
    pub amount: Option<Decimal>,
    pub reference: Option<String>,
}

/// One callback as received (the webhook stores it before acting on it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackInput {
    pub raw_body: String,
    /// The headers worth keeping (signature, event, content type), lower-cased names.
    pub headers: BTreeMap<String, String>,
    pub received_at: DateTime<Utc>,
    pub signature_ok: bool,
    /// `None` when the plugin could not make sense of it.
    pub result: Option<GatewayResult>,
}

/// `PaymentCallbackReceived`: the callback, its body capped at [`MAX_RAW_CALLBACK`] bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackRecord {
    pub raw_body: String,
    /// Size of the body as received, in bytes.
    pub raw_size: usize,
    pub raw_truncated: bool,
    pub headers: BTreeMap<String, String>,
    pub received_at: DateTime<Utc>,
    pub signature_ok: bool,
    pub result: Option<GatewayResult>,
}

/// Who says the money arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmationSource {
    Callback,
    StatusCheck,
    /// An admin confirmed it (cash, bank transfer checked by hand).
    Manual {
        admin_id: String,
    },
    /// An admin approved a payment held for review.
    ReviewApproved {
        admin_id: String,
    },
}

impl ConfirmationSource {
    pub fn is_admin(&self) -> bool {
        matches!(self, Self::Manual { .. } | Self::ReviewApproved { .. })
    }
}

/// A claim that the customer paid `amount` (the whole sum received, fees included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    pub source: ConfirmationSource,
    pub amount: Decimal,
    pub paid_at: DateTime<Utc>,
    /// The gateway's reference for the money (a cash receipt number for manual payments).
    pub reference: Option<String>,
}

/// Money returned to the customer; `refund_ref` (gateway refund id or an admin's request
/// id) makes a retried refund a no-op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundInput {
    pub refund_ref: String,
    pub amount: Decimal,
    pub reason: String,
    pub refunded_at: DateTime<Utc>,
    pub admin_id: Option<String>,
    /// The gateway's id of the refund, when a gateway made it.
    pub gateway_refund_id: Option<String>,
}

fn invalid(msg: impl Into<String>) -> PaymentError {
    PaymentError::Invalid(msg.into())
}

pub(crate) fn text(field: &str, value: &str, max: usize) -> Result<String, PaymentError> {
    crate::bounds::text(field, value, max).map_err(invalid)
}

fn optional(
    field: &str,
    value: Option<String>,
    max: usize,
) -> Result<Option<String>, PaymentError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| text(field, &v, max))
        .transpose()
}

pub(crate) fn money(field: &'static str, amount: Decimal) -> Result<Decimal, PaymentError> {
    crate::bounds::amount(field, amount).map_err(invalid)
}

pub(crate) fn positive(field: &'static str, amount: Decimal) -> Result<Decimal, PaymentError> {
    let amount = money(field, amount)?;
    if amount.is_zero() {
        return Err(invalid(format!("{field} must be positive")));
    }
    Ok(amount)
}

/// The gateway order id of one attempt: the invoice number upper-cased with every run of
/// other characters turned into one `-`, then `-{attempt}` (`INV/2026/000123`, attempt 2 →
/// `INV-2026-000123-2`). Gateways refuse a reused order id, so each attempt needs its own;
/// the caller counts attempts (the command service derives the payment id from the invoice
/// and the attempt, so two racing attempts with the same number collide on one stream).
pub fn gateway_order_id(invoice_no: &str, attempt: u32) -> Result<String, PaymentError> {
    let mut base = String::new();
    for c in invoice_no.trim().chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c.to_ascii_uppercase());
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
    }
    let id = format!("{}-{attempt}", base.trim_end_matches('-'));
    checked_order_id(&id)
}

fn checked_order_id(id: &str) -> Result<String, PaymentError> {
    let ok = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-';
    if id.is_empty() || id.len() > MAX_ORDER_ID || !id.chars().all(ok) || id.starts_with('-') {
        return Err(invalid(
            "gateway order id must be 1-40 characters of A-Z, 0-9 and '-'",
        ));
    }
    Ok(id.to_string())
}

fn checked_method(m: PaymentMethod) -> Result<PaymentMethod, PaymentError> {
    let plugin = m.plugin.trim().to_string();
    let plugin_ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if plugin.len() < 2 || plugin.len() > 40 || !plugin.chars().all(plugin_ok) {
        return Err(invalid(
            "plugin must be 2-40 characters of a-z, 0-9 and '-'",
        ));
    }
    let channel = optional("channel", m.channel, 40)?;
    Ok(PaymentMethod { plugin, channel })
}

fn checked_purpose(p: PaymentPurpose) -> Result<PaymentPurpose, PaymentError> {
    Ok(match p {
        PaymentPurpose::Invoice {
            invoice_id,
            subscription_id,
            customer_id,
        } => PaymentPurpose::Invoice {
            invoice_id: text("invoice", &invoice_id, MAX_ID)?,
            subscription_id: text("subscription", &subscription_id, MAX_ID)?,
            customer_id: text("customer", &customer_id, MAX_ID)?,
        },
        PaymentPurpose::VoucherSale {
            batch_id,
            voucher_ids,
            customer_id,
        } => {
            if voucher_ids.len() > MAX_VOUCHERS {
                return Err(invalid("a voucher sale covers at most 10000 vouchers"));
            }
            let voucher_ids = voucher_ids
                .iter()
                .map(|v| text("voucher", v, MAX_ID))
                .collect::<Result<_, _>>()?;
            PaymentPurpose::VoucherSale {
                batch_id: text("batch", &batch_id, MAX_ID)?,
                voucher_ids,
                customer_id: optional("customer", customer_id, MAX_ID)?,
            }
        }
    })
}

impl NewPayment {
    pub fn validated(self) -> Result<PaymentTerms, PaymentError> {
        let amount = positive("amount", self.amount)?;
        let fee = money("fee", self.fee)?;
        let total = match self.fee_bearer {
            FeeBearer::Customer => money("total", amount + fee)?,
            FeeBearer::Merchant if fee >= amount => {
                return Err(invalid(
                    "a fee borne by the merchant must be below the amount",
                ));
            }
            FeeBearer::Merchant => amount,
        };
        Ok(PaymentTerms {
            purpose: checked_purpose(self.purpose)?,
            amount,
            fee,
            fee_bearer: self.fee_bearer,
            total,
            method: checked_method(self.method)?,
            gateway_order_id: checked_order_id(self.gateway_order_id.trim())?,
            created_at: self.created_at,
        })
    }
}

impl GatewayDetails {
    pub fn validated(self) -> Result<Self, PaymentError> {
        Ok(Self {
            reference: text("gateway reference", &self.reference, MAX_ID)?,
            pay_url: optional("pay url", self.pay_url, 2048)?,
            va_number: optional("va number", self.va_number, 64)?,
            qr_string: optional("qr string", self.qr_string, 4096)?,
            expires_at: self.expires_at,
        })
    }
}

/// Cuts `s` to at most `max` bytes on a character boundary.
fn capped(mut s: String, max: usize) -> (String, bool) {
    if s.len() <= max {
        return (s, false);
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    (s, true)
}

impl CallbackInput {
    /// Never refused (an auditor must see every callback): oversized parts are cut, and
    /// headers that carry a credential (a shared callback token, a key) are dropped — the
    /// log is append-only and exported, so a secret written there could never be taken back.
    pub fn recorded(self) -> CallbackRecord {
        let raw_size = self.raw_body.len();
        let (raw_body, raw_truncated) = capped(self.raw_body, MAX_RAW_CALLBACK);
        let headers = self
            .headers
            .into_iter()
            .filter(|(k, _)| !crate::event_registry::carries_credential(k))
            .take(MAX_HEADERS)
            .map(|(k, v)| (k.to_ascii_lowercase(), capped(v, MAX_HEADER_VALUE).0))
            .collect();
        let result = self.result.map(|r| GatewayResult {
            reference: r.reference.map(|v| capped(v, MAX_ID).0),
            ..r
        });
        CallbackRecord {
            raw_body,
            raw_size,
            raw_truncated,
            headers,
            received_at: self.received_at,
            signature_ok: self.signature_ok,
            result,
        }
    }
}

impl Confirmation {
    pub fn validated(self) -> Result<Self, PaymentError> {
        let source = match self.source {
            ConfirmationSource::Manual { admin_id } => ConfirmationSource::Manual {
                admin_id: text("admin", &admin_id, MAX_ID)?,
            },
            ConfirmationSource::ReviewApproved { .. } => {
                return Err(invalid("review approvals go through ResolveReview"));
            }
            other => other,
        };
        Ok(Self {
            source,
            amount: positive("amount", self.amount)?,
            reference: optional("reference", self.reference, MAX_ID)?,
            ..self
        })
    }
}

impl RefundInput {
    pub fn validated(self) -> Result<Self, PaymentError> {
        Ok(Self {
            refund_ref: text("refund reference", &self.refund_ref, 64)?,
            amount: positive("amount", self.amount)?,
            reason: text("reason", &self.reason, MAX_ID)?,
            admin_id: optional("admin", self.admin_id, MAX_ID)?,
            gateway_refund_id: optional("gateway refund id", self.gateway_refund_id, MAX_ID)?,
            ..self
        })
    }
}
