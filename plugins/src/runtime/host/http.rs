//! `http_request`: the only network access, limited to the hosts the manifest declares
//! (and those an operator added, ADR 0026),
//! with a body cap, a timeout inside the call's deadline and no redirects.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use reqwest::{Method, Url};
use rhai::{Dynamic, Engine, EvalAltResult, INT, Map};

use super::{CallEnv, HttpAccess};
use crate::Limit;
use crate::runtime::fault;

type HostResult<T> = Result<T, Box<EvalAltResult>>;

/// The one host plain `http` is allowed for, and only when declared: local test servers.
const LOOPBACK: &str = "127.0.0.1";

pub(super) fn register(engine: &mut Engine, env: Arc<CallEnv>) {
    engine.register_fn("http_request", move |request: Map| -> HostResult<Map> {
        http_request(&env, &request)
    });
}

struct Request {
    method: Method,
    url: Url,
    headers: Vec<(String, String)>,
    body: String,
    timeout: Duration,
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

fn http_request(env: &CallEnv, request: &Map) -> HostResult<Map> {
    let request = parse_request(env, request)?;
    check_destination(env, &request.url)?;
    let used = env.http_calls.fetch_add(1, Ordering::SeqCst);
    if used >= env.limits.max_http_requests {
        return Err(fault::limit_hit(Limit::HttpRequests));
    }
    let access = env
        .http
        .as_ref()
        .ok_or("http_request is not available outside an async runtime")?;
    let remaining = env.deadline.saturating_duration_since(Instant::now());
    let timeout = request.timeout.min(remaining);
    let response =
        access
            .handle
            .block_on(send(access, request, timeout, env.limits.http_body_limit));
    match response {
        Ok(response) => Ok(response_map(response)),
        // The call's budget ran out while waiting: that is the call timing out, not an
        // error the script could handle.
        Err(_) if Instant::now() >= env.deadline => Err(fault::deadline_passed()),
        Err(e) => Err(format!("http_request: {e}").into()),
    }
}

fn parse_request(env: &CallEnv, map: &Map) -> HostResult<Request> {
    let text = |key: &str| map.get(key).map(|v| v.to_string());
    let method = text("method")
        .unwrap_or_else(|| "GET".into())
        .to_ascii_uppercase();
    let method = match method.as_str() {
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" => Method::from_bytes(method.as_bytes())
            .map_err(|_| format!("http_request: invalid method `{method}`"))?,
        other => return Err(format!("http_request: method `{other}` is not allowed").into()),
    };
    let url = text("url").ok_or("http_request: `url` is required")?;
    let url = Url::parse(&url).map_err(|e| format!("http_request: invalid url: {e}"))?;
    let timeout = match map.get("timeout_ms") {
        None => env.limits.http_default_timeout,
        Some(ms) => {
            let ms = ms
                .as_int()
                .map_err(|_| "http_request: `timeout_ms` must be an integer")?;
            Duration::from_millis(u64::try_from(ms.max(1)).unwrap_or(1))
        }
    };
    Ok(Request {
        method,
        url,
        headers: headers(map.get("headers"))?,
        body: text("body").unwrap_or_default(),
        timeout: timeout.min(env.limits.http_max_timeout),
    })
}

fn headers(value: Option<&Dynamic>) -> HostResult<Vec<(String, String)>> {
    let Some(value) = value.filter(|v| !v.is_unit()) else {
        return Ok(Vec::new());
    };
    let map = value
        .read_lock::<Map>()
        .ok_or("http_request: `headers` must be a map")?;
    Ok(map
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect())
}

/// Exact host match against the allowed hosts: a bare `host` (the manifest's, or an extra
/// one) allows any port, an extra `host:port` only that port. Plain http only for
/// 127.0.0.1.
fn check_destination(env: &CallEnv, url: &Url) -> HostResult<()> {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let with_port = url
        .port_or_known_default()
        .is_some_and(|port| env.hosts.contains(&format!("{host}:{port}")));
    if !env.hosts.contains(&host) && !with_port {
        return Err(fault::host_denied(&host));
    }
    // A name is checked when it is resolved (egress.rs); a literal address here.
    let literal = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .ok();
    if let (Some(allowed), Some(ip)) = (env.limits.egress, literal)
        && !allowed(ip)
    {
        return Err(format!(
            "http_request: {ip} is a private or reserved address; gateways are reached on public ones"
        )
        .into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("http_request: credentials in the url are not allowed".into());
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if host == LOOPBACK => Ok(()),
        scheme => Err(format!("http_request: scheme `{scheme}` is not allowed, use https").into()),
    }
}

async fn send(
    access: &HttpAccess,
    request: Request,
    timeout: Duration,
    body_limit: usize,
) -> Result<Response, String> {
    let mut builder = access
        .client
        .request(request.method, request.url)
        .timeout(timeout);
    for (name, value) in request.headers {
        builder = builder.header(name, value);
    }
    if !request.body.is_empty() {
        builder = builder.body(request.body);
    }
    let mut response = builder.send().await.map_err(describe)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(describe)? {
        if body.len() + chunk.len() > body_limit {
            return Err(format!("response body exceeds {body_limit} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn describe(err: reqwest::Error) -> String {
    if err.is_timeout() {
        return "request timed out".into();
    }
    // The egress resolver's refusal is the connect error's innermost cause: say it.
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(&err);
    while let Some(c) = cause {
        if c.source().is_none() && c.to_string().contains(crate::runtime::egress::REFUSED) {
            return c.to_string();
        }
        cause = c.source();
    }
    {
        // The url is left out: it may carry query parameters with references.
        err.without_url().to_string()
    }
}

fn response_map(response: Response) -> Map {
    let mut headers = Map::new();
    for (name, value) in response.headers {
        // Repeated headers are joined the way HTTP allows (RFC 9110 §5.3).
        let merged = match headers.get(name.as_str()) {
            Some(previous) => format!("{previous}, {value}"),
            None => value,
        };
        headers.insert(name.into(), Dynamic::from(merged));
    }
    let mut map = Map::new();
    map.insert(
        "status".into(),
        Dynamic::from_int(INT::from(response.status)),
    );
    map.insert("headers".into(), Dynamic::from_map(headers));
    map.insert("body".into(), Dynamic::from(response.body));
    map
}
