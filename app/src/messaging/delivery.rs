//! Provider delivery webhooks: signature checks (constant time) and the mapping of WAHA
//! `message.ack`, Cloud API `statuses` and Fonnte status callbacks to delivery reports,
//! applied to messages found by their provider id. Reports only move a message forward,
//! so repeated or out-of-order webhooks are harmless.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::{Sha256, Sha512};
use subtle::ConstantTimeEq;
use tagih_aggregates::whatsapp_message::DeliveryReport;
use tagih_commands::whatsapp_messages::{by_provider_id, record_report};
use tagih_commands::{CommandBus, CommandError, Metadata};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryUpdate {
    pub provider_message_id: String,
    pub report: DeliveryReport,
}

fn hmac_ok<M: Mac + hmac::digest::KeyInit>(secret: &str, body: &[u8], given_hex: &str) -> bool {
    let Ok(given) = hex::decode(given_hex.trim()) else {
        return false;
    };
    let Ok(mut mac) = <M as hmac::digest::KeyInit>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

/// WAHA: `X-Webhook-Hmac` = hex HMAC-SHA512(key, raw body).
pub fn waha_signature_ok(secret: &str, body: &[u8], header: &str) -> bool {
    !secret.is_empty() && hmac_ok::<Hmac<Sha512>>(secret, body, header)
}

/// Cloud API: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`.
pub fn cloud_signature_ok(app_secret: &str, body: &[u8], header: &str) -> bool {
    let Some(hex) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    !app_secret.is_empty() && hmac_ok::<Hmac<Sha256>>(app_secret, body, hex)
}

/// A shared token (Fonnte callback URL, Cloud API verify token), compared in constant time.
pub fn token_ok(expected: &str, given: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

fn update(id: &Value, report: Option<DeliveryReport>) -> Option<DeliveryUpdate> {
    let provider_message_id = match id {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(DeliveryUpdate {
        provider_message_id,
        report: report?,
    })
}

/// WAHA `message.ack`: ack -1 error, 1 server, 2 device, 3 read, 4 played.
pub fn parse_waha(body: &Value) -> Vec<DeliveryUpdate> {
    if body["event"].as_str() != Some("message.ack") {
        return vec![];
    }
    let p = &body["payload"];
    let report = match p["ack"].as_i64() {
        Some(-1) => Some(DeliveryReport::Failed(format!(
            "WAHA ack {}",
            p["ackName"].as_str().unwrap_or("ERROR")
        ))),
        Some(1) => Some(DeliveryReport::Sent),
        Some(2) => Some(DeliveryReport::Delivered),
        Some(3 | 4) => Some(DeliveryReport::Read),
        _ => None,
    };
    update(&p["id"], report).into_iter().collect()
}

/// Cloud API `entry[].changes[].value.statuses[]`.
pub fn parse_cloud(body: &Value) -> Vec<DeliveryUpdate> {
    let mut out = Vec::new();
    for entry in body["entry"].as_array().into_iter().flatten() {
        for change in entry["changes"].as_array().into_iter().flatten() {
            for s in change["value"]["statuses"].as_array().into_iter().flatten() {
                let report = match s["status"].as_str() {
                    Some("sent") => Some(DeliveryReport::Sent),
                    Some("delivered") => Some(DeliveryReport::Delivered),
                    Some("read") => Some(DeliveryReport::Read),
                    Some("failed") => {
                        let e = &s["errors"][0];
                        Some(DeliveryReport::Failed(format!(
                            "{} {}",
                            e["code"],
                            e["title"].as_str().unwrap_or("failed")
                        )))
                    }
                    _ => None,
                };
                out.extend(update(&s["id"], report));
            }
        }
    }
    out
}

/// Fonnte status webhook `{device, id, stateid, status, state}`.
pub fn parse_fonnte(body: &Value) -> Vec<DeliveryUpdate> {
    let word = |k: &str| body[k].as_str().unwrap_or_default().to_lowercase();
    let report = match (word("status").as_str(), word("state").as_str()) {
        (_, "read") => Some(DeliveryReport::Read),
        (_, "delivered") => Some(DeliveryReport::Delivered),
        ("invalid" | "expired", _) => {
            Some(DeliveryReport::Failed(format!("fonnte {}", word("status"))))
        }
        ("sent", _) => Some(DeliveryReport::Sent),
        _ => None,
    };
    update(&body["id"], report).into_iter().collect()
}

/// Records each report on its message; unknown ids are skipped. Returns how many matched.
pub async fn apply_updates(
    bus: &CommandBus,
    updates: &[DeliveryUpdate],
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<usize, CommandError> {
    let mut matched = 0;
    for u in updates {
        let Some(id) = by_provider_id(bus, &u.provider_message_id).await? else {
            tracing::debug!(provider_message_id = %u.provider_message_id, "whatsapp webhook: unknown message");
            continue;
        };
        record_report(bus, &id, u.report.clone(), at, meta).await?;
        matched += 1;
    }
    Ok(matched)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const W1: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"0","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","statuses":[{"id":"wamid.TEST","status":"delivered","timestamp":"1700000000","recipient_id":"6281234567890"}]}}]}]}"#;

    #[test]
    fn the_reference_vectors_verify() {
        let w1 = "sha256=2f3517414ae13096a3d2010cf23ce8083e3021175ae1f604537cae1bc9455211";
        assert!(cloud_signature_ok("test_app_secret", W1.as_bytes(), w1));
        assert!(!cloud_signature_ok("other", W1.as_bytes(), w1));
        let w2 = "3e1902e1a780c38ede4457dd2609d91af3dd137a5bc10eedc7a6b3dbdc683512d89f58d6051cccabf5fb4ddc7103ce9e613aa1bcf11bceb49acba41ff3c6f1d0";
        assert!(waha_signature_ok("your-secret-key", W1.as_bytes(), w2));
        assert!(!waha_signature_ok("", W1.as_bytes(), w2));
    }

    #[test]
    fn statuses_map_to_reports() {
        let body: Value = serde_json::from_str(W1).unwrap();
        assert_eq!(
            parse_cloud(&body),
            vec![DeliveryUpdate {
                provider_message_id: "wamid.TEST".into(),
                report: DeliveryReport::Delivered
            }]
        );
        let ack = json!({"event": "message.ack", "payload": {"id": "true_62@c.us_A", "ack": 3, "ackName": "READ"}});
        assert_eq!(parse_waha(&ack)[0].report, DeliveryReport::Read);
        let fonnte = json!({"device": "628", "id": "80367170", "status": "invalid", "state": ""});
        assert!(matches!(
            parse_fonnte(&fonnte)[0].report,
            DeliveryReport::Failed(_)
        ));
    }
}
