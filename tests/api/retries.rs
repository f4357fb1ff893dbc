//! What retried mutations rely on: a read model held behind by a long transaction on the
//! same server (ADR 0002's horizon), and requests sent with an `Idempotency-Key`.
//! The tests themselves sit with their areas (payments/retries.rs, whatsapp/retries.rs).

use serde_json::{Value, json};
use sqlx::{Connection, PgConnection};

use crate::helpers::{TestApp, fresh_database};

/// An app whose mutations wait only 300 ms for their read model (lag tests stay quick).
pub async fn spawn_impatient() -> TestApp {
    let mut settings = crate::whatsapp::settings_for(&fresh_database().await, false).await;
    settings.api.read_your_writes_ms = 300;
    crate::whatsapp::spawn_on(settings).await
}

/// Opens a writing transaction on the app's database and keeps it open: the gap-safe
/// horizon stops below it, so no projector applies anything committed after this point
/// until the connection is dropped.
pub async fn hold_horizon(app: &TestApp) -> PgConnection {
    let mut conn = PgConnection::connect(&app.db_url).await.unwrap();
    sqlx::query("begin").execute(&mut conn).await.unwrap();
    sqlx::query("select pg_current_xact_id()")
        .execute(&mut conn)
        .await
        .unwrap();
    conn
}

/// What a keyed request answered: status, whether it was a replay, and the raw body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub replayed: bool,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// Posts a GraphQL operation with an `Idempotency-Key` header.
pub async fn keyed(app: &TestApp, token: &str, key: &str, query: &str, vars: Value) -> Answer {
    let r = app
        .client
        .post(format!("{}/graphql", app.url))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&json!({"query": query, "variables": vars}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let replayed = r.headers().get("idempotent-replayed").is_some();
    Answer {
        status,
        replayed,
        body: r.text().await.unwrap(),
    }
}

/// Sends the same keyed request `n` times at once; returns every answer.
pub async fn at_once(
    app: &TestApp,
    token: &str,
    key: &str,
    query: &str,
    vars: Value,
    n: usize,
) -> Vec<Answer> {
    let calls = (0..n).map(|_| keyed(app, token, key, query, vars.clone()));
    futures::future::join_all(calls).await
}
