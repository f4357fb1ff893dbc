//! `/graphql/ws`: GraphQL over WebSocket, the graphql-transport-ws protocol exactly as
//! enisdenjo/graphql-ws PROTOCOL.md says, implemented here rather than by
//! async-graphql-axum, whose handling closes with other codes (1002/1011), accepts a
//! duplicate subscription id, has no `connection_init` timeout, acknowledges a bad token
//! and sends close reasons of any length (docs/adr/0023-ws-protocol-and-http-limits.md).

mod connection;
mod message;

use std::net::SocketAddr;

use axum::extract::ws::{CloseFrame, Message};
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;

use super::AppState;
use super::graphql::{bearer, request_info};
use connection::Opening;
use message::{Close, SUBPROTOCOL};

pub async fn upgrade(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let limits = state.options.clone();
    let opening = Opening {
        info: request_info(&headers, peer),
        header_token: bearer(&headers).map(str::to_string),
        init_timeout: limits.ws_init_timeout,
        max_operations: limits.ws_max_operations,
        public_introspection: limits.public_introspection,
        state,
    };
    upgrade
        .protocols([SUBPROTOCOL])
        // One message is one GraphQL request: no larger than an HTTP body may be.
        .max_message_size(limits.body_limit)
        .max_frame_size(limits.body_limit)
        .on_upgrade(move |mut socket| async move {
            if socket.protocol().is_none() {
                let close = Close::SubprotocolNotAcceptable;
                let frame = CloseFrame {
                    code: close.code(),
                    reason: close.reason().into(),
                };
                let _ = socket.send(Message::Close(Some(frame))).await;
                return;
            }
            connection::serve(socket, opening).await;
        })
}
