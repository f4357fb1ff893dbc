//! Test helpers: a tiny HTTP/1.1 server that records requests and answers like a
//! gateway, and shortcuts to load plugins from inline sources.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::manifest::Manifest;
use crate::{Limits, Plugin, Runtime};

#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

pub(crate) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            content_type: "application/json",
            body: body.into(),
        }
    }
}

pub(crate) struct MockServer {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

impl MockServer {
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn only_request(&self) -> Recorded {
        let requests = self.requests.lock().unwrap();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request: {requests:?}"
        );
        requests[0].clone()
    }
}

/// Serves until the test's runtime ends; one request per connection.
pub(crate) async fn serve<F>(handler: F) -> MockServer
where
    F: Fn(&Recorded) -> Reply + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let (log, handler) = (requests.clone(), Arc::new(handler));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (log, handler) = (log.clone(), handler.clone());
            tokio::spawn(async move {
                let Some(request) = read_request(&mut socket).await else {
                    return;
                };
                let reply = handler(&request);
                log.lock().unwrap().push(request);
                let head = format!(
                    "HTTP/1.1 {} X\r\ncontent-type: {}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    reply.status,
                    reply.content_type,
                    reply.body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(reply.body.as_bytes()).await;
            });
        }
    });
    MockServer { port, requests }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Recorded> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_string(), first.next()?.to_string());
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&data[head_end..]).to_string();
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

pub(crate) fn runtime(limits: Limits) -> Runtime {
    Runtime::new(limits).unwrap()
}

/// A minimal payment plugin around `functions`, allowed to call `hosts`.
pub(crate) fn inline_plugin(runtime: &Runtime, hosts: &[&str], functions: &str) -> Plugin {
    let hosts: Vec<String> = hosts.iter().map(|h| format!("{h:?}")).collect();
    let manifest = format!(
        "name = \"inline\"\nversion = \"0.1.0\"\nauthor = \"test\"\ndescription = \"test\"\nhosts = [{}]\n",
        hosts.join(", ")
    );
    let script = format!(
        "{functions}\nfn create_payment(r) {{ () }}\nfn check_status(r) {{ () }}\nfn handle_callback(r) {{ () }}\n"
    );
    runtime
        .load(Manifest::from_toml(&manifest).unwrap(), &script)
        .unwrap()
}
