//! One graphql-transport-ws connection: waits for `connection_init` (4408 after the
//! timeout), authenticates it (4403 for a token that is not valid), then runs each
//! `subscribe` as its own stream until it completes, the client sends `complete`, or the
//! session ends — at most `api.ws_max_operations` at once (ADR 0029). Protocol violations close the socket with the protocol's code
//! (message.rs). Everything runs in this one task: no stream outlives the socket.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::{Data, Request, Response, Variables};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures::stream::{BoxStream, SplitSink};
use futures::{SinkExt, StreamExt};
use serde_json::{Map, Value};
use tagih_app::auth::AuthState;
use tagih_graphql::RequestInfo;
use tagih_graphql::auth::{ConnectionToken, refusal};
use tokio_stream::StreamMap;

use super::message::{self, ClientMessage, Close, Subscribe};
use crate::http::AppState;
use crate::http::graphql::auth_state;

/// What the connection knows from its upgrade request and the settings.
pub struct Opening {
    pub state: AppState,
    pub info: RequestInfo,
    /// A bearer token from the upgrade request's headers (non-browser clients).
    pub header_token: Option<String>,
    pub init_timeout: Duration,
    /// Operations the connection may run at once (`api.ws_max_operations`).
    pub max_operations: usize,
    /// Whether anonymous connections may introspect (`api.public_introspection`).
    pub public_introspection: bool,
}

/// The acknowledged connection.
struct Session {
    data: Arc<Data>,
    /// The token it was opened with; `None` for an anonymous connection.
    token: Option<String>,
    anonymous: bool,
}

/// An operation's responses, then `None` when its stream ended.
type Operation = BoxStream<'static, Option<Response>>;

type Sink = SplitSink<WebSocket, Message>;

/// Why the loop stopped: the client left, or the server closes with a code.
enum End {
    Gone,
    Close(Close),
}

pub async fn serve(socket: WebSocket, opening: Opening) {
    let (mut sink, mut incoming) = socket.split();
    let mut operations: StreamMap<String, Operation> = StreamMap::new();
    let mut session: Option<Session> = None;
    let mut init_seen = false;
    let init_deadline = tokio::time::sleep(opening.init_timeout);
    tokio::pin!(init_deadline);
    let mut changes = opening.state.ctx.tokens.sessions().changes();
    let end = loop {
        let watching = session.as_ref().is_some_and(|s| s.token.is_some());
        let step = tokio::select! {
            () = &mut init_deadline, if !init_seen => Err(End::Close(Close::InitTimeout)),
            frame = incoming.next() => match frame {
                Some(Ok(frame)) => {
                    on_frame(frame, &opening, &mut init_seen, &mut session, &mut operations, &mut sink).await
                }
                Some(Err(_)) | None => Err(End::Gone),
            },
            Some((id, item)) = operations.next(), if !operations.is_empty() => {
                let text = match item {
                    Some(response) => message::next(&id, &response),
                    None => {
                        operations.remove(&id);
                        message::complete(&id)
                    }
                };
                send(&mut sink, text).await
            }
            changed = changes.changed(), if watching => match changed {
                Ok(()) => recheck(&opening, session.as_ref(), &mut operations, &mut sink).await,
                // The authority is gone (shutdown): nothing more will change.
                Err(_) => Err(End::Gone),
            },
        };
        if let Err(end) = step {
            break end;
        }
    };
    match end {
        End::Close(close) => {
            let frame = CloseFrame {
                code: close.code(),
                reason: close.reason().into(),
            };
            let _ = sink.send(Message::Close(Some(frame))).await;
        }
        // The client's close frame is answered by the socket, once flushed: without it
        // the client sees 1006 (abnormal closure) instead of its own normal close.
        End::Gone => {
            let _ = sink.close().await;
        }
    }
}

async fn send(sink: &mut Sink, text: String) -> Result<(), End> {
    sink.send(Message::text(text)).await.map_err(|_| End::Gone)
}

async fn on_frame(
    frame: Message,
    opening: &Opening,
    init_seen: &mut bool,
    session: &mut Option<Session>,
    operations: &mut StreamMap<String, Operation>,
    sink: &mut Sink,
) -> Result<(), End> {
    let text = match frame {
        Message::Text(text) => text.to_string(),
        // Some clients send JSON in binary frames (the reference server reads them too).
        Message::Binary(bytes) => String::from_utf8(bytes.to_vec()).map_err(|_| {
            End::Close(Close::BadRequest(
                "Invalid message received: not UTF-8".into(),
            ))
        })?,
        Message::Close(_) => return Err(End::Gone),
        // WebSocket pings are answered by the socket itself.
        Message::Ping(_) | Message::Pong(_) => return Ok(()),
    };
    let parsed = message::parse(&text).map_err(|why| End::Close(Close::BadRequest(why)))?;
    match parsed {
        ClientMessage::ConnectionInit { payload } => {
            if *init_seen {
                return Err(End::Close(Close::TooManyInits));
            }
            *init_seen = true;
            let acked = init(opening, &payload).await?;
            *session = Some(acked);
            send(sink, message::ack()).await
        }
        ClientMessage::Ping { payload } => send(sink, message::pong(payload)).await,
        ClientMessage::Pong => Ok(()),
        ClientMessage::Subscribe { id, payload } => {
            let Some(session) = session.as_ref() else {
                return Err(End::Close(Close::Unauthorized));
            };
            if operations.contains_key(&id) {
                return Err(End::Close(Close::SubscriberExists(id)));
            }
            // Over the cap the operation is refused on its own (the protocol's `error`
            // ends it before execution starts); the others and the socket carry on.
            if operations.len() >= opening.max_operations {
                return send(
                    sink,
                    message::too_many_operations(&id, opening.max_operations),
                )
                .await;
            }
            let operation = start(opening, session, payload);
            operations.insert(id, operation);
            Ok(())
        }
        ClientMessage::Complete { id } => {
            // Dropping the stream ends the operation; no `complete` goes back.
            operations.remove(&id);
            Ok(())
        }
    }
}

/// The token may come as `{"Authorization": "Bearer …"}` or `{"token": "…"}` in
/// `connection_init`, else from the upgrade request's `Authorization` header.
fn token_from_payload(payload: &Map<String, Value>) -> Option<String> {
    let auth = payload
        .get("Authorization")
        .or_else(|| payload.get("authorization"))
        .and_then(Value::as_str);
    if let Some(a) = auth {
        return Some(a.strip_prefix("Bearer ").unwrap_or(a).trim().to_string());
    }
    payload
        .get("token")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Authenticates `connection_init`: no token → an anonymous connection (it may log in,
/// guarded fields refuse it); a token that does not check out → 4403.
async fn init(opening: &Opening, payload: &Map<String, Value>) -> Result<Session, End> {
    let token = token_from_payload(payload).or_else(|| opening.header_token.clone());
    let auth = auth_state(&opening.state, token.as_deref()).await;
    if let AuthState::Invalid(why) = &auth {
        return Err(End::Close(Close::Forbidden(why.clone())));
    }
    let anonymous = matches!(auth, AuthState::Anonymous);
    let mut data = Data::default();
    data.insert(auth);
    // Each operation on the connection is checked again (SessionRecheck).
    if let Some(token) = &token {
        data.insert(ConnectionToken(token.clone()));
    }
    data.insert(opening.info.clone());
    Ok(Session {
        data: Arc::new(data),
        token,
        anonymous,
    })
}

fn start(opening: &Opening, session: &Session, payload: Subscribe) -> Operation {
    let variables = payload.variables.map(Value::Object).unwrap_or_default();
    let mut request = Request::new(payload.query).variables(Variables::from_json(variables));
    if let Some(name) = payload.operation_name {
        request = request.operation_name(name);
    }
    if session.anonymous && !opening.public_introspection {
        request = request.disable_introspection();
    }
    opening
        .state
        .schema
        .execute_stream_with_session_data(request, session.data.clone())
        .map(Some)
        .chain(futures::stream::once(async { None }))
        .boxed()
}

/// After the session authority changed: when this connection's session no longer checks
/// out, every running operation ends now with UNAUTHENTICATED (later ones are refused by
/// SessionRecheck); the socket stays open, as a logged-out client may log in again.
async fn recheck(
    opening: &Opening,
    session: Option<&Session>,
    operations: &mut StreamMap<String, Operation>,
    sink: &mut Sink,
) -> Result<(), End> {
    let Some(token) = session.and_then(|s| s.token.as_deref()) else {
        return Ok(());
    };
    if operations.is_empty() {
        return Ok(());
    }
    let why = match opening.state.ctx.tokens.authenticate(token).await {
        AuthState::Authenticated(_) => return Ok(()),
        AuthState::Invalid(why) => why,
        AuthState::Anonymous => "authentication required".into(),
    };
    let ids: Vec<String> = operations.keys().cloned().collect();
    for id in ids {
        operations.remove(&id);
        send(sink, message::next(&id, &refusal(why.clone()))).await?;
        send(sink, message::complete(&id)).await?;
    }
    Ok(())
}
