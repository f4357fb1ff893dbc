//! WhatsApp Cloud API (Meta): `POST {base}/{version}/{phone_number_id}/messages` with a
//! bearer token; text messages inside the 24-hour window, templates outside it.

use async_trait::async_trait;
use serde_json::{Value, json};
use tagih_aggregates::whatsapp_sender::Provider;

use super::provider::{
    OutboundText, SendError, SendReceipt, SessionHealth, TemplateRef, WhatsAppProvider, classify,
    transport_error,
};

/// The Graph version used when a sender names none.
pub const DEFAULT_VERSION: &str = "v21.0";

pub struct CloudApi {
    pub client: reqwest::Client,
    pub base_url: String,
    pub version: String,
    pub phone_number_id: String,
    pub token: String,
}

/// Meta's error codes that are about throughput, not the message.
fn cloud_error(status: reqwest::StatusCode, text: &str) -> SendError {
    let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    match v["error"]["code"].as_i64() {
        Some(130429 | 131056 | 80007) => SendError::RateLimited(text.chars().take(300).collect()),
        Some(190) => SendError::Unavailable(format!("access token rejected: {text}")),
        _ => classify(status, text),
    }
}

impl CloudApi {
    async fn post(&self, body: Value) -> Result<SendReceipt, SendError> {
        let url = format!(
            "{}/{}/{}/messages",
            self.base_url, self.version, self.phone_number_id
        );
        let res = self
            .client
            .post(url)
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .map_err(transport_error)?;
        let status = res.status();
        let text = res.text().await.map_err(transport_error)?;
        if !status.is_success() {
            return Err(cloud_error(status, &text));
        }
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        v["messages"][0]["id"]
            .as_str()
            .map(|id| SendReceipt {
                provider_message_id: id.to_string(),
            })
            .ok_or_else(|| {
                SendError::Unavailable(format!("no message id in Meta's answer: {text}"))
            })
    }
}

#[async_trait]
impl WhatsAppProvider for CloudApi {
    fn provider(&self) -> Provider {
        Provider::CloudApi
    }

    async fn send_text(&self, m: &OutboundText) -> Result<SendReceipt, SendError> {
        self.post(json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": m.to,
            "type": "text",
            "text": {"preview_url": false, "body": m.text},
        }))
        .await
    }

    async fn send_template(&self, to: &str, t: &TemplateRef) -> Result<SendReceipt, SendError> {
        let params: Vec<Value> = t
            .params
            .iter()
            .map(|p| json!({"type": "text", "text": p}))
            .collect();
        self.post(json!({
            "messaging_product": "whatsapp",
            "to": to,
            "type": "template",
            "template": {
                "name": t.name,
                "language": {"code": t.language},
                "components": [{"type": "body", "parameters": params}],
            },
        }))
        .await
    }

    async fn health(&self) -> SessionHealth {
        let url = format!(
            "{}/{}/{}",
            self.base_url, self.version, self.phone_number_id
        );
        match self.client.get(url).bearer_auth(&self.token).send().await {
            Ok(r) if r.status().is_success() => SessionHealth::Connected,
            Ok(r) => SessionHealth::Down(format!("phone number: HTTP {}", r.status())),
            Err(e) => SessionHealth::Down(format!("http: {e}")),
        }
    }
}
