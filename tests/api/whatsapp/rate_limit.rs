//! One message per second per sender, held across two instances sharing Redis.

use std::time::Duration;

use serde_json::json;

use super::mocks::{self, TOKEN};
use super::{WAIT, create_sender, send_test, settings_for, spawn_on};
use crate::helpers::{eventually, fresh_database};

#[tokio::test]
async fn two_instances_sharing_redis_never_send_two_messages_from_one_sender_within_a_second() {
    let db = fresh_database().await;
    // Both instances share the database, the keys (credentials are sealed) and Redis.
    let settings = settings_for(&db, true).await;
    let a = spawn_on(settings.clone()).await;
    let b = spawn_on(settings).await;
    let token = a.root_token().await;
    let mock = mocks::start().await;
    create_sender(
        &a,
        &token,
        json!({"name": "WAHA", "provider": "WAHA", "baseUrl": mock.url, "token": TOKEN}),
    )
    .await;
    let token_b = b.root_token().await;
    for i in 0..5 {
        let (app, t) = if i % 2 == 0 {
            (&a, &token)
        } else {
            (&b, &token_b)
        };
        send_test(app, t, &format!("08123456789{i}"), &format!("pesan {i}")).await;
    }
    let all_sent = eventually(WAIT + Duration::from_secs(10), || async {
        mock.mock.sends().len() >= 5
    })
    .await;
    if !all_sent {
        let rows: Vec<(String, i32, i32, Option<String>)> = sqlx::query_as(
            "select status, attempts, waits, last_error from outbox where kind = 'whatsapp.send'",
        )
        .fetch_all(a.pool())
        .await
        .unwrap();
        panic!("only {} of 5 sent; rows: {rows:?}", mock.mock.sends().len());
    }
    let mut at: Vec<_> = mock.mock.sends().iter().map(|c| c.at).collect();
    at.sort();
    let gaps: Vec<Duration> = at.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps.iter().all(|g| *g >= Duration::from_secs(1)),
        "two sends within a second: {gaps:?}"
    );
    assert_eq!(mock.mock.sends().len(), 5, "a message was sent twice");
}
