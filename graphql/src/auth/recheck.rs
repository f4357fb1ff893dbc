//! A WebSocket connection authenticates at `connection_init` but may live for hours. Every
//! operation on it is authenticated again (its guards see the session as it is now, role
//! included), and every response a subscription would deliver is preceded by a check: once
//! the session was logged out, deactivated or superseded, the subscription ends with
//! UNAUTHENTICATED instead. The checks come from the session authority's memory. The
//! WebSocket layer (src/http/ws) also ends them at once when the session authority
//! changes, without waiting for an event to deliver.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextSubscribe,
};
use async_graphql::{ErrorExtensions, Pos, Request, Response, ServerResult};
use futures::StreamExt;
use futures::stream::BoxStream;

use crate::context::ApiContext;
use crate::error::ApiError;
use tagih_app::auth::{AuthState, TokenService};

/// The token a WebSocket connection was opened with (its `connection_init` data).
pub struct ConnectionToken(pub String);

/// Registered on the schema with `.extension(SessionRecheck)`.
pub struct SessionRecheck;

impl ExtensionFactory for SessionRecheck {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SessionRecheck)
    }
}

/// The connection's token and the service that checks it; `None` for HTTP requests and
/// anonymous connections.
fn connection(ctx: &ExtensionContext<'_>) -> Option<(String, TokenService)> {
    let token = ctx.data_opt::<ConnectionToken>()?;
    let api = ctx.data_opt::<ApiContext>()?;
    Some((token.0.clone(), api.tokens.clone()))
}

#[async_trait::async_trait]
impl Extension for SessionRecheck {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let request = match connection(ctx) {
            // Request data is read before the connection's.
            Some((token, tokens)) => request.data(tokens.authenticate(&token).await),
            None => request,
        };
        next.run(ctx, request).await
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        let stream = next.run(ctx, stream);
        match connection(ctx) {
            Some((token, tokens)) => while_session_stands(stream, token, tokens),
            None => stream,
        }
    }
}

/// Passes responses on while the session stands; the first one after it ended is replaced
/// by the refusal, and the stream ends.
fn while_session_stands<'s>(
    stream: BoxStream<'s, Response>,
    token: String,
    tokens: TokenService,
) -> BoxStream<'s, Response> {
    futures::stream::unfold(Some(stream), move |stream| {
        let (token, tokens) = (token.clone(), tokens.clone());
        async move {
            let mut stream = stream?;
            let response = stream.next().await?;
            match tokens.authenticate(&token).await {
                AuthState::Authenticated(_) => Some((response, Some(stream))),
                AuthState::Invalid(reason) => Some((refusal(reason), None)),
                AuthState::Anonymous => Some((refusal("authentication required".into()), None)),
            }
        }
    })
    .boxed()
}

/// What a subscription delivers last when its session ended (UNAUTHENTICATED).
pub fn refusal(reason: String) -> Response {
    let error = ApiError::Unauthenticated(reason).extend();
    Response::from_errors(vec![error.into_server_error(Pos::default())])
}
