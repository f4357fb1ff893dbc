//! GraphQL over HTTP: authenticate once per request, attach the caller and request facts,
//! execute. (WebSocket: ws/.) Without a valid token introspection may be closed
//! (`api.public_introspection = false`).

use std::net::SocketAddr;
use std::time::Instant;

use async_graphql::ParseRequestError;
use async_graphql::http::GraphiQLSource;
use async_graphql_axum::rejection::GraphQLRejection;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use tagih_app::auth::AuthState;
use tagih_graphql::RequestInfo;
use tagih_graphql::input_guard::BAD_REQUEST;

use super::AppState;
use super::idempotency;

pub async fn graphiql() -> impl IntoResponse {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .subscription_endpoint("/graphql/ws")
            .finish(),
    )
}

pub(super) fn request_info(headers: &HeaderMap, peer: SocketAddr) -> RequestInfo {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    RequestInfo {
        ip: peer.ip().to_string(),
        user_agent: header("user-agent"),
        request_id: header("x-request-id").unwrap_or_default(),
    }
}

pub(super) async fn auth_state(state: &AppState, token: Option<&str>) -> AuthState {
    match token {
        None => AuthState::Anonymous,
        Some(t) => state.ctx.tokens.authenticate(t).await,
    }
}

pub(super) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get("authorization")?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
}

pub async fn execute(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    req: Result<GraphQLRequest, GraphQLRejection>,
) -> Response {
    let req = match req {
        Ok(req) => req,
        Err(rejection) => return rejected(rejection),
    };
    let key = match idempotency::key(&headers) {
        Ok(key) => key,
        Err(message) => {
            return idempotency::error(StatusCode::BAD_REQUEST, "BAD_USER_INPUT", &message);
        }
    };
    let started = Instant::now();
    let auth = auth_state(&state, bearer(&headers)).await;
    let request = req.into_inner();
    // Keys are per admin: an anonymous or invalid caller's mutation runs (and is refused)
    // as usual.
    let keyed = match (&auth, key) {
        (AuthState::Authenticated(actor), Some(key)) => {
            idempotency::intent(&request).map(|intent| (actor.admin_id.clone(), key, intent))
        }
        _ => None,
    };
    let mut request = request;
    if !state.options.public_introspection && !matches!(auth, AuthState::Authenticated(_)) {
        request = request.disable_introspection();
    }
    let request = request.data(auth).data(request_info(&headers, peer));
    let schema = state.schema.clone();
    let exec = move || async move {
        let response = schema.execute(request).await;
        let outcome = if response.is_ok() { "ok" } else { "error" };
        metrics::counter!("tagih_graphql_requests_total", "outcome" => outcome).increment(1);
        metrics::histogram!("tagih_graphql_request_seconds")
            .record(started.elapsed().as_secs_f64());
        response
    };
    match keyed {
        Some((admin_id, key, intent)) => {
            idempotency::run(&state.ctx.pool, &admin_id, key, intent, exec).await
        }
        None => http_response(exec().await),
    }
}

/// A body that is not a GraphQL request: 413 when it is too large (also when it arrives
/// chunked, without a Content-Length), 400 otherwise — with a GraphQL-shaped error, never
/// the parser's internals.
fn rejected(rejection: GraphQLRejection) -> Response {
    let too_large = matches!(&rejection.0, ParseRequestError::PayloadTooLarge)
        || matches!(&rejection.0, ParseRequestError::Io(e) if e.to_string().contains("length limit exceeded"));
    let (status, code, message) = if too_large {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            "request body is too large".to_string(),
        )
    } else {
        (
            StatusCode::BAD_REQUEST,
            BAD_REQUEST,
            format!("not a GraphQL request: {}", describe(&rejection.0)),
        )
    };
    let body = serde_json::json!({"errors": [{"message": message, "extensions": {"code": code}}]});
    (status, Json(body)).into_response()
}

fn describe(e: &ParseRequestError) -> &'static str {
    match e {
        ParseRequestError::InvalidRequest(_) => "the body is not valid JSON of a GraphQL request",
        ParseRequestError::UnsupportedBatch => "batches are not supported",
        ParseRequestError::MissingOperatorsPart | ParseRequestError::MissingMapPart => {
            "incomplete multipart request"
        }
        _ => "the body could not be read",
    }
}

/// The HTTP answer for a GraphQL response: a request the input guard could not read (nested
/// too deep) is the client's fault at the HTTP level too, like a malformed body.
fn http_response(response: async_graphql::Response) -> Response {
    let unreadable = response.errors.iter().any(|e| {
        e.extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .is_some_and(|c| *c == async_graphql::Value::from(BAD_REQUEST))
    });
    let mut http = GraphQLResponse::from(response).into_response();
    if unreadable {
        *http.status_mut() = StatusCode::BAD_REQUEST;
    }
    http
}
