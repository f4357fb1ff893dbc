//! Sending through each provider's real wire format, failover, and no resend after a crash.

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::{Value, json};

use super::mocks::{self, PHONE_NUMBER_ID, TOKEN};
use super::{WAIT, create_sender, message_with_status, send_test, senders, spawn};
use crate::helpers::eventually;

#[tokio::test]
async fn each_provider_gets_its_own_wire_format_and_the_message_records_the_provider_id() {
    let app = spawn().await;
    let token = app.root_token().await;
    let mock = mocks::start().await;
    let cases = [
        (
            json!({"name": "WAHA", "provider": "WAHA", "baseUrl": mock.url, "token": TOKEN}),
            "WAHA",
            "true_6281234567890@c.us_MSG0",
        ),
        (
            json!({"name": "Fonnte", "provider": "FONNTE", "baseUrl": mock.url, "token": TOKEN}),
            "FONNTE",
            "80367171",
        ),
        (
            json!({"name": "Cloud", "provider": "CLOUD_API", "baseUrl": mock.url, "token": TOKEN, "phoneNumberId": PHONE_NUMBER_ID}),
            "CLOUD_API",
            "wamid.MOCK2",
        ),
    ];
    let mut previous: Option<String> = None;
    for (input, provider, provider_id) in cases {
        if let Some(id) = previous.take() {
            let r = app.gql(Some(&token), "mutation($id:String!){ setWhatsappSenderActive(id:$id, active:false) { active } }", json!({"id": id})).await;
            assert_eq!(r["data"]["setWhatsappSenderActive"]["active"], false, "{r}");
        }
        let sender = create_sender(&app, &token, input).await;
        previous = sender["id"].as_str().map(str::to_string);
        let id = send_test(
            &app,
            &token,
            "0812-3456-7890",
            "Tagihan Rp 150.000 jatuh tempo",
        )
        .await;
        let sent = message_with_status(&app, &token, &id, "SENT").await;
        assert_eq!(sent["provider"], provider);
        assert_eq!(sent["providerMessageId"], provider_id);
        assert_eq!(sent["to"], "6281234567890");
    }
    assert_eq!(mock.mock.violations(), Vec::<String>::new());
    let sends = mock.mock.sends();
    assert_eq!(sends.len(), 3);
    let waha: Value = serde_json::from_str(&sends[0].body).unwrap();
    assert_eq!(
        waha,
        json!({"session": "default", "chatId": "6281234567890@c.us", "text": "Tagihan Rp 150.000 jatuh tempo"})
    );
    assert_eq!(sends[1].path, "/send");
    assert_eq!(
        sends[1].headers["authorization"], TOKEN,
        "Fonnte takes the raw token"
    );
    assert_eq!(sends[0].headers["x-api-key"], TOKEN);
    assert!(
        sends[1].body.contains("target=6281234567890"),
        "{}",
        sends[1].body
    );
    assert_eq!(sends[2].path, format!("/v21.0/{PHONE_NUMBER_ID}/messages"));
}

#[tokio::test]
async fn a_failing_or_unreachable_primary_fails_over_to_the_next_sender_by_priority() {
    let app = spawn().await;
    let token = app.root_token().await;
    let failing = mocks::start().await;
    failing.mock.failing.store(true, Ordering::SeqCst);
    let healthy = mocks::start().await;
    let down = mocks::dead_url().await;
    create_sender(&app, &token, json!({"name": "primary", "provider": "WAHA", "baseUrl": failing.url, "token": TOKEN, "priority": 1})).await;
    create_sender(
        &app,
        &token,
        json!({"name": "down", "provider": "WAHA", "baseUrl": down, "token": TOKEN, "priority": 2}),
    )
    .await;
    create_sender(&app, &token, json!({"name": "backup", "provider": "WAHA", "baseUrl": healthy.url, "token": TOKEN, "priority": 3})).await;

    let id = send_test(&app, &token, "081234567890", "halo").await;
    let sent = message_with_status(&app, &token, &id, "SENT").await;
    assert_eq!(failing.mock.sends().len(), 1, "the primary was tried first");
    assert_eq!(healthy.mock.sends().len(), 1);
    assert!(
        sent["providerMessageId"]
            .as_str()
            .unwrap()
            .starts_with("true_")
    );

    // Both broken senders are now known to be down, visibly; the next message goes
    // straight to the backup.
    assert!(
        eventually(WAIT, || async {
            let s = senders(&app, &token).await;
            s[0]["healthOk"] == false && s[1]["healthOk"] == false && s[2]["healthOk"].is_null()
        })
        .await,
        "health not recorded: {}",
        senders(&app, &token).await
    );
    let second = send_test(&app, &token, "081234567891", "halo lagi").await;
    message_with_status(&app, &token, &second, "SENT").await;
    assert_eq!(failing.mock.sends().len(), 1);
    assert_eq!(healthy.mock.sends().len(), 2);

    // The health job brings the primary back once it works again.
    failing.mock.failing.store(false, Ordering::SeqCst);
    app.app
        .scheduler
        .run_now("whatsapp_sender_health")
        .await
        .unwrap();
    assert!(
        eventually(WAIT, || async {
            senders(&app, &token).await[0]["healthOk"] == true
        })
        .await,
        "primary not healthy again"
    );
}

#[tokio::test]
async fn a_message_whose_provider_id_is_stored_is_not_sent_again_when_its_row_is_reclaimed() {
    let app = spawn().await;
    let token = app.root_token().await;
    let mock = mocks::start().await;
    create_sender(
        &app,
        &token,
        json!({"name": "WAHA", "provider": "WAHA", "baseUrl": mock.url, "token": TOKEN}),
    )
    .await;
    let id = send_test(&app, &token, "081234567890", "sekali saja").await;
    message_with_status(&app, &token, &id, "SENT").await;
    assert!(
        eventually(WAIT, || async {
            app.count(
                "select count(*) from outbox where kind = 'whatsapp.send' and status = 'done'",
            )
            .await
                == 1
        })
        .await
    );
    // The crash: the worker sent and recorded the provider id, then died before marking
    // its row — the row is still in flight and its lease has run out. Live workers learn
    // of a lease when they look (the enqueue's notification); this row changed by hand
    // behind their backs, so the notification stands in for that (docs/adr/0013).
    sqlx::query(
        "update outbox set status = 'in_flight', lease_until = now() - interval '1 second'
          where kind = 'whatsapp.send'",
    )
    .execute(app.pool())
    .await
    .unwrap();
    sqlx::query("select pg_notify('outbox', 'whatsapp.send')")
        .execute(app.pool())
        .await
        .unwrap();
    assert!(
        eventually(WAIT, || async {
            app.count("select count(*) from outbox where kind = 'whatsapp.send' and status = 'done' and attempts = 2").await == 1
        })
        .await,
        "the row was not reclaimed"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(mock.mock.sends().len(), 1, "the message was sent twice");
    assert_eq!(
        app.count("select count(*) from events where event_type = 'MessageSent'")
            .await,
        1
    );
}

#[tokio::test]
async fn an_opted_out_number_is_not_messaged_and_the_message_is_cancelled() {
    let app = spawn().await;
    let token = app.root_token().await;
    let mock = mocks::start().await;
    create_sender(
        &app,
        &token,
        json!({"name": "WAHA", "provider": "WAHA", "baseUrl": mock.url, "token": TOKEN}),
    )
    .await;
    let r = app
        .gql(Some(&token), "mutation { setWhatsappOptOut(phone: \"0812 3456 7890\", optedOut: true, reason: \"STOP\") }", json!({}))
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let id = send_test(&app, &token, "081234567890", "promo").await;
    let m = message_with_status(&app, &token, &id, "CANCELLED").await;
    assert_eq!(m["lastError"], "opted out");
    assert!(mock.mock.sends().is_empty());
}
