//! WAHA (self-hosted WhatsApp HTTP API): `POST /api/sendText` with `X-Api-Key`, session
//! status from `GET /api/sessions/{session}`, the login QR from `GET /api/{session}/auth/qr`.

use async_trait::async_trait;
use base64::Engine;
use serde_json::{Value, json};
use tagih_aggregates::whatsapp_sender::Provider;

use super::provider::{
    OutboundText, SendError, SendReceipt, SessionHealth, WhatsAppProvider, classify,
    encode_component, id_text, transport_error,
};

pub struct Waha {
    pub client: reqwest::Client,
    pub base_url: String,
    pub api_key: String,
    pub session: String,
}

/// WEBJS answers `{"id": {"_serialized": …}}`, NOWEB `{"id": "…"}` or `{"key": {"id": …}}`;
/// the `message.ack` webhook carries the serialised form.
fn message_id(v: &Value) -> Option<String> {
    id_text(&v["id"])
        .or_else(|| id_text(&v["id"]["_serialized"]))
        .or_else(|| id_text(&v["key"]["id"]))
}

impl Waha {
    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .get(format!("{}{path}", self.base_url))
            .header("X-Api-Key", &self.api_key)
    }
}

#[async_trait]
impl WhatsAppProvider for Waha {
    fn provider(&self) -> Provider {
        Provider::Waha
    }

    async fn send_text(&self, m: &OutboundText) -> Result<SendReceipt, SendError> {
        let body =
            json!({"session": self.session, "chatId": format!("{}@c.us", m.to), "text": m.text});
        let res = self
            .client
            .post(format!("{}/api/sendText", self.base_url))
            .header("X-Api-Key", &self.api_key)
            .json(&body)
            .send()
            .await
            .map_err(transport_error)?;
        let status = res.status();
        let text = res.text().await.map_err(transport_error)?;
        if !status.is_success() {
            return Err(classify(status, &text));
        }
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        message_id(&v)
            .map(|provider_message_id| SendReceipt {
                provider_message_id,
            })
            .ok_or_else(|| {
                SendError::Unavailable(format!("no message id in WAHA's answer: {text}"))
            })
    }

    async fn health(&self) -> SessionHealth {
        let res = match self
            .get(&format!(
                "/api/sessions/{}",
                encode_component(&self.session)
            ))
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) => return SessionHealth::Down(format!("http: {e}")),
        };
        if !res.status().is_success() {
            return SessionHealth::Down(format!("session status: HTTP {}", res.status()));
        }
        let v: Value = res.json().await.unwrap_or(Value::Null);
        match v["status"].as_str().unwrap_or("UNKNOWN") {
            "WORKING" => SessionHealth::Connected,
            "SCAN_QR_CODE" => {
                SessionHealth::NeedsLogin("session SCAN_QR_CODE: scan the QR code".into())
            }
            other => SessionHealth::Down(format!("session {other}")),
        }
    }

    async fn login_qr(&self) -> Result<Option<String>, SendError> {
        let path = format!(
            "/api/{}/auth/qr?format=image",
            encode_component(&self.session)
        );
        let res = self
            .get(&path)
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(transport_error)?;
        let status = res.status();
        let kind = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = res.bytes().await.map_err(transport_error)?;
        if !status.is_success() {
            return Err(classify(status, &String::from_utf8_lossy(&bytes)));
        }
        // Asked for JSON, WAHA answers `{mimetype, data}`; older versions send the PNG itself.
        if kind.starts_with("application/json") {
            let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            let mime = v["mimetype"].as_str().unwrap_or("image/png");
            return Ok(v["data"]
                .as_str()
                .map(|d| format!("data:{mime};base64,{d}")));
        }
        let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
        Ok(Some(format!("data:image/png;base64,{data}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_read_from_every_engine_shape() {
        let webjs = json!({"id": {"fromMe": true, "_serialized": "true_628@c.us_AAA"}});
        assert_eq!(message_id(&webjs).as_deref(), Some("true_628@c.us_AAA"));
        assert_eq!(message_id(&json!({"id": "BBB"})).as_deref(), Some("BBB"));
        assert_eq!(
            message_id(&json!({"key": {"id": "CCC"}})).as_deref(),
            Some("CCC")
        );
    }
}
