//! A generic HTTP gateway (PHPNuxBill-compatible): a URL template, and for POST a body
//! template, with `[number]` and `[text]` placeholders — the long tail of Indonesian
//! gateways (StarSender, Watzap, self-hosted ones).

use async_trait::async_trait;
use serde_json::Value;
use tagih_aggregates::whatsapp_sender::Provider;

use super::provider::{
    OutboundText, SendError, SendReceipt, SessionHealth, WhatsAppProvider, classify,
    encode_component, id_text, transport_error,
};

pub struct GenericHttp {
    pub client: reqwest::Client,
    pub url_template: String,
    /// `GET` or `POST`.
    pub method: String,
    pub body_template: Option<String>,
    /// Sent as `Authorization` when set.
    pub token: Option<String>,
}

/// Fills a body template: JSON bodies get JSON-escaped values, others form-encoded ones.
fn fill_body(template: &str, to: &str, text: &str) -> String {
    if template.trim_start().starts_with('{') {
        let esc = |s: &str| {
            let quoted = serde_json::to_string(s).unwrap_or_default();
            quoted[1..quoted.len().saturating_sub(1)].to_string()
        };
        template
            .replace("[number]", &esc(to))
            .replace("[text]", &esc(text))
    } else {
        template
            .replace("[number]", &encode_component(to))
            .replace("[text]", &encode_component(text))
    }
}

#[async_trait]
impl WhatsAppProvider for GenericHttp {
    fn provider(&self) -> Provider {
        Provider::Generic
    }

    async fn send_text(&self, m: &OutboundText) -> Result<SendReceipt, SendError> {
        let url = self
            .url_template
            .replace("[number]", &encode_component(&m.to))
            .replace("[text]", &encode_component(&m.text));
        let mut req = if self.method == "POST" {
            let body = fill_body(self.body_template.as_deref().unwrap_or(""), &m.to, &m.text);
            let kind = if body.trim_start().starts_with('{') {
                "application/json"
            } else {
                "application/x-www-form-urlencoded"
            };
            self.client
                .post(url)
                .header("Content-Type", kind)
                .body(body)
        } else {
            self.client.get(url)
        };
        if let Some(t) = &self.token {
            req = req.header("Authorization", t);
        }
        let res = req.send().await.map_err(transport_error)?;
        let status = res.status();
        let text = res.text().await.map_err(transport_error)?;
        if !status.is_success() {
            return Err(classify(status, &text));
        }
        // Gateways differ; an id is used when one is recognisable, else our own reference
        // (the message still counts as sent: the gateway accepted it).
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let id = id_text(&v["id"])
            .or_else(|| id_text(&v["message_id"]))
            .or_else(|| id_text(&v["data"]["id"]))
            .unwrap_or_else(|| format!("generic:{}", m.client_ref));
        Ok(SendReceipt {
            provider_message_id: id,
        })
    }

    /// Generic gateways have no common status call; they are judged by their sends.
    async fn health(&self) -> SessionHealth {
        SessionHealth::Connected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_escape_values_for_their_format() {
        assert_eq!(
            fill_body(r#"{"to":"[number]","msg":"[text]"}"#, "628", "a \"b\"\nc"),
            r#"{"to":"628","msg":"a \"b\"\nc"}"#
        );
        assert_eq!(
            fill_body("to=[number]&msg=[text]", "628", "a b"),
            "to=628&msg=a%20b"
        );
    }
}
