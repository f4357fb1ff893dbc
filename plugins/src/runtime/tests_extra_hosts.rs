//! Extra hosts (ADR 0026): a call may reach the manifest's hosts and the ones its context
//! adds — a bare host on any port, `host:port` on that port only — and nothing else.

use std::time::Duration;

use serde_json::json;

use crate::test_support::{Reply, inline_plugin, runtime, serve};
use crate::{CallContext, Limits, Plugin, PluginError};

fn gateway_plugin() -> Plugin {
    let rt = runtime(Limits {
        deadline: Duration::from_secs(30),
        ..Limits::default()
    });
    inline_plugin(
        &rt,
        &["api.example.com"],
        "fn start(base) { http_request(#{ url: base + \"/v1/ping\" }) }",
    )
}

fn with(hosts: &[String]) -> CallContext {
    CallContext::default().with_extra_hosts(hosts.to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_extra_host_is_reachable_and_only_on_its_port() {
    let server = serve(|_| Reply::json(200, r#"{"pong":true}"#)).await;
    let plugin = gateway_plugin();
    let call = |ctx| plugin.call("start", json!([server.base()]), ctx);

    let denied = call(CallContext::default()).await.unwrap_err();
    assert!(
        matches!(denied, PluginError::HostDenied { ref host } if host == "127.0.0.1"),
        "{denied}"
    );

    let exact = format!("127.0.0.1:{}", server.port);
    let reply = call(with(std::slice::from_ref(&exact))).await.unwrap();
    assert_eq!(reply["status"], 200);
    let reply = call(with(&["127.0.0.1".to_string()])).await.unwrap();
    assert_eq!(reply["status"], 200);

    let other_port = format!("127.0.0.1:{}", server.port.wrapping_add(1).max(1));
    let denied = call(with(&[other_port])).await.unwrap_err();
    assert!(matches!(denied, PluginError::HostDenied { .. }), "{denied}");
    assert_eq!(server.requests.lock().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extra_hosts_of_one_call_do_not_widen_the_next() {
    let server = serve(|_| Reply::json(200, "{}")).await;
    let plugin = gateway_plugin();
    let extra = [format!("127.0.0.1:{}", server.port)];
    plugin
        .call("start", json!([server.base()]), with(&extra))
        .await
        .unwrap();
    let denied = plugin
        .call("start", json!([server.base()]), CallContext::default())
        .await
        .unwrap_err();
    assert!(matches!(denied, PluginError::HostDenied { .. }), "{denied}");
}

/// With an egress filter (production: only public addresses), neither a literal address
/// the filter refuses nor a name that resolves only to such addresses is ever contacted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_egress_filter_refuses_literal_and_resolved_private_addresses() {
    let server = serve(|_| Reply::json(200, "{}")).await;
    let rt = runtime(Limits {
        deadline: Duration::from_secs(30),
        egress: Some(|ip| !ip.is_loopback()),
        ..Limits::default()
    });
    let plugin = inline_plugin(
        &rt,
        &["api.example.com"],
        "fn start(url) { http_request(#{ url: url }) }",
    );
    let extra = ["127.0.0.1".to_string(), "localhost".to_string()];
    for url in [
        server.base(),
        format!("https://localhost:{}/v1/ping", server.port),
    ] {
        let refused = plugin
            .call("start", json!([url]), with(&extra))
            .await
            .unwrap_err()
            .to_string();
        assert!(refused.contains("private or reserved"), "{url}: {refused}");
    }
    assert!(server.requests.lock().unwrap().is_empty());
}
