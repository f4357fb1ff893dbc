//! WhatsApp notifications end to end against local mock providers that check the real
//! wire format: WAHA, Fonnte and Cloud API sends, failover, the per-sender rate limit across
//! two instances sharing Redis, no resend after a crash, templates, webhooks.

mod delivery;
mod mocks;
mod rate_limit;
mod retries;
mod templates;
mod webhooks;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tagih::config::Settings;
use tagih::startup::{self, Options};

use crate::helpers::{FakeRouter, Spawn, TestApp, fresh_database, test_settings};

pub const WAIT: Duration = Duration::from_secs(15);

/// Settings with quiet hours off (tests run at any hour).
pub async fn settings_for(db_url: &str, redis: bool) -> Settings {
    let mut settings = test_settings(db_url, redis).await;
    settings.whatsapp.quiet_start = String::new();
    settings.whatsapp.quiet_end = String::new();
    settings
}

/// An app on these settings (two apps on clones share the database, keys and Redis prefix).
pub async fn spawn_on(settings: Settings) -> TestApp {
    let db_url = settings
        .database
        .url
        .as_ref()
        .map(|u| secrecy::ExposeSecret::expose_secret(u).to_string())
        .unwrap_or_default();
    let router = Arc::new(FakeRouter::default());
    let options = Options {
        clock: Arc::new(tagih_commands::SystemClock),
        router_gateway: router.clone(),
        worker: Spawn::default().worker,
    };
    let app = startup::build(settings, options)
        .await
        .expect("app failed to start");
    TestApp {
        url: format!("http://{}", app.address),
        app,
        db_url,
        client: reqwest::Client::new(),
        router,
    }
}

pub async fn spawn() -> TestApp {
    spawn_on(settings_for(&fresh_database().await, false).await).await
}

const SENDER_FIELDS: &str = "id name provider priority active healthOk healthError";

pub async fn create_sender(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!(
        "mutation($i: WhatsAppSenderInput!) {{ createWhatsappSender(input: $i) {{ {SENDER_FIELDS} }} }}"
    );
    let r = app.gql(Some(token), &q, json!({"i": input})).await;
    assert!(r["errors"].is_null(), "createWhatsappSender failed: {r}");
    r["data"]["createWhatsappSender"].clone()
}

pub async fn senders(app: &TestApp, token: &str) -> Value {
    let q = format!("{{ whatsappSenders {{ {SENDER_FIELDS} }} }}");
    app.gql(Some(token), &q, json!({})).await["data"]["whatsappSenders"].clone()
}

/// Queues a free-text test message; returns its id.
pub async fn send_test(app: &TestApp, token: &str, to: &str, text: &str) -> String {
    let r = app
        .gql(
            Some(token),
            "mutation($to: String!, $t: String) { sendTestMessage(to: $to, text: $t) { id status } }",
            json!({"to": to, "t": text}),
        )
        .await;
    r["data"]["sendTestMessage"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("sendTestMessage failed: {r}"))
        .to_string()
}

pub async fn message(app: &TestApp, token: &str, id: &str) -> Value {
    let r = app
        .gql(
            Some(token),
            "query($id: String!) { whatsappMessage(id: $id) { id to status attempts senderId provider providerMessageId lastError text } }",
            json!({"id": id}),
        )
        .await;
    r["data"]["whatsappMessage"].clone()
}

/// Waits until the message reaches `status`; returns it.
pub async fn message_with_status(app: &TestApp, token: &str, id: &str, status: &str) -> Value {
    let mut last = Value::Null;
    let start = std::time::Instant::now();
    while start.elapsed() < WAIT {
        last = message(app, token, id).await;
        if last["status"] == status {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("message never became {status}: {last}");
}
