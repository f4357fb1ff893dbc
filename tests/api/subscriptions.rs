//! GraphQL subscriptions over `/graphql/ws`, spoken by a real graphql-transport-ws client.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

use crate::helpers::{TestApp, spawn_app};

const EVENTS: &str = "subscription($p:Int){ events(afterPosition:$p) { position aggregateType aggregateId eventType recordedAt } }";
const VOUCHERS_CHANGED: &str = "subscription($l:String!){ vouchersChanged(locationId:$l) { locationId position vouchers { code status locationId } } }";

/// A graphql-transport-ws client: one connection, any number of subscriptions.
pub(crate) struct WsClient {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    ids: u32,
}

impl WsClient {
    /// Opens `/graphql/ws`, sends `connection_init` (with the token, if any), waits for the ack.
    pub(crate) async fn connect(app: &TestApp, token: Option<&str>) -> WsClient {
        let url = format!("{}/graphql/ws", app.url.replacen("http://", "ws://", 1));
        let mut req = url.into_client_request().unwrap();
        req.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            HeaderValue::from_static("graphql-transport-ws"),
        );
        let (ws, resp) = timeout(Duration::from_secs(10), connect_async(req))
            .await
            .expect("websocket connect timed out")
            .expect("websocket handshake failed");
        let proto = resp
            .headers()
            .get("sec-websocket-protocol")
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(proto.as_deref(), Some("graphql-transport-ws"));
        let mut client = WsClient { ws, ids: 0 };
        let payload = token.map_or(
            json!({}),
            |t| json!({ "Authorization": format!("Bearer {t}") }),
        );
        client
            .send(json!({ "type": "connection_init", "payload": payload }))
            .await;
        let ack = client
            .recv(Duration::from_secs(10))
            .await
            .expect("no connection_ack");
        assert_eq!(
            ack["type"], "connection_ack",
            "unexpected reply to connection_init: {ack}"
        );
        client
    }

    async fn send(&mut self, msg: Value) {
        self.ws
            .send(Message::text(msg.to_string()))
            .await
            .expect("websocket send failed");
    }

    /// Starts a subscription; returns its id.
    pub(crate) async fn subscribe(&mut self, query: &str, variables: Value) -> String {
        self.ids += 1;
        let id = self.ids.to_string();
        self.send(json!({ "type": "subscribe", "id": id, "payload": { "query": query, "variables": variables } }))
            .await;
        id
    }

    /// The next protocol message (answering pings on the way), or None after `wait`.
    pub(crate) async fn recv(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return None,
                Ok(None) => panic!("websocket closed by the server"),
                Ok(Some(frame)) => frame.expect("websocket read failed"),
            };
            match frame {
                Message::Text(text) => {
                    let msg: Value =
                        serde_json::from_str(text.as_str()).expect("message is not JSON");
                    if msg["type"] == "ping" {
                        self.send(json!({ "type": "pong" })).await;
                        continue;
                    }
                    return Some(msg);
                }
                Message::Close(frame) => panic!("websocket closed by the server: {frame:?}"),
                _ => continue,
            }
        }
    }

    /// The payload of the next `next` for subscription `id`, or None after `wait`. Panics on
    /// `error`, `complete` or a payload carrying errors.
    pub(crate) async fn next(&mut self, id: &str, wait: Duration) -> Option<Value> {
        let msg = self.recv(wait).await?;
        assert_eq!(msg["id"], id, "message for another subscription: {msg}");
        assert_eq!(msg["type"], "next", "expected next: {msg}");
        assert!(
            msg["payload"]["errors"].is_null(),
            "subscription failed: {msg}"
        );
        Some(msg["payload"]["data"].clone())
    }
}

fn position(event: &Value) -> i64 {
    event["position"]
        .as_i64()
        .unwrap_or_else(|| panic!("event without position: {event}"))
}

async fn positions_after(app: &TestApp, p: i64) -> Vec<i64> {
    sqlx::query_scalar("select position from events where position > $1 order by position")
        .bind(p)
        .fetch_all(app.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_events_subscription_delivers_events_committed_after_subscribing() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let before = app
        .count("select coalesce(max(position), 0) from events")
        .await;
    let mut ws = WsClient::connect(&app, Some(&token)).await;
    let id = ws.subscribe(EVENTS, json!({})).await;

    // The subscription goes live when the server has run its resolver; keep writing until
    // something arrives, so an event written just before that cannot make the test hang.
    let mut first = None;
    for attempt in 0..10 {
        app.create_location(&token, &format!("Desa {attempt}"))
            .await;
        if let Some(data) = ws.next(&id, Duration::from_secs(3)).await {
            first = Some(data["events"].clone());
            break;
        }
    }
    let event = first.expect("no event arrived over the websocket");
    let p = position(&event);
    assert!(
        p > before,
        "an event from before subscribing was delivered: {event}"
    );
    let (agg_type, agg_id, event_type, recorded_at): (String, String, String, chrono::DateTime<chrono::Utc>) =
        sqlx::query_as("select aggregate_type, aggregate_id, event_type, recorded_at from events where position = $1")
            .bind(p)
            .fetch_one(app.pool())
            .await
            .unwrap();
    assert_eq!(event["aggregateType"], agg_type.as_str());
    assert_eq!(event["aggregateType"], "Location");
    assert_eq!(event["aggregateId"], agg_id.as_str());
    assert_eq!(event["eventType"], event_type.as_str());
    let delivered: chrono::DateTime<chrono::Utc> =
        event["recordedAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(delivered, recorded_at);

    // Later events keep coming, in commit order, until the new location's own event.
    let newer = app.create_location(&token, "Desa Berikutnya").await;
    let mut last = p;
    for _ in 0..20 {
        let data = ws
            .next(&id, Duration::from_secs(10))
            .await
            .expect("the next event did not arrive");
        let e = &data["events"];
        assert!(position(e) > last, "out of order: {e} after {last}");
        last = position(e);
        if e["aggregateId"] == newer.as_str() {
            assert_eq!(e["eventType"], "LocationCreated");
            return;
        }
    }
    panic!("the event of the location created after subscribing never arrived");
}

#[tokio::test]
async fn the_events_subscription_resumes_after_a_position_without_a_gap_then_continues_live() {
    let app = spawn_app().await;
    // No saga writes meanwhile: the log grows only by what this test does, one command at a time.
    app.router.offline.store(true, Ordering::SeqCst);
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    // More than one 500-event page, so the replay crosses a page boundary.
    let r = app.generate(&token, &loc, "1 Hari", 600).await;
    assert!(r["errors"].is_null(), "generateVouchers failed: {r}");
    let p: i64 =
        sqlx::query_scalar("select position from events order by position offset 2 limit 1")
            .fetch_one(app.pool())
            .await
            .unwrap();
    let expected = positions_after(&app, p).await;
    assert!(
        expected.len() > 600,
        "expected the batch in the log, got {} events",
        expected.len()
    );

    let mut ws = WsClient::connect(&app, Some(&token)).await;
    let id = ws.subscribe(EVENTS, json!({ "p": p })).await;
    let mut received = Vec::new();
    while received.len() < expected.len() {
        let Some(data) = ws.next(&id, Duration::from_secs(10)).await else {
            panic!(
                "replay stalled after {} of {} events",
                received.len(),
                expected.len()
            );
        };
        received.push(position(&data["events"]));
    }
    let unique: BTreeSet<i64> = received.iter().copied().collect();
    assert_eq!(
        unique.len(),
        received.len(),
        "duplicate events in the replay"
    );
    assert_eq!(unique, expected.iter().copied().collect::<BTreeSet<_>>());
    assert!(
        received.windows(2).all(|w| w[0] < w[1]),
        "replay is not in commit order"
    );
    assert!(
        ws.recv(Duration::from_millis(500)).await.is_none(),
        "an event beyond the log arrived"
    );

    // Then live: the very next event in the log, nothing skipped.
    app.create_location(&token, "Desa Baru").await;
    let live = ws
        .next(&id, Duration::from_secs(10))
        .await
        .expect("no live event after the replay");
    let newest = *expected.last().unwrap();
    assert_eq!(
        position(&live["events"]),
        positions_after(&app, newest).await[0]
    );
    assert_eq!(live["events"]["eventType"], "LocationCreated");
}

fn codes(vouchers: &Value) -> BTreeSet<String> {
    let list = vouchers
        .as_array()
        .unwrap_or_else(|| panic!("not a voucher list: {vouchers}"));
    list.iter()
        .map(|v| v["code"].as_str().unwrap().to_string())
        .collect()
}

/// Generates 3 vouchers at `loc` (again, until `sub` fires); returns the change and how many
/// of its vouchers `rm_vouchers` held at the instant the message arrived.
async fn generate_until_fired(
    app: &TestApp,
    token: &str,
    loc: &str,
    ws: &mut WsClient,
    sub: &str,
) -> (Value, i64) {
    let mut batches: Vec<BTreeSet<String>> = Vec::new();
    for _ in 0..10 {
        let (generated, fired) = tokio::join!(app.generate(token, loc, "1 Hari", 3), async {
            let data = ws.next(sub, Duration::from_secs(5)).await?;
            let change = data["vouchersChanged"].clone();
            let got: Vec<String> = codes(&change["vouchers"]).into_iter().collect();
            let held: i64 = sqlx::query_scalar(
                "select count(*) from rm_vouchers where location_id = $1 and code = any($2)",
            )
            .bind(loc)
            .bind(&got)
            .fetch_one(app.pool())
            .await
            .unwrap();
            Some((change, held))
        });
        batches.push(codes(&generated["data"]["generateVouchers"]["vouchers"]));
        if let Some((change, held)) = fired {
            let got = codes(&change["vouchers"]);
            assert!(
                batches.iter().any(|b| b.is_subset(&got)),
                "no generated batch in {change}"
            );
            assert_eq!(
                usize::try_from(held).unwrap(),
                got.len(),
                "vouchers reported before the read model held them"
            );
            return (change, held);
        }
    }
    panic!("vouchersChanged never fired for {loc}");
}

#[tokio::test]
async fn vouchers_changed_fires_after_the_read_model_commits_and_only_for_its_location() {
    let app = spawn_app().await;
    app.router.offline.store(true, Ordering::SeqCst);
    let token = app.root_token().await;
    let a = app.create_location(&token, "Desa A").await;
    app.create_profile(&token, &a, "1 Hari").await;
    let b = app.create_location(&token, "Desa B").await;
    app.create_profile(&token, &b, "1 Hari").await;
    let mut ws_a = WsClient::connect(&app, Some(&token)).await;
    let mut ws_b = WsClient::connect(&app, Some(&token)).await;
    let sub_b = ws_b.subscribe(VOUCHERS_CHANGED, json!({ "l": b })).await;
    let sub_a = ws_a.subscribe(VOUCHERS_CHANGED, json!({ "l": a })).await;

    let (change, held) = generate_until_fired(&app, &token, &a, &mut ws_a, &sub_a).await;
    assert!(held >= 3, "{change}");
    assert_eq!(change["locationId"], a.as_str());
    assert!(
        change["vouchers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["locationId"] == a.as_str() && v["status"] == "GENERATED")
    );
    assert!(
        ws_b.recv(Duration::from_millis(300)).await.is_none(),
        "a change at A fired for B"
    );

    let (change, held) = generate_until_fired(&app, &token, &b, &mut ws_b, &sub_b).await;
    assert!(held >= 3, "{change}");
    assert!(
        change["vouchers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["locationId"] == b.as_str())
    );
    // B's change has been committed and published; A's subscription must stay silent.
    let stray = ws_a.recv(Duration::from_secs(1)).await;
    assert!(stray.is_none(), "a change at B fired for A: {stray:?}");
}

#[tokio::test]
async fn a_subscription_without_a_token_is_unauthenticated() {
    let app = spawn_app().await;
    let mut ws = WsClient::connect(&app, None).await;
    for (query, variables) in [
        (EVENTS, json!({})),
        (VOUCHERS_CHANGED, json!({ "l": "anywhere" })),
    ] {
        let id = ws.subscribe(query, variables).await;
        let msg = ws
            .recv(Duration::from_secs(10))
            .await
            .expect("no reply to an unauthenticated subscribe");
        assert_eq!(msg["id"], id.as_str());
        // graphql-transport-ws allows either an `error` message or a `next` carrying errors.
        let errors = match msg["type"].as_str() {
            Some("error") => msg["payload"].clone(),
            Some("next") => msg["payload"]["errors"].clone(),
            _ => panic!("unexpected reply: {msg}"),
        };
        assert_eq!(errors[0]["extensions"]["code"], "UNAUTHENTICATED", "{msg}");
        if msg["type"] == "next" {
            let done = ws
                .recv(Duration::from_secs(10))
                .await
                .expect("no complete after the error");
            assert_eq!(done, json!({ "type": "complete", "id": id }));
        }
    }

    // An operator is authenticated but the event log needs admin.
    let root = app.root_token().await;
    let r = app
        .gql(
            Some(&root),
            "mutation{ createAdmin(input:{username:\"kasir\", password:\"kasir-password-1\", role:OPERATOR}) { id } }",
            json!({}),
        )
        .await;
    assert!(r["errors"].is_null(), "createAdmin failed: {r}");
    let operator = app.login("kasir", "kasir-password-1").await;
    let mut ws = WsClient::connect(&app, Some(&operator)).await;
    let id = ws.subscribe(EVENTS, json!({})).await;
    let msg = ws.recv(Duration::from_secs(10)).await.expect("no reply");
    assert_eq!(msg["id"], id.as_str());
    assert_eq!(
        msg["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{msg}"
    );
}
