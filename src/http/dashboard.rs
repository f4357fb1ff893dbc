//! The operator's dashboard at `/`: the files built from `dashboard/` (committed in
//! `dashboard/dist`, compiled into the binary), served as the router's fallback. Hashed
//! files under `/assets/` are cached for good; every other path that is not an API path
//! gets `index.html` (the app routes in the browser). Strict CSP on every answer (ADR 0030).

use axum::body::Body;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "dashboard/dist"]
struct Assets;

/// No inline script or style anywhere in the app; `data:` images are the WhatsApp link
/// QR codes the API returns.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// Paths that belong to the API: an unknown one is a 404, never the app.
const API_PREFIXES: [&str; 6] = [
    "/graphql",
    "/webhooks",
    "/plugins",
    "/health",
    "/metrics",
    "/assets/",
];

pub async fn serve(method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::NOT_FOUND.into_response();
    }
    let path = uri.path();
    let file = path.trim_start_matches('/');
    if !file.is_empty()
        && let Some(content) = Assets::get(file)
    {
        let cache = if file.starts_with("assets/") {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        return respond(content.data.into_owned(), content_type(file), cache);
    }
    if API_PREFIXES.iter().any(|p| path.starts_with(p)) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match Assets::get("index.html") {
        Some(index) => respond(
            index.data.into_owned(),
            "text/html; charset=utf-8",
            REVALIDATE,
        ),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn respond(body: Vec<u8>, content_type: &'static str, cache: &'static str) -> Response {
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// The few kinds of file a Vite build writes.
fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "webmanifest" => "application/json",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_app_is_embedded() {
        let index = Assets::get("index.html").expect("dashboard/dist/index.html");
        let html = String::from_utf8_lossy(&index.data);
        assert!(
            html.contains("/assets/"),
            "index.html names its bundle: {html}"
        );
        assert!(!html.contains("<script>"), "no inline script (CSP)");
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(
            content_type("assets/a-1.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("x"), "application/octet-stream");
    }
}
