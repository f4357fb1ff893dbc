//! Property-based fuzzing of the HTTP surface against a real running app: hostile bodies
//! (deep nesting, NUL, invalid UTF-8, huge strings, random JSON and GraphQL) and hostile
//! addresses at `/graphql` and every webhook. Whatever arrives: no 5xx (a panic would be
//! one, via the catch-panic layer), no INTERNAL from GraphQL, and the server still answers.
//!
//! `TAGIH_FUZZ_CASES` sets the cases per target (default 16: a few seconds); run longer
//! with e.g. `TAGIH_FUZZ_CASES=5000 cargo test --test api fuzz -- --nocapture`.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

fn cases() -> u32 {
    std::env::var("TAGIH_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16)
}

/// Runs `check` for every generated value on the test's own runtime (proptest is
/// synchronous; `block_in_place` lets it drive async requests and still shrink).
fn fuzz<'a, S: Strategy>(
    strategy: S,
    check: impl Fn(S::Value) -> std::pin::Pin<Box<dyn Future<Output = Result<(), String>> + 'a>>,
) where
    S::Value: std::fmt::Debug,
{
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let handle = tokio::runtime::Handle::current();
    let result = tokio::task::block_in_place(|| {
        TestRunner::new(config).run(&strategy, |value| {
            handle.block_on(check(value)).map_err(TestCaseError::fail)
        })
    });
    if let Err(e) = result {
        panic!("fuzzing found a failure: {e}");
    }
}

/// Random JSON of any shape; strings are arbitrary Unicode (NUL included).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<String>().prop_map(Value::from),
        Just(Value::from("\u{0}")),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Bodies no well-behaved client sends.
fn hostile_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        (1usize..4000).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        (1usize..4000)
            .prop_map(|n| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n)).into_bytes()),
        (0usize..400_000).prop_map(|n| json!({"query": "x".repeat(n)}).to_string().into_bytes()),
        json_value().prop_map(|v| v.to_string().into_bytes()),
        any::<String>().prop_map(String::into_bytes),
        Just(b"{\"a\": \"\\u0000\", \"\x00\": 1}".to_vec()),
        Just(vec![0xff, 0xfe, b'{', 0x00, b'}']),
    ]
}

/// GraphQL documents: text built from the grammar's brackets and tokens, deep ones, and
/// real operations with hostile arguments.
fn graphql_document() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("{"),
        Just("}"),
        Just("["),
        Just("]"),
        Just("("),
        Just(")"),
        Just("me"),
        Just("id"),
        Just("x:"),
        Just("\"\\u0000\""),
        Just("\"\"\""),
        Just("#"),
        Just("$v"),
        Just("..."),
        Just("@include(if: true)"),
        Just("query"),
        Just("1"),
        Just("\n"),
    ];
    prop_oneof![
        prop::collection::vec(token, 0..200).prop_map(|t| t.join(" ")),
        (
            1usize..3000,
            prop::sample::select(vec!["[", "{a: ", "{ a "])
        )
            .prop_map(|(n, open)| {
                let close = if open == "[" { "]" } else { "}" };
                format!(
                    "{{ me(x: {}1{}) {{ id }} }}",
                    open.repeat(n),
                    close.repeat(n)
                )
            }),
        any::<String>(),
    ]
}

const OPERATIONS: &[&str] = &[
    "query($s: String) { customers(search: $s) { totalCount } }",
    "query($s: String) { debtAging(locationId: $s) { total } }",
    "mutation($s: String!) { issueInvoice(subscriptionId: $s) { id } }",
    "mutation($s: String!) { createCustomer(input: {name: $s, phone: $s, locationId: $s}) { id } }",
    "mutation($s: String!) { refundPayment(paymentId: $s, amount: \"1\", reason: $s, refundRef: $s) { id } }",
    "mutation($s: String) { createWhatsappSender(input: {name: $s, provider: FONNTE, token: $s}) { id } }",
    "mutation($s: String!) { createLocation(input: {name: $s, host: $s, username: $s, password: $s}) { id } }",
    "mutation($s: String!) { login(username: $s, password: $s) { token } }",
];

async fn post(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> Result<(StatusCode, Vec<u8>), String> {
    let mut req = app
        .client
        .post(format!("{}{path}", app.url))
        .header("content-type", "application/json")
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = match req.send().await {
        Ok(r) => r,
        // A body past a route's limit is answered (413) and the connection closed while
        // the client is still writing; that is the server refusing, not failing.
        Err(e) if alive(app).await => {
            return Ok((StatusCode::PAYLOAD_TOO_LARGE, e.to_string().into_bytes()));
        }
        Err(e) => return Err(format!("the server is gone: {e}")),
    };
    let status = r.status();
    let bytes = r.bytes().await.map_err(|e| e.to_string())?;
    Ok((status, bytes.to_vec()))
}

async fn alive(app: &TestApp) -> bool {
    let r = app.client.get(format!("{}/health", app.url)).send().await;
    r.is_ok_and(|r| r.status().is_success())
}

fn no_server_error(what: &str, status: StatusCode, body: &[u8]) -> Result<(), String> {
    if status.is_server_error() {
        return Err(format!(
            "{what}: {status} {}",
            String::from_utf8_lossy(body)
        ));
    }
    let text = String::from_utf8_lossy(body);
    if text.contains("\"INTERNAL\"") {
        return Err(format!("{what}: INTERNAL {text}"));
    }
    Ok(())
}

async fn still_answers(app: &TestApp) {
    let r = app.gql(None, "{ __typename }", json!({})).await;
    assert_eq!(r["data"]["__typename"], "QueryRoot", "{r}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fuzz_graphql_requests_never_fail_the_server() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let app = &app;
    let root = root.as_str();
    fuzz((hostile_body(), any::<bool>()), |(body, authed)| {
        Box::pin(async move {
            let (s, b) = post(app, "/graphql", authed.then_some(root), body).await?;
            no_server_error("hostile body", s, &b)
        })
    });
    fuzz((graphql_document(), json_value()), |(query, variables)| {
        Box::pin(async move {
            let body = json!({"query": query, "variables": {"v": variables}}).to_string();
            let (s, b) = post(app, "/graphql", Some(root), body.into_bytes()).await?;
            no_server_error("document", s, &b)
        })
    });
    let text = prop_oneof![
        any::<String>(),
        "[a-z\u{0}]{0,64}",
        Just("\u{0}".to_string()),
        (0usize..200_000).prop_map(|n| "x".repeat(n)),
    ];
    fuzz(
        (prop::sample::select(OPERATIONS), text),
        |(operation, s)| {
            Box::pin(async move {
                let body = json!({"query": operation, "variables": {"s": s}}).to_string();
                let (status, b) = post(app, "/graphql", Some(root), body.into_bytes()).await?;
                no_server_error(operation, status, &b)
            })
        },
    );
    still_answers(app).await;
}

/// A path segment as an attacker writes it: percent-escapes of anything, NUL included.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{1,12}",
        prop::collection::vec(any::<u8>(), 1..24)
            .prop_map(|b| b.iter().map(|x| format!("%{x:02X}")).collect()),
        Just("%00".to_string()),
        Just("xendit%00".to_string()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fuzz_webhooks_never_fail_the_server() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let loc = app.create_location(&root, "Desa Fuzz").await;
    let app = &app;
    let routes = vec![
        format!("/webhooks/routers/{loc}"),
        "/webhooks/payments/manual".into(),
        "/webhooks/payments/xendit".into(),
        "/webhooks/payments/midtrans".into(),
        "/webhooks/whatsapp/waha".into(),
        "/webhooks/whatsapp/fonnte?token=x".into(),
        "/webhooks/whatsapp/cloud_api".into(),
        "/plugins".into(),
    ];
    fuzz(
        (prop::sample::select(routes), hostile_body()),
        |(route, body)| {
            Box::pin(async move {
                let (s, b) = post(app, &route, None, body).await?;
                no_server_error(&route, s, &b)
            })
        },
    );
    let prefixes = vec![
        "/webhooks/routers/",
        "/webhooks/payments/",
        "/webhooks/whatsapp/",
    ];
    fuzz(
        (prop::sample::select(prefixes), segment(), segment()),
        |(prefix, seg, query)| {
            Box::pin(async move {
                let path = format!("{prefix}{seg}?token={query}");
                let (s, b) = post(app, &path, None, b"{}".to_vec()).await?;
                no_server_error(&path, s, &b)
            })
        },
    );
    still_answers(app).await;
}
