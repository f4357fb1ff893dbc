//! Delivery webhooks: signatures checked (401 and nothing written when wrong), statuses
//! move messages forward, Meta's verification handshake.

use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::{Sha256, Sha512};

use tagih_aggregates::whatsapp_sender::Provider;
use tagih_commands::Metadata;
use tagih_commands::whatsapp::{self, SenderCredentials, SenderInput};

use super::mocks::{self, PHONE_NUMBER_ID, TOKEN};
use super::{create_sender, message_with_status, send_test, spawn};
use crate::helpers::TestApp;
use crate::lagging_answers::Hold;

fn hex_hmac512(key: &str, body: &[u8]) -> String {
    let mut m = Hmac::<Sha512>::new_from_slice(key.as_bytes()).unwrap();
    m.update(body);
    hex::encode(m.finalize().into_bytes())
}

fn hex_hmac256(key: &str, body: &[u8]) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    m.update(body);
    hex::encode(m.finalize().into_bytes())
}

async fn post(
    app: &TestApp,
    path: &str,
    header: (&str, String),
    body: &str,
) -> reqwest::StatusCode {
    app.client
        .post(format!("{}{path}", app.url))
        .header(header.0, header.1)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn waha_acks_with_a_valid_hmac_move_the_message_forward_and_bad_signatures_are_refused() {
    let app = spawn().await;
    let token = app.root_token().await;
    let mock = mocks::start().await;
    create_sender(&app, &token, json!({"name": "WAHA", "provider": "WAHA", "baseUrl": mock.url, "token": TOKEN, "webhookSecret": "hmac-key"})).await;
    let id = send_test(&app, &token, "081234567890", "halo").await;
    let sent = message_with_status(&app, &token, &id, "SENT").await;
    let provider_id = sent["providerMessageId"].as_str().unwrap();
    let ack = |n: i64| {
        json!({"event": "message.ack", "session": "default", "payload": {"id": provider_id, "ack": n}}).to_string()
    };

    let events_before = app.count("select count(*) from events").await;
    let read = ack(3);
    let status = post(
        &app,
        "/webhooks/whatsapp/waha",
        ("x-webhook-hmac", hex_hmac512("wrong-key", read.as_bytes())),
        &read,
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(
        app.count("select count(*) from events").await,
        events_before,
        "a refused webhook wrote"
    );

    let status = post(
        &app,
        "/webhooks/whatsapp/waha",
        ("x-webhook-hmac", hex_hmac512("hmac-key", read.as_bytes())),
        &read,
    )
    .await;
    assert_eq!(status, 200);
    message_with_status(&app, &token, &id, "READ").await;
    // A late delivered ack and a repeat change nothing.
    for body in [ack(2), read.clone()] {
        let status = post(
            &app,
            "/webhooks/whatsapp/waha",
            ("x-webhook-hmac", hex_hmac512("hmac-key", body.as_bytes())),
            &body,
        )
        .await;
        assert_eq!(status, 200);
    }
    assert_eq!(
        app.count(
            "select count(*) from events where event_type in ('MessageRead', 'MessageDelivered')"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn cloud_api_statuses_are_verified_with_the_app_secret_and_the_handshake_echoes_the_challenge()
 {
    let app = spawn().await;
    let token = app.root_token().await;
    let mock = mocks::start().await;
    create_sender(
        &app,
        &token,
        json!({"name": "Cloud", "provider": "CLOUD_API", "baseUrl": mock.url, "token": TOKEN, "phoneNumberId": PHONE_NUMBER_ID,
               "webhookSecret": "test_app_secret", "verifyToken": "verify-me"}),
    )
    .await;
    let challenge = app
        .client
        .get(format!("{}/webhooks/whatsapp/cloud_api?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=12345", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(challenge.status(), 200);
    assert_eq!(challenge.text().await.unwrap(), "12345");
    let refused = app
        .client
        .get(format!("{}/webhooks/whatsapp/cloud_api?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    let id = send_test(&app, &token, "081234567890", "halo").await;
    let sent = message_with_status(&app, &token, &id, "SENT").await;
    let wamid = sent["providerMessageId"].as_str().unwrap();
    let body = json!({"object": "whatsapp_business_account", "entry": [{"id": "0", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "statuses": [{"id": wamid, "status": "delivered", "timestamp": "1700000000", "recipient_id": "6281234567890"}]}}]}]})
    .to_string();
    let bad = post(
        &app,
        "/webhooks/whatsapp/cloud_api",
        (
            "x-hub-signature-256",
            format!("sha256={}", hex_hmac256("other", body.as_bytes())),
        ),
        &body,
    )
    .await;
    assert_eq!(bad, 401);
    let good = post(
        &app,
        "/webhooks/whatsapp/cloud_api",
        (
            "x-hub-signature-256",
            format!("sha256={}", hex_hmac256("test_app_secret", body.as_bytes())),
        ),
        &body,
    )
    .await;
    assert_eq!(good, 200);
    message_with_status(&app, &token, &id, "DELIVERED").await;
}

/// The webhook verifies against the sender aggregates, not `rm_wa_senders` (ADR 0022): a
/// sender added while the projections are held off has its reports accepted at once.
#[tokio::test]
async fn a_sender_added_while_the_read_models_lag_has_its_reports_verified() {
    let app = spawn().await;
    let token = app.root_token().await;
    let mock = mocks::start().await;
    create_sender(&app, &token, json!({"name": "WAHA", "provider": "WAHA", "baseUrl": mock.url, "token": TOKEN, "webhookSecret": "hmac-key"})).await;
    let id = send_test(&app, &token, "081234567890", "halo").await;
    let sent = message_with_status(&app, &token, &id, "SENT").await;
    let provider_id = sent["providerMessageId"].as_str().unwrap().to_string();

    let hold = Hold::new(&app).await;
    let input = SenderInput {
        name: Some("WAHA 2".into()),
        provider: Some(Provider::Waha),
        base_url: Some(mock.url.clone()),
        credentials: Some(SenderCredentials {
            token: Some(TOKEN.into()),
            webhook_secret: Some("second-key".into()),
            verify_token: None,
        }),
        ..SenderInput::default()
    };
    let (sender, _) = whatsapp::create_sender(
        &app.app.bus,
        &app.app.secrets,
        input,
        &Metadata::system("test"),
    )
    .await
    .unwrap();
    let in_read_model = format!("select count(*) from rm_wa_senders where id = '{sender}'");
    assert_eq!(app.count(&in_read_model).await, 0, "the read model lags");

    let read = json!({"event": "message.ack", "session": "default", "payload": {"id": provider_id, "ack": 3}}).to_string();
    let wrong = ("x-webhook-hmac", hex_hmac512("not-a-key", read.as_bytes()));
    assert_eq!(
        post(&app, "/webhooks/whatsapp/waha", wrong, &read).await,
        401
    );
    let signed = ("x-webhook-hmac", hex_hmac512("second-key", read.as_bytes()));
    assert_eq!(
        post(&app, "/webhooks/whatsapp/waha", signed, &read).await,
        200
    );
    assert_eq!(
        app.count("select count(*) from events where event_type = 'MessageRead'")
            .await,
        1
    );
    assert_eq!(
        app.count(&in_read_model).await,
        0,
        "verified while the read model lagged"
    );
    hold.release().await;
}
