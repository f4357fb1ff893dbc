//! Fonnte: `POST {base}/send` with the raw device token in `Authorization` (no "Bearer")
//! and form fields `target`, `message`, `countryCode`; device status from `POST /device`.

use async_trait::async_trait;
use serde_json::Value;
use tagih_aggregates::whatsapp_sender::Provider;

use super::provider::{
    OutboundText, SendError, SendReceipt, SessionHealth, WhatsAppProvider, classify, id_text,
    transport_error,
};

pub struct Fonnte {
    pub client: reqwest::Client,
    pub base_url: String,
    pub token: String,
}

/// Fonnte answers HTTP 200 with `{"status": false, "reason": …}`: a reason about the
/// target is the message's fault, anything else (token, device, quota) the sender's.
fn refusal(reason: &str) -> SendError {
    let r = reason.to_lowercase();
    if r.contains("target") || r.contains("number") || r.contains("message") {
        SendError::Permanent(format!("fonnte: {reason}"))
    } else {
        SendError::Unavailable(format!("fonnte: {reason}"))
    }
}

#[async_trait]
impl WhatsAppProvider for Fonnte {
    fn provider(&self) -> Provider {
        Provider::Fonnte
    }

    async fn send_text(&self, m: &OutboundText) -> Result<SendReceipt, SendError> {
        let form = [
            ("target", m.to.as_str()),
            ("message", m.text.as_str()),
            ("countryCode", "62"),
        ];
        let res = self
            .client
            .post(format!("{}/send", self.base_url))
            .header("Authorization", &self.token)
            .form(&form)
            .send()
            .await
            .map_err(transport_error)?;
        let status = res.status();
        let text = res.text().await.map_err(transport_error)?;
        if !status.is_success() {
            return Err(classify(status, &text));
        }
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if v["status"].as_bool() != Some(true) {
            return Err(refusal(v["reason"].as_str().unwrap_or(&text)));
        }
        id_text(&v["id"][0])
            .or_else(|| id_text(&v["id"]))
            .map(|provider_message_id| SendReceipt {
                provider_message_id,
            })
            .ok_or_else(|| {
                SendError::Unavailable(format!("no message id in Fonnte's answer: {text}"))
            })
    }

    async fn health(&self) -> SessionHealth {
        let res = self
            .client
            .post(format!("{}/device", self.base_url))
            .header("Authorization", &self.token)
            .send()
            .await;
        let v: Value = match res {
            Ok(r) if r.status().is_success() => r.json().await.unwrap_or(Value::Null),
            Ok(r) => return SessionHealth::Down(format!("device status: HTTP {}", r.status())),
            Err(e) => return SessionHealth::Down(format!("http: {e}")),
        };
        match v["device_status"].as_str() {
            Some("connect") => SessionHealth::Connected,
            Some(other) => {
                SessionHealth::NeedsLogin(format!("device {other}: reconnect it in Fonnte"))
            }
            None => SessionHealth::Down(
                v["reason"]
                    .as_str()
                    .unwrap_or("no device status")
                    .to_string(),
            ),
        }
    }
}
