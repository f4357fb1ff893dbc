//! Text guards at the HTTP edge, shared by every route: an address that decodes to a NUL
//! character is refused before routing (path parameters and query values flow into SQL),
//! and webhook JSON bodies are read through [`json_body`], which refuses NUL in any string.
//!
//! NUL is the one character a Rust string can hold that PostgreSQL's `text`/`jsonb`
//! cannot, so letting it through turns a client's mistake into a 500/503 — and a gateway
//! retries a 5xx forever.

use axum::Json;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::json;
use tagih_graphql::input_guard::{NUL_MESSAGE, json_has_nul};

/// Refuses `%00` anywhere in the path or query: percent-encoding is the only way a NUL
/// can arrive there (the `http` crate refuses a raw one), so the raw text says it all.
pub async fn uri_text(request: Request, next: Next) -> Response {
    let nul = request
        .uri()
        .path_and_query()
        .is_some_and(|pq| pq.as_str().contains("%00"));
    if nul {
        let body = json!({"error": format!("the address: {NUL_MESSAGE}")});
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    next.run(request).await
}

/// Why a webhook body was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Not JSON, not the expected shape, or nested past serde_json's limit (128).
    Shape,
    /// A string or key holds a NUL.
    Nul,
}

/// Parses a JSON body into `T`, refusing NUL in any string or key (including fields `T`
/// ignores, so nothing unstorable is ever logged or kept either).
pub fn json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| BodyError::Shape)?;
    if json_has_nul(&value) {
        return Err(BodyError::Nul);
    }
    serde_json::from_value(value).map_err(|_| BodyError::Shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_anywhere_is_refused_and_deep_json_is_a_shape_error() {
        let ok: serde_json::Value = json_body(br#"{"a": ["\\u0000"]}"#).unwrap_or_default();
        assert_eq!(ok["a"][0], "\\u0000");
        assert_eq!(
            json_body::<serde_json::Value>(br#"{"a": [1, {"b": "x\u0000"}]}"#),
            Err(BodyError::Nul)
        );
        assert_eq!(
            json_body::<serde_json::Value>(br#"{"a\u0000": 1}"#),
            Err(BodyError::Nul)
        );
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert_eq!(
            json_body::<serde_json::Value>(deep.as_bytes()),
            Err(BodyError::Shape)
        );
    }
}
