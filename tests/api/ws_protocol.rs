//! graphql-transport-ws as PROTOCOL.md says, one test per close code (ADR 0023), spoken
//! with tokio-tungstenite frame by frame; and a session that ends takes its running
//! subscriptions with it at once, without waiting for an event to deliver.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

use crate::helpers::{TestApp, spawn_app};
use crate::http_limits::spawn_configured;
use crate::subscriptions::WsClient;

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const EVENTS: &str = "subscription { events { position } }";

async fn open(app: &TestApp, protocol: Option<&'static str>) -> Ws {
    let url = format!("{}/graphql/ws", app.url.replacen("http://", "ws://", 1));
    let mut req = url.into_client_request().unwrap();
    if let Some(p) = protocol {
        req.headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_static(p));
    }
    let (ws, _) = connect_async(req).await.expect("handshake failed");
    ws
}

async fn send(ws: &mut Ws, message: Value) {
    ws.send(Message::text(message.to_string())).await.unwrap();
}

async fn init(ws: &mut Ws, token: Option<&str>) {
    let payload = token.map_or(
        json!({}),
        |t| json!({"Authorization": format!("Bearer {t}")}),
    );
    send(ws, json!({"type": "connection_init", "payload": payload})).await;
}

/// The next text message (as JSON), or the close frame's code and reason.
async fn next(ws: &mut Ws) -> Result<Value, (u16, String)> {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("nothing from the server in 10 s");
        match frame {
            Some(Ok(Message::Text(text))) => {
                return Ok(serde_json::from_str(text.as_str()).unwrap());
            }
            Some(Ok(Message::Close(Some(frame)))) => {
                return Err((frame.code.into(), frame.reason.to_string()));
            }
            Some(Ok(Message::Close(None))) | None => return Err((0, String::new())),
            Some(Ok(_)) => continue,
            Some(Err(e)) => panic!("websocket error (a malformed close frame?): {e}"),
        }
    }
}

/// Reads until the server closes; returns the code and reason.
async fn closed(ws: &mut Ws) -> (u16, String) {
    loop {
        if let Err(close) = next(ws).await {
            return close;
        }
    }
}

async fn acked(app: &TestApp, token: Option<&str>) -> Ws {
    let mut ws = open(app, Some("graphql-transport-ws")).await;
    init(&mut ws, token).await;
    assert_eq!(next(&mut ws).await, Ok(json!({"type": "connection_ack"})));
    ws
}

#[tokio::test]
async fn subscribe_before_connection_init_closes_4401() {
    let app = spawn_app().await;
    let mut ws = open(&app, Some("graphql-transport-ws")).await;
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }"}}),
    )
    .await;
    assert_eq!(closed(&mut ws).await, (4401, "Unauthorized".into()));
}

#[tokio::test]
async fn an_invalid_message_closes_4400_with_a_reason_that_fits_a_close_frame() {
    let app = spawn_app().await;
    let long_id = "é".repeat(300);
    let invalid = [
        json!("not an object").to_string(),
        "{ not json".to_string(),
        json!({"type": "connection_ack"}).to_string(),
        json!({"type": "subscribe", "id": "1"}).to_string(),
        // serde's message quotes the bad value: long, multi-byte, cut on a boundary.
        json!({"type": long_id, "id": "1"}).to_string(),
        json!({"type": "subscribe", "id": "1", "payload": {"query": long_id.clone(), "variables": [long_id]}}).to_string(),
    ];
    for text in invalid {
        let mut ws = acked(&app, None).await;
        ws.send(Message::text(text.clone())).await.unwrap();
        let (code, reason) = closed(&mut ws).await;
        assert_eq!(code, 4400, "{text}: {reason}");
        assert!(reason.len() <= 123, "{} bytes: {reason}", reason.len());
        assert!(reason.starts_with("Invalid message received"), "{reason}");
    }
}

#[tokio::test]
async fn a_duplicate_subscription_id_closes_4409_and_an_ended_ones_id_may_be_reused() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let mut ws = acked(&app, Some(&token)).await;
    // A finished operation frees its id.
    for _ in 0..2 {
        send(
            &mut ws,
            json!({"type": "subscribe", "id": "q", "payload": {"query": "{ me { username } }"}}),
        )
        .await;
        let result = next(&mut ws).await.unwrap();
        assert_eq!(
            result["payload"]["data"]["me"]["username"], "root",
            "{result}"
        );
        assert_eq!(
            next(&mut ws).await,
            Ok(json!({"type": "complete", "id": "q"}))
        );
    }
    // So does one the client completed.
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "s", "payload": {"query": EVENTS}}),
    )
    .await;
    send(&mut ws, json!({"type": "complete", "id": "s"})).await;
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "s", "payload": {"query": EVENTS}}),
    )
    .await;
    send(&mut ws, json!({"type": "ping"})).await;
    assert_eq!(next(&mut ws).await, Ok(json!({"type": "pong"})));
    // A running one does not.
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "s", "payload": {"query": EVENTS}}),
    )
    .await;
    assert_eq!(
        closed(&mut ws).await,
        (4409, "Subscriber for s already exists".into())
    );
}

#[tokio::test]
async fn no_connection_init_in_time_closes_4408() {
    let app = spawn_configured(|s| s.api.ws_init_timeout_ms = 1_500).await;
    let mut ws = open(&app, Some("graphql-transport-ws")).await;
    // Pings do not count as initialisation.
    send(&mut ws, json!({"type": "ping"})).await;
    assert_eq!(next(&mut ws).await, Ok(json!({"type": "pong"})));
    let started = std::time::Instant::now();
    assert_eq!(
        closed(&mut ws).await,
        (4408, "Connection initialisation timeout".into())
    );
    assert!(started.elapsed() < Duration::from_secs(6));
    // A connection that did initialise stays open past the timeout.
    let mut ws = acked(&app, None).await;
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    send(&mut ws, json!({"type": "ping"})).await;
    assert_eq!(next(&mut ws).await, Ok(json!({"type": "pong"})));
}

#[tokio::test]
async fn a_second_connection_init_closes_4429() {
    let app = spawn_app().await;
    let mut ws = acked(&app, None).await;
    init(&mut ws, None).await;
    assert_eq!(
        closed(&mut ws).await,
        (4429, "Too many initialisation requests".into())
    );
}

#[tokio::test]
async fn a_bad_expired_or_revoked_token_at_connection_init_closes_4403() {
    let app = spawn_app().await;
    let revoked = app.root_token().await;
    let r = app
        .gql(Some(&revoked), "mutation { logout }", json!({}))
        .await;
    assert!(r["errors"].is_null(), "{r}");
    for token in ["garbage", revoked.as_str()] {
        let mut ws = open(&app, Some("graphql-transport-ws")).await;
        init(&mut ws, Some(token)).await;
        let (code, reason) = closed(&mut ws).await;
        assert_eq!(code, 4403, "{reason}");
        assert!(reason.starts_with("Forbidden"), "{reason}");
        assert!(reason.len() <= 123);
    }
}

#[tokio::test]
async fn a_client_without_the_subprotocol_is_closed_4406() {
    let app = spawn_app().await;
    let mut ws = open(&app, None).await;
    assert_eq!(
        closed(&mut ws).await,
        (4406, "Subprotocol not acceptable".into())
    );
    // A client asking only for the legacy `graphql-ws` gets no sub-protocol back, so it
    // refuses the handshake itself (RFC 6455 4.1).
    let url = format!("{}/graphql/ws", app.url.replacen("http://", "ws://", 1));
    let mut req = url.into_client_request().unwrap();
    req.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("graphql-ws"),
    );
    let refused = connect_async(req).await;
    assert!(
        matches!(
            refused,
            Err(tokio_tungstenite::tungstenite::Error::Protocol(
                tokio_tungstenite::tungstenite::error::ProtocolError::SecWebSocketSubProtocolError(
                    _
                )
            ))
        ),
        "{refused:?}"
    );
}

/// No event is written after the logout: the subscription must end by itself.
#[tokio::test]
async fn a_quiet_subscription_ends_at_once_when_its_session_logs_out_or_is_deactivated() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let r = app
        .gql(
            Some(&root),
            "mutation{ createAdmin(input:{username:\"admin2\", password:\"admin2-password-1\", role:ADMIN}) { id } }",
            json!({}),
        )
        .await;
    let admin2 = r["data"]["createAdmin"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_string();
    let admin2_token = app.login("admin2", "admin2-password-1").await;
    let own = app.root_token().await;

    for (token, end) in [
        (own.as_str(), "logout"),
        (admin2_token.as_str(), "deactivate"),
    ] {
        let mut ws = WsClient::connect(&app, Some(token)).await;
        let id = ws.subscribe(EVENTS, json!({})).await;
        // The subscription is registered once a ping behind it is answered.
        assert!(ws.recv(Duration::from_millis(300)).await.is_none());
        let r = match end {
            "logout" => app.gql(Some(token), "mutation { logout }", json!({})).await,
            _ => {
                app.gql(
                    Some(&root),
                    "mutation($id: String!) { setAdminActive(id: $id, active: false) }",
                    json!({"id": admin2}),
                )
                .await
            }
        };
        assert!(r["errors"].is_null(), "{end}: {r}");
        let started = std::time::Instant::now();
        let mut refusal = None;
        while let Some(msg) = ws.recv(Duration::from_secs(5)).await {
            if msg["type"] == "next" && !msg["payload"]["errors"].is_null() {
                refusal = Some(msg);
                break;
            }
        }
        let refusal = refusal.unwrap_or_else(|| panic!("{end}: the subscription did not end"));
        assert_eq!(refusal["id"], id.as_str());
        assert_eq!(
            refusal["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
            "{refusal}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{end}: took {:?}",
            started.elapsed()
        );
        let done = ws.recv(Duration::from_secs(5)).await.expect("no complete");
        assert_eq!(done, json!({"type": "complete", "id": id}));
    }
}

#[tokio::test]
async fn thousands_of_mistakes_over_the_socket_answer_a_capped_error_list() {
    let app = spawn_app().await;
    let mut ws = acked(&app, None).await;
    let fields: String = (0..900).map(|i| format!("f{i}: nope ")).collect();
    let query = format!("subscription {{ {fields} }}");
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "1", "payload": {"query": query}}),
    )
    .await;
    let answer = next(&mut ws).await.unwrap();
    let errors = match answer["type"].as_str() {
        Some("error") => answer["payload"].clone(),
        _ => answer["payload"]["errors"].clone(),
    };
    let errors = errors.as_array().unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(errors.len(), 51, "{answer}");
    assert_eq!(errors[50]["extensions"]["code"], "TOO_MANY_ERRORS");
}

#[tokio::test]
async fn operations_over_the_per_connection_cap_get_an_error_and_the_rest_carry_on() {
    let app = spawn_configured(|s| s.api.ws_max_operations = 3).await;
    let token = app.root_token().await;
    let mut ws = acked(&app, Some(&token)).await;
    for id in ["a", "b", "c"] {
        send(
            &mut ws,
            json!({"type": "subscribe", "id": id, "payload": {"query": EVENTS}}),
        )
        .await;
    }
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "d", "payload": {"query": EVENTS}}),
    )
    .await;
    let refused = next(&mut ws).await.unwrap();
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(refused["id"], "d", "{refused}");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"], "TOO_MANY_OPERATIONS",
        "{refused}"
    );
    // The socket and the three running operations carry on.
    send(&mut ws, json!({"type": "ping"})).await;
    assert_eq!(next(&mut ws).await, Ok(json!({"type": "pong"})));
    // Completing one frees a place: the refused id now runs (a query, to see its answer).
    send(&mut ws, json!({"type": "complete", "id": "a"})).await;
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "d", "payload": {"query": "{ me { username } }"}}),
    )
    .await;
    let answer = next(&mut ws).await.unwrap();
    assert_eq!(answer["id"], "d", "{answer}");
    assert_eq!(
        answer["payload"]["data"]["me"]["username"], "root",
        "{answer}"
    );
    assert_eq!(
        next(&mut ws).await,
        Ok(json!({"type": "complete", "id": "d"}))
    );
    // The cap is per connection: another socket runs its own three.
    let mut other = acked(&app, Some(&token)).await;
    for id in ["a", "b", "c"] {
        send(
            &mut other,
            json!({"type": "subscribe", "id": id, "payload": {"query": EVENTS}}),
        )
        .await;
    }
    send(&mut other, json!({"type": "ping"})).await;
    assert_eq!(next(&mut other).await, Ok(json!({"type": "pong"})));
    // Events still reach the first socket's two running subscriptions.
    let r = app
        .gql(
            Some(&token),
            "mutation{ createAdmin(input:{username:\"capped\", password:\"capped-password-1\", role:ADMIN}) { id } }",
            json!({}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let mut delivered = std::collections::BTreeSet::new();
    while delivered.len() < 2 {
        let m = next(&mut ws).await.unwrap();
        assert_eq!(m["type"], "next", "{m}");
        delivered.insert(m["id"].as_str().unwrap().to_string());
    }
    assert_eq!(delivered, ["b".to_string(), "c".to_string()].into());
}
