//! One mock WhatsApp provider (WAHA, Fonnte and Cloud API paths) on 127.0.0.1:0. It checks
//! each request against the real wire format, records it with its arrival time, and can be
//! told to fail with 503.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

pub const TOKEN: &str = "mock-token-123";
pub const PHONE_NUMBER_ID: &str = "1098765";

#[derive(Debug, Clone)]
pub struct Call {
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
    pub at: Instant,
}

#[derive(Default)]
pub struct Mock {
    pub calls: Mutex<Vec<Call>>,
    /// Wire-format problems seen (the mock answers 400 to them).
    pub violations: Mutex<Vec<String>>,
    pub failing: AtomicBool,
    counter: AtomicUsize,
}

impl Mock {
    pub fn sends(&self) -> Vec<Call> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|c| {
                c.path.ends_with("/sendText") || c.path == "/send" || c.path.ends_with("/messages")
            })
            .cloned()
            .collect()
    }
    pub fn violations(&self) -> Vec<String> {
        self.violations.lock().unwrap().clone()
    }
}

pub struct MockServer {
    pub url: String,
    pub mock: Arc<Mock>,
}

pub async fn start() -> MockServer {
    let mock = Arc::new(Mock::default());
    let app = Router::new()
        .route("/api/sendText", post(waha_send))
        .route("/api/sessions/{session}", get(waha_session))
        .route("/api/{session}/auth/qr", get(waha_qr))
        .route("/send", post(fonnte_send))
        .route("/{version}/{phone}/messages", post(cloud_send))
        .with_state(mock.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    MockServer { url, mock }
}

/// A URL nothing listens on (a provider that is down).
pub async fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    drop(l);
    url
}

fn record(m: &Mock, path: &str, headers: &HeaderMap, body: &str) -> Option<Response> {
    m.calls.lock().unwrap().push(Call {
        path: path.into(),
        headers: headers.clone(),
        body: body.into(),
        at: Instant::now(),
    });
    m.failing
        .load(Ordering::SeqCst)
        .then(|| (StatusCode::SERVICE_UNAVAILABLE, "upstream down").into_response())
}

fn violation(m: &Mock, what: String) -> Response {
    m.violations.lock().unwrap().push(what.clone());
    (StatusCode::BAD_REQUEST, what).into_response()
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

async fn waha_send(State(m): State<Arc<Mock>>, headers: HeaderMap, body: String) -> Response {
    if let Some(r) = record(&m, "/api/sendText", &headers, &body) {
        return r;
    }
    let v: Value = serde_json::from_str(&body).unwrap_or_default();
    if header(&headers, "x-api-key") != TOKEN {
        return violation(&m, "waha: X-Api-Key missing or wrong".into());
    }
    if !header(&headers, "content-type").starts_with("application/json") {
        return violation(&m, "waha: not JSON".into());
    }
    let chat = v["chatId"].as_str().unwrap_or_default();
    if v["session"] != "default"
        || !chat.starts_with("628")
        || !chat.ends_with("@c.us")
        || !v["text"].is_string()
    {
        return violation(&m, format!("waha: bad body {body}"));
    }
    let n = m.counter.fetch_add(1, Ordering::SeqCst);
    Json(json!({"id": {"fromMe": true, "remote": chat, "_serialized": format!("true_{chat}_MSG{n}")}, "body": v["text"]}))
        .into_response()
}

use axum::Json;

async fn waha_session(
    State(m): State<Arc<Mock>>,
    Path(session): Path<String>,
    headers: HeaderMap,
) -> Response {
    record(&m, "/api/sessions", &headers, "");
    if header(&headers, "x-api-key") != TOKEN {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let status = if m.failing.load(Ordering::SeqCst) {
        "STOPPED"
    } else {
        "WORKING"
    };
    Json(json!({"name": session, "status": status})).into_response()
}

async fn waha_qr(State(m): State<Arc<Mock>>, headers: HeaderMap) -> Response {
    record(&m, "/api/auth/qr", &headers, "");
    Json(json!({"mimetype": "image/png", "data": "iVBORw0KGgo="})).into_response()
}

async fn fonnte_send(State(m): State<Arc<Mock>>, headers: HeaderMap, body: String) -> Response {
    if let Some(r) = record(&m, "/send", &headers, &body) {
        return r;
    }
    // The raw device token, no "Bearer".
    if header(&headers, "authorization") != TOKEN {
        return violation(
            &m,
            format!(
                "fonnte: Authorization {:?}",
                header(&headers, "authorization")
            ),
        );
    }
    if !header(&headers, "content-type").starts_with("application/x-www-form-urlencoded") {
        return violation(&m, "fonnte: not a form".into());
    }
    let form: Vec<(String, String)> = serde_urlencoded_pairs(&body);
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if !get("target").starts_with("628") || get("message").is_empty() || get("countryCode") != "62"
    {
        return violation(&m, format!("fonnte: bad form {body}"));
    }
    let n = m.counter.fetch_add(1, Ordering::SeqCst);
    Json(json!({"status": true, "id": [format!("{}", 80367170 + n)], "target": [get("target")], "process": "pending"}))
        .into_response()
}

fn serde_urlencoded_pairs(body: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("http://x/?{body}"))
        .map(|u| {
            u.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

async fn cloud_send(
    State(m): State<Arc<Mock>>,
    Path((version, phone)): Path<(String, String)>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let path = format!("/{version}/{phone}/messages");
    if let Some(r) = record(&m, &path, &headers, &body) {
        return r;
    }
    if header(&headers, "authorization") != format!("Bearer {TOKEN}") {
        return violation(&m, "cloud: bearer token missing".into());
    }
    if version != "v21.0" || phone != PHONE_NUMBER_ID {
        return violation(&m, format!("cloud: path {path}"));
    }
    let v: Value = serde_json::from_str(&body).unwrap_or_default();
    let ok = v["messaging_product"] == "whatsapp"
        && v["recipient_type"] == "individual"
        && v["type"] == "text"
        && v["text"]["preview_url"] == false
        && v["text"]["body"].is_string()
        && v["to"].as_str().is_some_and(|t| t.starts_with("628"));
    if !ok {
        return violation(&m, format!("cloud: bad body {body}"));
    }
    let n = m.counter.fetch_add(1, Ordering::SeqCst);
    Json(
        json!({"messaging_product": "whatsapp", "contacts": [{"input": v["to"], "wa_id": v["to"]}],
                "messages": [{"id": format!("wamid.MOCK{n}")}]}),
    )
    .into_response()
}
