//! HTTP: `/graphql` (POST queries, GET GraphiQL), `/graphql/ws` (graphql-transport-ws),
//! `/webhooks/routers/{location}`, `/webhooks/payments/{plugin}`, `POST /plugins`,
//! `GET /exports/{name}.csv`, `GET /receipts/{id}`, `/health`, `/metrics`, and the dashboard
//! at `/` (dashboard.rs). Body size limited; `%00` in the address refused (guard.rs); request
//! ids; panics become 500s; requests at once, a request's time and its body's time bounded
//! (limits.rs), and a request head's too (serve.rs).

mod dashboard;
mod exports;
mod graphql;
mod guard;
mod idempotency;
mod limits;
mod ops;
mod payments;
mod receipts;
mod router_webhook;
mod serve;
mod whatsapp_webhook;
mod ws;

pub use limits::HttpOptions;
pub use serve::serve;

pub use ops::prometheus as install_metrics;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use tagih_app::App;
use tagih_graphql::{ApiContext, TagihSchema};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

#[derive(Clone)]
pub struct AppState {
    pub schema: TagihSchema,
    /// What `/graphql` serves with (sessions, tokens); webhooks never use it.
    pub ctx: ApiContext,
    /// The use cases the webhooks call.
    pub app: App,
    pub options: Arc<HttpOptions>,
}

pub fn router(schema: TagihSchema, ctx: ApiContext, app: App, options: HttpOptions) -> Router {
    let body_limit = options.body_limit;
    let gate = Arc::new(limits::Gate::new(&options));
    let state = AppState {
        schema,
        ctx,
        app,
        options: Arc::new(options),
    };
    Router::new()
        .route("/graphql", get(graphql::graphiql).post(graphql::execute))
        .route("/graphql/ws", get(ws::upgrade))
        .route("/exports/{name}", get(exports::download))
        .route("/receipts/{id}", get(receipts::page))
        .route("/health", get(ops::health))
        .route("/metrics", get(ops::metrics))
        .route(
            "/webhooks/payments/{plugin}",
            post(payments::callback).layer(RequestBodyLimitLayer::new(payments::CALLBACK_LIMIT)),
        )
        .route(
            "/webhooks/routers/{location}",
            post(router_webhook::login)
                .layer(RequestBodyLimitLayer::new(router_webhook::BODY_LIMIT)),
        )
        .route(
            "/webhooks/whatsapp/{provider}",
            get(whatsapp_webhook::verify)
                .post(whatsapp_webhook::receive)
                .layer(RequestBodyLimitLayer::new(whatsapp_webhook::BODY_LIMIT)),
        )
        .layer(RequestBodyLimitLayer::new(body_limit))
        // Plugin packages are the one body allowed past the general limit (10 MB).
        .merge(Router::new().route(
            "/plugins",
            post(payments::upload).layer(RequestBodyLimitLayer::new(payments::PACKAGE_LIMIT)),
        ))
        // Every other path: the dashboard (its files, else index.html for the app's routes).
        .fallback(dashboard::serve)
        .with_state(state)
        .layer(axum::middleware::from_fn(guard::uri_text))
        // Outside the routes' own layers: a request past the limits is answered at once.
        .layer(axum::middleware::from_fn(move |request, next| {
            limits::gate(gate.clone(), request, next)
        }))
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(CatchPanicLayer::new())
}
