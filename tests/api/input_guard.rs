//! Hostile input at the edges: documents and variables nested thousands deep (they used to
//! overflow the stack and abort the process) are a 400 with a code, and a NUL character in
//! any text — GraphQL arguments, variables, addresses, webhook bodies — is refused with a
//! message instead of failing inside PostgreSQL as INTERNAL or 503.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, code, eventually, spawn_app};
use crate::subscriptions::WsClient;
use crate::whatsapp::create_sender;

const DEEP: usize = 2_000;

async fn post(app: &TestApp, token: Option<&str>, body: &Value) -> (StatusCode, Value) {
    let mut req = app.client.post(format!("{}/graphql", app.url)).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.expect("the server is gone");
    let status = r.status();
    (status, r.json().await.expect("not JSON"))
}

async fn still_answers(app: &TestApp) {
    let r = app.gql(None, "{ __typename }", json!({})).await;
    assert_eq!(r["data"]["__typename"], "QueryRoot", "{r}");
}

fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

fn deep_json(n: usize) -> Value {
    (0..n).fold(json!(1), |v, _| json!([v]))
}

#[tokio::test]
async fn documents_nested_thousands_deep_are_a_400_and_the_server_lives_on() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    // Past pest's own stack guard (about 1,000 levels here) the parse fails cleanly, but a
    // few hundred levels slip under it and overflow later (AST building, validation, drop):
    // before the guard, 300 levels of object literal aborted the process.
    let mut documents = Vec::new();
    for n in [300, DEEP] {
        documents.extend([
            format!("{{ me(x: {}) {{ id }} }}", nested("[", "1", "]", n)),
            format!("{{ me(x: {}) {{ id }} }}", nested("{a: ", "1", "}", n)),
            format!(
                "query($v: [Int] = {}) {{ __typename }}",
                nested("[", "1", "]", n)
            ),
            format!("query($v: {}) {{ __typename }}", nested("[", "Int", "]", n)),
            nested("{ a ", "id", " }", n),
            format!(
                "{{ me @include(if: {}) {{ id }} }}",
                nested("[", "true", "]", n)
            ),
        ]);
    }
    for document in &documents {
        let (status, r) = post(&app, Some(&root), &json!({"query": document})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{r}");
        assert_eq!(code(&r), "BAD_REQUEST", "{r}");
        let message = r["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("nests deeper than 32"), "{r}");
        still_answers(&app).await;
    }
}

#[tokio::test]
async fn variables_nested_past_the_limit_are_a_400_and_the_server_lives_on() {
    let app = spawn_app().await;
    let query = "query($v: [Int]) { __typename }";
    // Past our limit but within serde_json's (128): refused by the guard.
    // Past serde_json's: refused while the body is read.
    for depth in [40, 100_000] {
        let body = format!(
            r#"{{"query": "{query}", "variables": {{"v": {}}}}}"#,
            nested("[", "1", "]", depth)
        );
        let r = app
            .client
            .post(format!("{}/graphql", app.url))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("the server is gone");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "depth {depth}");
        let r: Value = r.json().await.unwrap();
        assert_eq!(code(&r), "BAD_REQUEST", "{r}");
        still_answers(&app).await;
    }
    // Just within: the guard lets it through to ordinary validation.
    let r = app.gql(None, query, json!({"v": deep_json(20)})).await;
    assert_ne!(code(&r), "BAD_REQUEST", "{r}");
}

#[tokio::test]
async fn a_document_nested_thousands_deep_over_the_websocket_is_refused() {
    let app = spawn_app().await;
    let mut ws = WsClient::connect(&app, None).await;
    let document = format!(
        "subscription {{ events(x: {}) {{ position }} }}",
        nested("{a: ", "1", "}", 300)
    );
    let id = ws.subscribe(&document, json!({})).await;
    let msg = ws
        .recv(Duration::from_secs(10))
        .await
        .expect("no reply: did the server die?");
    assert_eq!(msg["id"], id.as_str(), "{msg}");
    let errors = match msg["type"].as_str() {
        Some("error") => msg["payload"].clone(),
        _ => msg["payload"]["errors"].clone(),
    };
    assert_eq!(errors[0]["extensions"]["code"], "BAD_REQUEST", "{msg}");
    still_answers(&app).await;
}

/// Every listed operation, with the NUL both as a literal and as a variable.
fn nul_operations(loc: &str) -> Vec<(&'static str, String, Value)> {
    let nul = "A\u{0}B";
    vec![
        ("createCustomer", format!(r#"mutation {{ createCustomer(input: {{name: "A\u0000B", phone: "081234567890", locationId: "{loc}"}}) {{ id }} }}"#), json!({})),
        ("createCustomer", "mutation($n: String!, $l: String!) { createCustomer(input: {name: $n, phone: \"081234567890\", locationId: $l}) { id } }".into(), json!({"n": nul, "l": loc})),
        ("customers", r#"{ customers(search: "\u0000") { totalCount } }"#.into(), json!({})),
        ("customers", "query($s: String) { customers(search: $s) { totalCount } }".into(), json!({"s": nul})),
        ("issueInvoice", r#"mutation { issueInvoice(subscriptionId: "s\u0000") { id } }"#.into(), json!({})),
        ("refundPayment", "mutation($r: String!) { refundPayment(paymentId: \"p\", amount: \"1\", reason: $r, refundRef: \"r\") { id } }".into(), json!({"r": nul})),
        ("createWhatsappSender", r#"mutation { createWhatsappSender(input: {name: "W\u0000", provider: FONNTE, apiKey: "k"}) { id } }"#.into(), json!({})),
        ("updateWhatsappSender", "mutation($i: WhatsAppSenderInput!) { updateWhatsappSender(id: \"x\", input: $i) { id } }".into(), json!({"i": {"name": nul}})),
        ("debtAging", r#"{ debtAging(locationId: "\u0000") { total } }"#.into(), json!({})),
        ("debtAging", "query($l: String) { debtAging(locationId: $l) { total } }".into(), json!({"l": nul})),
    ]
}

#[tokio::test]
async fn a_nul_in_any_argument_or_variable_is_bad_user_input_and_writes_nothing() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let loc = app.create_location(&root, "Desa NUL").await;
    let events = "select count(*) from events";
    let before = app.count(events).await;
    for (name, query, variables) in nul_operations(&loc) {
        let r = app.gql(Some(&root), &query, variables).await;
        assert_eq!(code(&r), "BAD_USER_INPUT", "{name}: {r}");
        let message = r["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("NUL"), "{name}: {r}");
        assert!(r["data"].is_null(), "{name}: nothing ran: {r}");
    }
    assert_eq!(app.count(events).await, before, "nothing was written");
    // The same text without the NUL is ordinary input.
    let r = app
        .gql(
            Some(&root),
            "query($s: String) { customers(search: $s) { totalCount } }",
            json!({"s": "AB"}),
        )
        .await;
    assert_eq!(r["data"]["customers"]["totalCount"], 0, "{r}");
}

#[tokio::test]
async fn a_nul_in_the_address_is_a_400_on_every_route() {
    let app = spawn_app().await;
    let paths = [
        "/webhooks/routers/%00",
        "/webhooks/payments/midtrans%00",
        "/webhooks/payments/xendit?order=%00",
        "/webhooks/whatsapp/waha%00",
        "/webhooks/whatsapp/fonnte?token=a%00",
        "/plugins?x=%00",
        "/graphql?x=%00",
    ];
    for path in paths {
        let r = app
            .client
            .post(format!("{}{path}", app.url))
            .body("{}")
            .send()
            .await
            .expect("the server is gone");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        let body: Value = r.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap_or_default().contains("NUL"),
            "{path}: {body}"
        );
    }
    still_answers(&app).await;
}

#[tokio::test]
async fn a_router_login_report_with_a_nul_is_a_400_and_activates_nothing() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let loc = app.create_location(&root, "Desa Hook").await;
    let meta = tagih_commands::Metadata::system("test");
    let (token, _) =
        tagih_commands::locations::issue_router_token(&app.app.bus, &app.app.secrets, &loc, &meta)
            .await
            .unwrap();
    let sql = format!(
        "select count(*) from rm_locations where id = '{loc}' and router_token_enc is not null"
    );
    assert!(
        eventually(Duration::from_secs(10), || async {
            app.count(&sql).await == 1
        })
        .await
    );
    let events = "select count(*) from events";
    let before = app.count(events).await;
    for body in [
        json!({"event": "login", "user": "T\u{0}1"}),
        json!({"event": "login", "user": "T1", "ip": "10.0.0.1\u{0}"}),
        json!({"event": "login\u{0}", "user": "T1", "extra": {"k\u{0}": 1}}),
    ] {
        let r = app
            .client
            .post(format!("{}/webhooks/routers/{loc}", app.url))
            .header("x-router-token", &token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        let answer: Value = r.json().await.unwrap();
        assert!(
            answer["error"].as_str().unwrap_or_default().contains("NUL"),
            "{answer}"
        );
    }
    assert_eq!(app.count(events).await, before, "nothing was written");
}

#[tokio::test]
async fn a_signed_whatsapp_report_with_a_nul_is_acknowledged_and_ignored() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    create_sender(
        &app,
        &root,
        json!({"name": "F", "provider": "FONNTE", "token": "t", "webhookSecret": "s3cret"}),
    )
    .await;
    let events = "select count(*) from events";
    let before = app.count(events).await;
    let post = |token: &'static str| {
        app.client
            .post(format!(
                "{}/webhooks/whatsapp/fonnte?token={token}",
                app.url
            ))
            .json(&json!({"id": "m\u{0}", "status": "sent"}))
            .send()
    };
    assert_eq!(
        post("wrong").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    // Genuine but unstorable: a 200, so the provider does not send it again.
    let r = post("s3cret").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["received"], 0, "{answer}");
    assert_eq!(app.count(events).await, before, "nothing was written");
}
