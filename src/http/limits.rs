//! What clients may take of the server: requests served at once (more are answered 503
//! at once, never queued), a request's total time (408), and its body's total time (408,
//! also for a body that trickles in a byte at a time, which an idle timeout would not
//! catch). One gate for every route; the head's read timeout is the accept loop's
//! (serve.rs).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::BoxError;
use axum::Json;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::{Frame, SizeHint};
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

use crate::config::Settings;

/// The transport's settings, from `[server]` and `[api]`.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub body_limit: usize,
    pub header_read_timeout: Duration,
    pub request_timeout: Duration,
    pub body_timeout: Duration,
    pub max_concurrent_requests: usize,
    pub ws_init_timeout: Duration,
    pub ws_max_operations: usize,
    pub public_introspection: bool,
}

impl HttpOptions {
    pub fn from_settings(settings: &Settings) -> Self {
        let api = &settings.api;
        Self {
            body_limit: api.body_limit_bytes,
            header_read_timeout: Duration::from_millis(settings.server.header_read_timeout_ms),
            request_timeout: Duration::from_millis(api.request_timeout_ms),
            body_timeout: Duration::from_millis(api.body_timeout_ms),
            max_concurrent_requests: api.max_concurrent_requests.max(1),
            ws_init_timeout: Duration::from_millis(api.ws_init_timeout_ms),
            ws_max_operations: api.ws_max_operations.max(1),
            public_introspection: api.public_introspection,
        }
    }
}

/// The shared limits every request passes.
pub struct Gate {
    slots: Arc<Semaphore>,
    request_timeout: Duration,
    body_timeout: Duration,
}

impl Gate {
    pub fn new(options: &HttpOptions) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(options.max_concurrent_requests)),
            request_timeout: options.request_timeout,
            body_timeout: options.body_timeout,
        }
    }
}

/// Middleware: takes a slot (or answers 503 at once), then gives the request its total
/// time and its body a deadline measured from the head. When the body deadline passed
/// while the handler read it, the answer is 408 whatever the handler made of the broken
/// body.
pub async fn gate(gate: Arc<Gate>, request: Request, next: Next) -> Response {
    let Ok(_slot) = gate.slots.clone().try_acquire_owned() else {
        metrics::counter!("tagih_http_overloaded_total").increment(1);
        return overloaded();
    };
    let expired = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| {
        Body::new(DeadlineBody {
            inner: body,
            sleep: Box::pin(tokio::time::sleep_until(Instant::now() + gate.body_timeout)),
            expired: expired.clone(),
        })
    });
    let answered = tokio::time::timeout(gate.request_timeout, next.run(request)).await;
    match answered {
        Ok(response) if !expired.load(Ordering::Acquire) => response,
        _ => {
            metrics::counter!("tagih_http_timeouts_total").increment(1);
            timed_out()
        }
    }
}

fn overloaded() -> Response {
    let body = json!({"errors": [{
        "message": "the server is busy; retry shortly",
        "extensions": {"code": "OVERLOADED"}
    }]});
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

fn timed_out() -> Response {
    let body = json!({"errors": [{
        "message": "the request took too long",
        "extensions": {"code": "REQUEST_TIMEOUT"}
    }]});
    let mut response = (StatusCode::REQUEST_TIMEOUT, Json(body)).into_response();
    // The rest of a late body is never read: the connection cannot serve another request.
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// A body that fails once its deadline passed.
struct DeadlineBody {
    inner: Body,
    sleep: Pin<Box<Sleep>>,
    expired: Arc<AtomicBool>,
}

#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
struct BodyTimedOut;

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        if this.sleep.as_mut().poll(cx).is_ready() {
            this.expired.store(true, Ordering::Release);
            return Poll::Ready(Some(Err(BodyTimedOut.into())));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
