//! The dashboard served by the binary (src/http/dashboard.rs): the app at `/`, its files
//! with their types and caching, the SPA fallback, the CSP, and API paths left alone.

use crate::helpers::spawn_app;

/// The hashed bundle the committed index.html names (`/assets/index-….js`).
fn bundle_path() -> String {
    let html = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dashboard/dist/index.html"),
    )
    .unwrap();
    let start = html.find("/assets/").expect("index.html names its bundle");
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_string()
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> &'a str {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test]
async fn the_app_is_served_at_the_root_with_a_strict_csp_and_no_cache() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(format!("{}/", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(&r, "cache-control"), "no-cache");
    let csp = header(&r, "content-security-policy").to_string();
    for part in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{part} missing from {csp}");
    }
    assert!(!csp.contains("unsafe"), "{csp}");
    assert_eq!(header(&r, "x-content-type-options"), "nosniff");
    let body = r.text().await.unwrap();
    assert!(body.contains("<div id=\"app\">"), "{body}");
    assert!(body.contains(&bundle_path()), "{body}");
}

#[tokio::test]
async fn hashed_files_are_immutable_and_typed() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(format!("{}{}", app.url, bundle_path()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-type"), "text/javascript; charset=utf-8");
    assert_eq!(
        header(&r, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&r, "content-security-policy").contains("script-src 'self'"));
    assert!(r.bytes().await.unwrap().len() > 10_000, "the whole bundle");

    let icon = app
        .client
        .get(format!("{}/favicon.svg", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.status(), 200);
    assert_eq!(header(&icon, "content-type"), "image/svg+xml");
    assert_eq!(header(&icon, "cache-control"), "no-cache");
}

#[tokio::test]
async fn app_routes_fall_back_to_the_app_and_api_paths_do_not() {
    let app = spawn_app().await;
    for path in [
        "/locations/abc",
        "/vouchers/generate",
        "/print/a/b",
        "/x?y=1",
    ] {
        let r = app
            .client
            .get(format!("{}{path}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(header(&r, "cache-control"), "no-cache", "{path}");
        assert!(
            r.text().await.unwrap().contains("<div id=\"app\">"),
            "{path}"
        );
    }
    for path in [
        "/assets/missing-123.js",
        "/graphql/nope",
        "/webhooks/nope",
        "/health/more",
    ] {
        let r = app
            .client
            .get(format!("{}{path}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{path}");
    }
    // Only reads reach the app; a POST to an unknown path is not answered with it.
    let r = app
        .client
        .post(format!("{}/locations", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // The API is untouched: GraphiQL and /health answer as before.
    let g = app
        .client
        .get(format!("{}/graphql", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(g.status(), 200);
    assert!(header(&g, "content-security-policy").is_empty());
    let h = app
        .client
        .get(format!("{}/health", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(h.status(), 200);
}
