//! The payment plugin contract: what the host hands to scripts and the normalised
//! results it accepts back. Amounts are decimal strings on both sides.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, de::DeserializeOwned};

use crate::PluginError;
use crate::runtime::host::text_form_decode;

/// Script functions every payment plugin defines (one argument each).
pub const REQUIRED_FUNCTIONS: [&str; 3] = ["create_payment", "check_status", "handle_callback"];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Ask the gateway for a new payment (one attempt, one order id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentRequest {
    /// Our id for this attempt, `{invoice_no}-{attempt}`; echoed back by gateways.
    pub order_id: String,
    pub amount: Decimal,
    pub description: String,
    /// A channel code from the manifest, if the customer already chose one.
    pub channel: Option<String>,
    pub customer: Customer,
    pub callback_url: Option<String>,
    pub return_url: Option<String>,
    pub expires_in_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusRequest {
    pub order_id: String,
    pub gateway_reference: Option<String>,
    pub amount: Decimal,
}

/// Ask the gateway to return money of a completed payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundRequest {
    pub order_id: String,
    /// The gateway's id of the payment (`created.gateway_reference`).
    pub gateway_reference: String,
    pub amount: Decimal,
    pub reason: String,
    /// Our id for this refund (the admin's `refundRef`), for the gateway's reference field.
    pub refund_ref: String,
    /// Stable per (payment, refund_ref), `[a-z0-9-]`, at most 40 characters: send it as
    /// the gateway's idempotency key (Xendit `Idempotency-key`, Midtrans `refund_key`) so
    /// a retried call never refunds twice.
    pub idempotency_key: String,
}

/// A gateway's callback as received; scripts verify it from the raw bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallbackRequest {
    pub method: String,
    /// Lower-cased names.
    pub headers: BTreeMap<String, String>,
    pub query: BTreeMap<String, String>,
    /// The exact body: Tripay signs these bytes.
    pub raw_body: String,
    /// The body's fields as raw strings when it is `x-www-form-urlencoded`.
    pub form: BTreeMap<String, String>,
}

impl CallbackRequest {
    /// Builds the request, lower-casing header names and decoding a form body.
    pub fn new(
        method: &str,
        headers: impl IntoIterator<Item = (String, String)>,
        query: BTreeMap<String, String>,
        raw_body: String,
    ) -> Self {
        let headers: BTreeMap<String, String> = headers
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        let is_form = headers
            .get("content-type")
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        let form = if is_form {
            text_form_decode(&raw_body).into_iter().collect()
        } else {
            BTreeMap::new()
        };
        Self {
            method: method.to_ascii_uppercase(),
            headers,
            query,
            raw_body,
            form,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentStatus {
    Pending,
    Paid,
    Failed,
    Expired,
    Refunded,
}

/// What `create_payment` returns: where and how the customer pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatedPayment {
    pub order_id: String,
    pub gateway_reference: String,
    pub status: PaymentStatus,
    #[serde(deserialize_with = "amount")]
    pub amount: Decimal,
    #[serde(default)]
    pub pay_url: Option<String>,
    #[serde(default)]
    pub va_number: Option<String>,
    #[serde(default)]
    pub qr_string: Option<String>,
    #[serde(default)]
    pub payment_code: Option<String>,
    #[serde(default)]
    pub instructions: Option<String>,
    /// As the gateway wrote it (ISO-8601 or WIB time).
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default, deserialize_with = "optional_amount")]
    pub fee_customer: Option<Decimal>,
    #[serde(default, deserialize_with = "optional_amount")]
    pub fee_merchant: Option<Decimal>,
}

/// The normalised state of a payment, from a callback or a status check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentUpdate {
    pub status: PaymentStatus,
    pub order_id: String,
    pub gateway_reference: String,
    #[serde(deserialize_with = "amount")]
    pub amount: Decimal,
    #[serde(default)]
    pub paid_at: Option<String>,
    /// The gateway's own status word, for the audit trail.
    #[serde(default)]
    pub gateway_status: Option<String>,
}

/// The HTTP answer the gateway expects to stop retrying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbackOutcome {
    pub payment: PaymentUpdate,
    pub ack: Ack,
}

/// Where the gateway left a refund. A plugin throws only when it cannot tell (the gateway
/// unreachable, a 5xx, bad credentials); a definite "no" is `refused` with its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefundStatus {
    /// The money is on its way back.
    Refunded,
    /// Accepted, still processing: asking again with the same idempotency key tells more.
    Pending,
    /// Refused for good (not refundable, balance, window passed…).
    Refused,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundOutcome {
    pub status: RefundStatus,
    /// The gateway's id of the refund (may be empty when it refused).
    #[serde(default)]
    pub refund_reference: String,
    #[serde(deserialize_with = "amount")]
    pub amount: Decimal,
    /// The gateway's reason for a refusal (its error code and message).
    #[serde(default)]
    pub reason: Option<String>,
    /// The gateway's own status word, for the audit trail.
    #[serde(default)]
    pub gateway_status: Option<String>,
}

/// Amounts must arrive as strings: a JSON number could only have come from a script
/// float or an integer the script forgot to format, and we refuse both the same way.
fn amount<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let text = String::deserialize(deserializer)?;
    crate::runtime::host::parse_amount(&text).map_err(serde::de::Error::custom)
}

fn optional_amount<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Decimal>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    text.map(|t| crate::runtime::host::parse_amount(&t).map_err(serde::de::Error::custom))
        .transpose()
}

/// Decodes a script's return value into a contract type, then checks what serde cannot.
pub(crate) fn decode<T: DeserializeOwned + Checked>(
    function: &str,
    value: serde_json::Value,
) -> Result<T, PluginError> {
    let bad = |reason: String| PluginError::BadReturn {
        function: function.to_string(),
        reason,
    };
    // Whatever a plugin returns is stored, and PostgreSQL text cannot hold U+0000: a
    // gateway answer carrying one is the plugin's bad return, not our INTERNAL. A verified
    // callback is the exception — the payment flow keeps it for review (quarantine).
    if function != "handle_callback" && crate::manifest::json_has_nul(&value) {
        return Err(bad("text contains the NUL character (U+0000)".into()));
    }
    let decoded: T = serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
    decoded.check().map_err(bad)?;
    Ok(decoded)
}

pub(crate) trait Checked {
    fn check(&self) -> Result<(), String>;
}

fn non_empty(field: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err(format!("`{field}` must not be empty"))
    } else {
        Ok(())
    }
}

impl Checked for CreatedPayment {
    fn check(&self) -> Result<(), String> {
        non_empty("order_id", &self.order_id)?;
        non_empty("gateway_reference", &self.gateway_reference)
    }
}

impl Checked for PaymentUpdate {
    fn check(&self) -> Result<(), String> {
        non_empty("order_id", &self.order_id)?;
        non_empty("gateway_reference", &self.gateway_reference)
    }
}

impl Checked for CallbackOutcome {
    fn check(&self) -> Result<(), String> {
        self.payment.check()?;
        if !(200..=599).contains(&self.ack.status) {
            return Err(format!(
                "`ack.status` {} is not an http status",
                self.ack.status
            ));
        }
        non_empty("ack.content_type", &self.ack.content_type)
    }
}

impl Checked for RefundOutcome {
    fn check(&self) -> Result<(), String> {
        match self.status {
            RefundStatus::Refused => non_empty("reason", self.reason.as_deref().unwrap_or("")),
            _ => non_empty("refund_reference", &self.refund_reference),
        }
    }
}

impl Checked for Vec<String> {
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn created(order_id: &str) -> serde_json::Value {
        json!({"order_id": order_id, "gateway_reference": "r", "status": "pending", "amount": "1000"})
    }

    #[test]
    fn a_nul_in_what_a_plugin_returns_is_a_bad_return() {
        let ok: Result<CreatedPayment, _> = decode("create_payment", created("o1"));
        assert!(ok.is_ok(), "{ok:?}");
        let nul: Result<CreatedPayment, _> = decode("create_payment", created("o\u{0}"));
        assert!(
            matches!(&nul, Err(PluginError::BadReturn { reason, .. }) if reason.contains("NUL")),
            "{nul:?}"
        );
        // A verified callback passes through: the payment flow quarantines it.
        let ack = json!({"status": 200, "content_type": "text/plain", "body": "ok"});
        let callback = json!({"payment": created("o\u{0}"), "ack": ack});
        let decoded: Result<CallbackOutcome, _> = decode("handle_callback", callback);
        assert!(decoded.is_ok(), "{decoded:?}");
    }
}
