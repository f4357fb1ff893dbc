//! The transport's limits (ADR 0023): a client trickling its head or body is cut off while
//! others are served, requests past the concurrency limit are answered 503 at once,
//! introspection can be closed to callers without a token, token times (`nbf`, `iat`) are
//! checked, and thousands of repeated mistakes answer a capped error list.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use secrecy::SecretString;
use serde_json::{Value, json};
use tagih::config::Settings;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Spawn, TestApp, code, fresh_database, spawn_from, test_settings};

pub const JWT_SECRET: &str = "a-test-secret-that-is-long-enough-0123456789";

/// A running app whose settings `configure` adjusted (the JWT secret is [`JWT_SECRET`]).
pub async fn spawn_configured(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let db_url = fresh_database().await;
    let mut settings = test_settings(&db_url, false).await;
    settings.security.jwt_secret = Some(SecretString::from(JWT_SECRET.to_string()));
    configure(&mut settings);
    spawn_from(settings, db_url, Spawn::default().worker).await
}

async fn health_answers(app: &TestApp) -> bool {
    let started = Instant::now();
    let r = app.client.get(format!("{}/health", app.url)).send().await;
    r.is_ok_and(|r| r.status().is_success()) && started.elapsed() < Duration::from_secs(2)
}

/// Sends `head` and then `trickle` one byte at a time every 200 ms (for as long as the
/// server reads); returns what the server answered and how long until it closed.
async fn trickle(address: SocketAddr, head: &str, trickle: &[u8]) -> (String, Duration) {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let started = Instant::now();
    stream.write_all(head.as_bytes()).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let writer = {
        let trickle = trickle.to_vec();
        tokio::spawn(async move {
            for byte in trickle {
                tokio::time::sleep(Duration::from_millis(200)).await;
                if write.write_all(&[byte]).await.is_err() {
                    return;
                }
            }
        })
    };
    let mut answer = Vec::new();
    let read_all = read.read_to_end(&mut answer);
    let _ = tokio::time::timeout(Duration::from_secs(20), read_all).await;
    let took = started.elapsed();
    writer.abort();
    (String::from_utf8_lossy(&answer).into_owned(), took)
}

#[tokio::test]
async fn a_client_trickling_its_head_or_body_is_cut_off_while_others_are_served() {
    let app = spawn_configured(|s| {
        s.server.header_read_timeout_ms = 1_000;
        s.api.body_timeout_ms = 1_500;
        s.api.request_timeout_ms = 3_000;
    })
    .await;

    // Headers that never end: one byte every 200 ms, for ~20 s if allowed.
    let address = app.app.address;
    let head_trickle = tokio::spawn(async move {
        let headers = format!("X-Slow: {}", "a".repeat(100));
        trickle(
            address,
            "POST /graphql HTTP/1.1\r\nHost: t\r\n",
            headers.as_bytes(),
        )
        .await
    });
    // A body announced as 1000 bytes, sent one byte every 200 ms.
    let body_trickle = tokio::spawn(async move {
        let head = "POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
        trickle(address, head, &[b' '; 1000]).await
    });
    // Meanwhile other clients are served.
    for _ in 0..5 {
        assert!(health_answers(&app).await, "others were not served");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (answer, took) = head_trickle.await.unwrap();
    assert!(
        took < Duration::from_secs(4),
        "a trickled head held its connection {took:?}: {answer}"
    );
    let (answer, took) = body_trickle.await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "a trickled body was answered {answer:?}"
    );
    assert!(answer.contains("REQUEST_TIMEOUT"), "{answer}");
    assert!(took < Duration::from_secs(4), "took {took:?}");
    assert!(health_answers(&app).await);
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_header_timeout() {
    let app = spawn_configured(|s| s.server.header_read_timeout_ms = 800).await;
    let mut stream = TcpStream::connect(app.app.address).await.unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the idle connection stayed open");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn requests_past_the_concurrency_limit_are_answered_503_at_once() {
    let app = spawn_configured(|s| {
        s.api.max_concurrent_requests = 2;
        s.api.body_timeout_ms = 5_000;
    })
    .await;
    // Two requests hold both slots: their bodies never finish (until the body deadline).
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(app.app.address).await.unwrap();
        stream
            .write_all(b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
            .await
            .unwrap();
        held.push(stream);
    }
    // The slots are taken once the server has read those heads; a third request is then
    // refused at once, with Retry-After.
    let refused = crate::helpers::eventually(Duration::from_secs(5), || async {
        let r = app
            .client
            .get(format!("{}/health", app.url))
            .send()
            .await
            .unwrap();
        r.status() == 503
    })
    .await;
    assert!(refused, "the third request was not refused");
    let started = Instant::now();
    let r = app
        .client
        .post(format!("{}/graphql", app.url))
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(r.headers()["retry-after"], "1");
    let body: Value = r.json().await.unwrap();
    assert_eq!(code(&body), "OVERLOADED", "{body}");
    // When the held requests time out, their slots come back.
    for mut stream in held {
        let mut answer = Vec::new();
        let _ =
            tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
        assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 408"));
    }
    assert!(health_answers(&app).await, "slots were not given back");
}

const INTROSPECTION: &str = "{ __schema { queryType { name } } }";

#[tokio::test]
async fn introspection_is_open_by_default() {
    let app = spawn_configured(|_| {}).await;
    let r = app.gql(None, INTROSPECTION, json!({})).await;
    assert_eq!(
        r["data"]["__schema"]["queryType"]["name"], "QueryRoot",
        "{r}"
    );
}

#[tokio::test]
async fn introspection_can_be_closed_to_callers_without_a_valid_token() {
    let app = spawn_configured(|s| s.api.public_introspection = false).await;
    for token in [None, Some("garbage")] {
        let r = app.gql(token, INTROSPECTION, json!({})).await;
        assert!(
            r["data"]["__schema"].is_null(),
            "introspection answered: {r}"
        );
        let r = app
            .gql(token, "{ __type(name: \"QueryRoot\") { name } }", json!({}))
            .await;
        assert!(r["data"]["__type"].is_null(), "introspection answered: {r}");
    }
    // __typename is not introspection of the schema.
    let r = app.gql(None, "{ __typename }", json!({})).await;
    assert_eq!(r["data"]["__typename"], "QueryRoot", "{r}");
    let token = app.root_token().await;
    let r = app.gql(Some(&token), INTROSPECTION, json!({})).await;
    assert_eq!(
        r["data"]["__schema"]["queryType"]["name"], "QueryRoot",
        "{r}"
    );
}

/// A token signed with the server's secret, for root's current session, with chosen times.
async fn token_with_times(app: &TestApp, adjust: impl FnOnce(&mut Value)) -> String {
    let real = app.root_token().await;
    let payload = real.split('.').nth(1).unwrap();
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    let mut claims: Value = serde_json::from_slice(&bytes).unwrap();
    adjust(&mut claims);
    encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap()
}

#[tokio::test]
async fn tokens_not_yet_valid_or_issued_in_the_future_are_refused() {
    let app = spawn_configured(|_| {}).await;
    let now = chrono::Utc::now().timestamp();
    let me = "{ me { username } }";
    // The same claims as issued work (the forging is sound).
    let same = token_with_times(&app, |_| {}).await;
    let r = app.gql(Some(&same), me, json!({})).await;
    assert_eq!(r["data"]["me"]["username"], "root", "{r}");
    let within_leeway = token_with_times(&app, |c| c["nbf"] = json!(now + 30)).await;
    let r = app.gql(Some(&within_leeway), me, json!({})).await;
    assert_eq!(r["data"]["me"]["username"], "root", "{r}");

    let cases = [
        ("nbf an hour ahead", json!({"nbf": now + 3600})),
        ("iat an hour ahead", json!({"iat": now + 3600})),
        ("expired", json!({"exp": now - 3600})),
    ];
    for (what, times) in cases {
        let token = token_with_times(&app, |c| {
            for (k, v) in times.as_object().unwrap() {
                c[k] = v.clone();
            }
        })
        .await;
        let r = app.gql(Some(&token), me, json!({})).await;
        assert_eq!(code(&r), "UNAUTHENTICATED", "{what}: {r}");
    }
}

#[tokio::test]
async fn thousands_of_repeated_mistakes_answer_a_capped_error_list() {
    let app = spawn_configured(|_| {}).await;
    // Under the complexity limit (1000), which is checked before the rest.
    let fields: String = (0..900).map(|i| format!("f{i}: nope ")).collect();
    let directives = "@skip(if: false) ".repeat(3000);
    let cases = [
        ("unknown fields", format!("{{ {fields} }}")),
        (
            "duplicate directives",
            format!("{{ __typename {directives} }}"),
        ),
        (
            "unknown directives on many fields",
            format!(
                "{{ {} }}",
                (0..100)
                    .map(|i| format!("a{i}: me @a @b @c @d @e {{ id }} "))
                    .collect::<String>()
            ),
        ),
    ];
    for (what, query) in cases {
        let r = app.gql(None, &query, json!({})).await;
        let errors = r["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{what}: {r}"));
        assert!(
            errors.len() <= 51,
            "{what}: {} errors answered",
            errors.len()
        );
        if errors.len() == 51 {
            let last = &errors[50];
            assert_eq!(
                last["extensions"]["code"], "TOO_MANY_ERRORS",
                "{what}: {last}"
            );
            assert!(last["extensions"]["dropped"].as_u64().unwrap() > 0);
        }
    }
    // The unknown-fields case is long for sure: it must be cut with the count.
    let r = app.gql(None, &format!("{{ {fields} }}"), json!({})).await;
    let errors = r["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 51, "{r}");
    let dropped = errors[50]["extensions"]["dropped"].as_u64().unwrap();
    assert_eq!(dropped, 850, "{}", errors[50]);
}
