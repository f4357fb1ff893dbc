//! The graphql-transport-ws messages (enisdenjo/graphql-ws PROTOCOL.md): what a client
//! may send, read strictly (anything else is "invalid" and closes the socket with 4400),
//! what the server sends, and the close codes with their reasons.

use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The one sub-protocol served.
pub const SUBPROTOCOL: &str = "graphql-transport-ws";

/// A close frame's payload is at most 125 bytes, two of them the code; a longer reason is
/// itself a protocol error, so reasons are cut to this many bytes.
pub const MAX_REASON_BYTES: usize = 123;

/// Why the server closes the socket: the protocol's codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Close {
    /// 4400: a message of a type or shape the protocol does not define.
    BadRequest(String),
    /// 4401: `subscribe` before the connection was acknowledged.
    Unauthorized,
    /// 4403: `connection_init` carried a token that is not (or no longer) valid.
    Forbidden(String),
    /// 4406: the client did not ask for `graphql-transport-ws`.
    SubprotocolNotAcceptable,
    /// 4408: no `connection_init` in time.
    InitTimeout,
    /// 4409: `subscribe` with the id of an operation still running.
    SubscriberExists(String),
    /// 4429: a second `connection_init`.
    TooManyInits,
}

impl Close {
    pub fn code(&self) -> u16 {
        match self {
            Self::BadRequest(_) => 4400,
            Self::Unauthorized => 4401,
            Self::Forbidden(_) => 4403,
            Self::SubprotocolNotAcceptable => 4406,
            Self::InitTimeout => 4408,
            Self::SubscriberExists(_) => 4409,
            Self::TooManyInits => 4429,
        }
    }

    /// The reason text, at most [`MAX_REASON_BYTES`] long.
    pub fn reason(&self) -> String {
        let full = match self {
            Self::BadRequest(why) => why.clone(),
            Self::Unauthorized => "Unauthorized".into(),
            Self::Forbidden(why) => format!("Forbidden: {why}"),
            Self::SubprotocolNotAcceptable => "Subprotocol not acceptable".into(),
            Self::InitTimeout => "Connection initialisation timeout".into(),
            Self::SubscriberExists(id) => format!("Subscriber for {id} already exists"),
            Self::TooManyInits => "Too many initialisation requests".into(),
        };
        truncated(full, MAX_REASON_BYTES)
    }
}

/// `text` cut to at most `max` bytes, on a character boundary.
pub fn truncated(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// A client message, as the protocol defines it.
#[derive(Debug)]
pub enum ClientMessage {
    ConnectionInit { payload: Map<String, Value> },
    Ping { payload: Option<Value> },
    Pong,
    Subscribe { id: String, payload: Subscribe },
    Complete { id: String },
}

/// The `subscribe` payload: a GraphQL request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscribe {
    pub query: String,
    #[serde(default)]
    pub operation_name: Option<String>,
    #[serde(default)]
    pub variables: Option<Map<String, Value>>,
    /// Allowed by the protocol; nothing reads it.
    #[serde(default)]
    #[allow(dead_code)]
    pub extensions: Option<Map<String, Value>>,
}

/// Reads one text message; `Err` is the 4400 reason.
pub fn parse(text: &str) -> Result<ClientMessage, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("Invalid message received: {e}"))?;
    let Value::Object(mut message) = value else {
        return Err("Invalid message received: not a JSON object".into());
    };
    let kind = match message.get("type") {
        Some(Value::String(kind)) => kind.clone(),
        _ => return Err("Invalid message received: no \"type\"".into()),
    };
    let payload = message.remove("payload").filter(|p| !p.is_null());
    match kind.as_str() {
        "connection_init" => match payload {
            None => Ok(ClientMessage::ConnectionInit {
                payload: Map::new(),
            }),
            Some(Value::Object(payload)) => Ok(ClientMessage::ConnectionInit { payload }),
            Some(_) => {
                Err("Invalid message received: connection_init payload must be an object".into())
            }
        },
        "ping" => Ok(ClientMessage::Ping { payload }),
        "pong" => Ok(ClientMessage::Pong),
        "subscribe" => {
            let id = id(&message, &kind)?;
            let payload = payload.ok_or("Invalid message received: subscribe without a payload")?;
            let payload = serde_json::from_value(payload)
                .map_err(|e| format!("Invalid message received: subscribe payload: {e}"))?;
            Ok(ClientMessage::Subscribe { id, payload })
        }
        "complete" => Ok(ClientMessage::Complete {
            id: id(&message, &kind)?,
        }),
        other => Err(format!(
            "Invalid message received: type {other:?} is not sent by clients"
        )),
    }
}

fn id(message: &Map<String, Value>, kind: &str) -> Result<String, String> {
    match message.get("id") {
        Some(Value::String(id)) if !id.is_empty() => Ok(id.clone()),
        _ => Err(format!(
            "Invalid message received: {kind} needs a non-empty string id"
        )),
    }
}

pub fn ack() -> String {
    json!({"type": "connection_ack"}).to_string()
}

pub fn pong(payload: Option<Value>) -> String {
    match payload {
        Some(payload) => json!({"type": "pong", "payload": payload}),
        None => json!({"type": "pong"}),
    }
    .to_string()
}

pub fn next(id: &str, response: &async_graphql::Response) -> String {
    json!({"type": "next", "id": id, "payload": response}).to_string()
}

pub fn complete(id: &str) -> String {
    json!({"type": "complete", "id": id}).to_string()
}

/// The protocol's `error` for a `subscribe` over the connection's cap: the operation ends
/// before it starts, and its id is free again.
pub fn too_many_operations(id: &str, max: usize) -> String {
    let error = json!({
        "message": format!("at most {max} operations may run at once on one connection; complete one first"),
        "extensions": {"code": "TOO_MANY_OPERATIONS"},
    });
    json!({"type": "error", "id": id, "payload": [error]}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_fit_a_close_frame_and_are_cut_on_a_character_boundary() {
        let long = Close::SubscriberExists(format!("a{}", "é".repeat(200)));
        let reason = long.reason();
        assert!(reason.len() <= MAX_REASON_BYTES, "{}", reason.len());
        assert!(reason.starts_with("Subscriber for aé"));
        // 16 ASCII bytes, then two-byte characters: byte 123 falls inside one.
        assert_eq!(reason.len(), 122);
        let bad = Close::BadRequest("x".repeat(500));
        assert_eq!(bad.reason().len(), MAX_REASON_BYTES);
        assert_eq!(Close::Unauthorized.reason(), "Unauthorized");
    }

    #[test]
    fn only_the_protocols_client_messages_are_read() {
        assert!(matches!(
            parse(r#"{"type":"connection_init"}"#),
            Ok(ClientMessage::ConnectionInit { .. })
        ));
        assert!(matches!(
            parse(r#"{"type":"subscribe","id":"1","payload":{"query":"{ me { id } }"}}"#),
            Ok(ClientMessage::Subscribe { .. })
        ));
        for bad in [
            "not json",
            "[]",
            r#"{"id":"1"}"#,
            r#"{"type":"connection_ack"}"#,
            r#"{"type":"next","id":"1","payload":{}}"#,
            r#"{"type":"subscribe","id":"","payload":{"query":"{ a }"}}"#,
            r#"{"type":"subscribe","id":1,"payload":{"query":"{ a }"}}"#,
            r#"{"type":"subscribe","id":"1"}"#,
            r#"{"type":"subscribe","id":"1","payload":{"query":5}}"#,
            r#"{"type":"subscribe","id":"1","payload":{"query":"{ a }","variables":[1]}}"#,
            r#"{"type":"complete"}"#,
            r#"{"type":"connection_init","payload":"token"}"#,
        ] {
            assert!(parse(bad).is_err(), "accepted {bad}");
        }
    }
}
