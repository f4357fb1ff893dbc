//! A retried `sendTestMessage` messages the customer once: it answers from its own events
//! while the read model lags, and one `Idempotency-Key` queues one message however many
//! copies of the request arrive at once.

use serde_json::json;

use super::mocks::{self, TOKEN};
use super::{create_sender, message_with_status, spawn};
use crate::helpers::code;
use crate::retries::{at_once, hold_horizon, keyed, spawn_impatient};

const SEND: &str = "mutation($to: String!, $t: String) { sendTestMessage(to: $to, text: $t) { id to status text } }";

#[tokio::test]
async fn a_test_message_sent_while_the_read_model_lags_is_answered_from_its_events() {
    let app = spawn_impatient().await;
    let token = app.root_token().await;
    let mock = mocks::start().await;
    create_sender(
        &app,
        &token,
        json!({"name": "WAHA", "provider": "WAHA", "baseUrl": mock.url, "token": TOKEN}),
    )
    .await;
    let held = hold_horizon(&app).await;

    let r = app
        .gql(
            Some(&token),
            SEND,
            json!({"to": "0812-3456-7890", "t": "Tes saat tertinggal"}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let sent = &r["data"]["sendTestMessage"];
    assert_eq!(sent["status"], "QUEUED", "{r}");
    assert_eq!(sent["to"], "6281234567890", "{r}");
    assert_eq!(sent["text"], "Tes saat tertinggal", "{r}");
    let id = sent["id"].as_str().unwrap().to_string();
    // The lag was real: the read model has not seen the message yet.
    let read = app
        .gql(
            Some(&token),
            "query($id: String!) { whatsappMessage(id: $id) { id } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(code(&read), "NOT_FOUND", "{read}");

    drop(held);
    message_with_status(&app, &token, &id, "SENT").await;
    assert_eq!(mock.mock.sends().len(), 1);
}

#[tokio::test]
async fn fifty_concurrent_retries_with_one_key_send_one_message() {
    let app = spawn().await;
    let token = app.root_token().await;
    let mock = mocks::start().await;
    create_sender(
        &app,
        &token,
        json!({"name": "WAHA", "provider": "WAHA", "baseUrl": mock.url, "token": TOKEN}),
    )
    .await;
    let vars = json!({"to": "0812-3456-7890", "t": "Sekali saja"});

    let answers = at_once(&app, &token, "msg-7f3a", SEND, vars.clone(), 50).await;
    let first = answers[0].clone();
    assert_eq!(first.status, 200, "{first:?}");
    assert!(first.json()["errors"].is_null(), "{first:?}");
    assert!(
        answers
            .iter()
            .all(|a| a.body == first.body && a.status == 200),
        "answers differ: {answers:?}"
    );
    assert_eq!(answers.iter().filter(|a| !a.replayed).count(), 1);
    let queued = app
        .count("select count(*) from events where event_type = 'MessageQueued'")
        .await;
    assert_eq!(queued, 1);
    let id = first.json()["data"]["sendTestMessage"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    message_with_status(&app, &token, &id, "SENT").await;
    assert_eq!(
        mock.mock.sends().len(),
        1,
        "one message reached the provider"
    );

    // Later retries get the same first answer; the key with another request is refused.
    let again = keyed(&app, &token, "msg-7f3a", SEND, vars).await;
    assert_eq!(
        (again.body.as_str(), again.replayed),
        (first.body.as_str(), true)
    );
    let other = json!({"to": "0812-3456-7890", "t": "Pesan lain"});
    let refused = keyed(&app, &token, "msg-7f3a", SEND, other.clone()).await;
    assert_eq!(refused.status, 422, "{refused:?}");
    assert_eq!(code(&refused.json()), "IDEMPOTENCY_MISMATCH");
    // A new key is a new message.
    let fresh = keyed(&app, &token, "msg-8b21", SEND, other).await;
    assert!(fresh.json()["errors"].is_null(), "{fresh:?}");
    assert!(!fresh.replayed);
    let queued = app
        .count("select count(*) from events where event_type = 'MessageQueued'")
        .await;
    assert_eq!(queued, 2);
}
