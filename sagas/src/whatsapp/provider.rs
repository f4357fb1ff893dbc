//! The `WhatsAppProvider` port: send a text (or a Cloud API template), check the session,
//! fetch a login QR where the provider has one. Errors say what the sender should do next:
//! try another sender (`Unavailable`, `RateLimited`) or give up on this message (`Permanent`).

use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use tagih_aggregates::whatsapp_sender::Provider;

/// A message as a provider sends it.
#[derive(Debug, Clone)]
pub struct OutboundText {
    /// `628…`, digits only.
    pub to: String,
    pub text: String,
    /// Stable per message and attempt (`{message_id}:{attempt}`), for providers that echo one.
    pub client_ref: String,
}

/// A pre-approved Cloud API template (required outside the 24-hour window).
#[derive(Debug, Clone)]
pub struct TemplateRef {
    pub name: String,
    pub language: String,
    pub params: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    pub provider_message_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The sender cannot send now (down, session logged out, bad credentials, 5xx,
    /// timeout): try the next sender; the health check will tell when it is back.
    #[error("sender unavailable: {0}")]
    Unavailable(String),
    /// The provider asks us to slow down: try another sender or later.
    #[error("rate limited: {0}")]
    RateLimited(String),
    /// This message will never go through as it is (bad number, text refused).
    #[error("refused: {0}")]
    Permanent(String),
}

pub use tagih_app::messaging::SessionHealth;

#[async_trait]
pub trait WhatsAppProvider: Send + Sync {
    fn provider(&self) -> Provider;
    async fn send_text(&self, m: &OutboundText) -> Result<SendReceipt, SendError>;
    async fn send_template(
        &self,
        _to: &str,
        _template: &TemplateRef,
    ) -> Result<SendReceipt, SendError> {
        Err(SendError::Permanent(
            "this provider sends free text only".into(),
        ))
    }
    async fn health(&self) -> SessionHealth;
    /// A `data:image/png;base64,…` URL to scan, when the provider logs in by QR.
    async fn login_qr(&self) -> Result<Option<String>, SendError> {
        Ok(None)
    }
}

/// The HTTP client every provider uses: rustls, bounded waits.
pub fn http_client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .build()
        .unwrap_or_default()
}

/// A transport failure (refused, reset, timeout) means the sender is not reachable.
pub fn transport_error(e: reqwest::Error) -> SendError {
    SendError::Unavailable(format!("http: {e}"))
}

/// HTTP status → what to do: 429 slow down, 401/403/404/5xx the sender is broken, other 4xx
/// the message is refused.
pub fn classify(status: StatusCode, body: &str) -> SendError {
    let detail: String = format!("{status} {}", body.trim())
        .chars()
        .take(300)
        .collect();
    match status.as_u16() {
        429 => SendError::RateLimited(detail),
        // Bad credentials, an unknown session or phone number id: the sender is broken.
        401 | 403 | 404 | 408 => SendError::Unavailable(detail),
        400..=499 => SendError::Permanent(detail),
        _ => SendError::Unavailable(detail),
    }
}

/// Percent-encodes a query or path component (RFC 3986 unreserved characters pass).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A JSON value that may be a string or a number, as a string.
pub fn id_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_what_the_sender_does_next() {
        assert!(matches!(
            classify(StatusCode::TOO_MANY_REQUESTS, ""),
            SendError::RateLimited(_)
        ));
        assert!(matches!(
            classify(StatusCode::BAD_GATEWAY, ""),
            SendError::Unavailable(_)
        ));
        assert!(matches!(
            classify(StatusCode::UNAUTHORIZED, "bad key"),
            SendError::Unavailable(_)
        ));
        assert!(matches!(
            classify(StatusCode::BAD_REQUEST, "bad number"),
            SendError::Permanent(_)
        ));
    }

    #[test]
    fn components_are_percent_encoded() {
        assert_eq!(
            encode_component("Rp 150.000 & 10%"),
            "Rp%20150.000%20%26%2010%25"
        );
    }
}
