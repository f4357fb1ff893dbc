//! Payments through plugins against a local gateway: an uploaded plugin package, settings
//! validated by the plugin and sealed, a payment opened at the gateway, callbacks verified
//! (a forgery writes nothing), pulled back, and credited exactly once whatever arrives.

mod extra_hosts;
mod hostile;
mod lagging;
mod mock_midtrans;
mod mock_xendit;
mod refunds;
mod retries;

use std::io::Write;
use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use tagih_commands::{Metadata, invoices, subscriptions};

use crate::helpers::{TestApp, code, eventually, spawn_app};
use crate::pppoe_life::{customer_at, pppoe};

/// The built-in Xendit plugin, re-packaged as version 1.0.1 that may also reach 127.0.0.1
/// (where the mock runs): exactly what an operator's upload looks like.
fn xendit_package() -> Vec<u8> {
    let manifest = include_str!("../../plugins/builtin/xendit/plugin.toml")
        .replace("version = \"1.0.0\"", "version = \"1.0.1\"")
        .replace(
            "hosts = [\"api.xendit.co\"]",
            "hosts = [\"api.xendit.co\", \"127.0.0.1\"]",
        );
    let script = include_str!("../../plugins/builtin/xendit/main.rhai");
    zip_of(&[
        ("plugin.toml", manifest.as_bytes()),
        ("main.rhai", script.as_bytes()),
    ])
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

async fn upload(app: &TestApp, token: &str, zip: Vec<u8>) -> reqwest::Response {
    app.client
        .post(format!("{}/plugins", app.url))
        .bearer_auth(token)
        .body(zip)
        .send()
        .await
        .unwrap()
}

/// An open invoice of 150,000 for a fresh PPPoE subscription.
async fn open_invoice(app: &TestApp, token: &str, username: &str) -> String {
    let loc = app.location_with_profile(token).await;
    let meta = Metadata::system("test");
    let customer = customer_at(app, &loc, "Wati", "081377778888").await;
    let spec = pppoe(&customer, &loc, username, dec!(150000), Utc::now(), false);
    let (sub, _) = subscriptions::create(&app.app.bus, spec, &meta)
        .await
        .unwrap();
    let (invoice, _) = invoices::issue_next_period(&app.app.bus, &sub, Utc::now(), &meta)
        .await
        .unwrap()
        .unwrap();
    invoice
}

/// Uploads the test Xendit, configures it against the mock and activates it.
async fn xendit_ready(app: &TestApp, token: &str, mock: std::net::SocketAddr) {
    let r = upload(app, token, xendit_package()).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let plugin = xendit_at(app, token, mock).await;
    assert_eq!(plugin["version"], "1.0.1", "{plugin}");
}

/// Configures the installed Xendit against the mock (`api_base`) and activates it;
/// returns the plugin as `updatePluginSettings` left it (`settingsValid version source`).
async fn xendit_at(app: &TestApp, token: &str, mock: std::net::SocketAddr) -> Value {
    let r = app
        .gql(
            Some(token),
            "mutation($s:[SettingInput!]!){ updatePluginSettings(name:\"xendit\", settings:$s) { settingsValid version source } }",
            json!({"s": [
                {"key": "secret_key", "value": mock_xendit::SECRET_KEY},
                {"key": "callback_token", "value": "cb-token"},
                {"key": "sandbox", "value": "true"},
                {"key": "api_base", "value": format!("http://{mock}")},
            ]}),
        )
        .await;
    assert_eq!(
        r["data"]["updatePluginSettings"]["settingsValid"], true,
        "{r}"
    );
    let plugin = r["data"]["updatePluginSettings"].clone();
    let r = app
        .gql(
            Some(token),
            "mutation{ setPluginActive(name:\"xendit\", active:true) { active } }",
            json!({}),
        )
        .await;
    assert_eq!(r["data"]["setPluginActive"]["active"], true, "{r}");
    plugin
}

async fn create_payment(app: &TestApp, token: &str, invoice: &str) -> Value {
    let r = app
        .gql(
            Some(token),
            "mutation($i:String!){ createPayment(invoiceId:$i, method:\"xendit\", channel:\"BCA\") { paymentId orderId total payUrl } }",
            json!({"i": invoice}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    r["data"]["createPayment"].clone()
}

async fn callback(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(format!("{}/webhooks/payments/xendit", app.url))
        .header("x-callback-token", token)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn built_in_plugins_are_installed_and_only_manual_starts_active() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let r = app
        .gql(
            Some(&token),
            "{ plugins { name active source version } }",
            json!({}),
        )
        .await;
    let plugins = r["data"]["plugins"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = plugins.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(
        names,
        ["duitku", "manual", "midtrans", "tripay", "xendit"],
        "{r}"
    );
    for p in &plugins {
        assert_eq!(p["active"], p["name"] == "manual", "{p}");
        assert_eq!(p["source"], "BUILTIN");
    }
}

#[tokio::test]
async fn a_cash_payment_through_the_manual_plugin_pays_the_invoice() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let invoice = open_invoice(&app, &token, "cash01").await;
    let r = app
        .gql(Some(&token), "mutation($i:String!){ createPayment(invoiceId:$i, method:\"manual\") { paymentId total instructions } }", json!({"i": invoice}))
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let id = r["data"]["createPayment"]["paymentId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(r["data"]["createPayment"]["total"], "150000");
    let r = app
        .gql(Some(&token), "mutation($p:String!){ confirmManualPayment(paymentId:$p, amount:\"150000\", reference:\"KW-1\") { status completedBy paidAmount } }", json!({"p": id}))
        .await;
    assert_eq!(r["data"]["confirmManualPayment"]["status"], "PAID", "{r}");
    let paid = eventually(Duration::from_secs(10), || async {
        app.count(&format!(
            "select count(*) from rm_invoices where id = '{invoice}' and status = 'PAID'"
        ))
        .await
            == 1
    })
    .await;
    assert!(paid, "the invoice is paid");
}

#[tokio::test]
async fn a_gateway_payment_is_credited_once_whatever_callbacks_arrive() {
    let (mock, xendit) = mock_xendit::start().await;
    let app = spawn_app().await;
    let token = app.root_token().await;
    xendit_ready(&app, &token, mock).await;
    let invoice = open_invoice(&app, &token, "gw01").await;
    let opened = create_payment(&app, &token, &invoice).await;
    let order = opened["orderId"].as_str().unwrap().to_string();
    assert!(
        opened["payUrl"]
            .as_str()
            .unwrap()
            .contains("checkout-staging.xendit.co"),
        "{opened}"
    );
    assert_eq!(xendit.creates.lock().unwrap()[0]["amount"], 150000);

    // A forgery is refused and writes nothing.
    let paid = xendit.pay(&order, 150000);
    let payment_events = "select count(*) from events where aggregate_type = 'Payment'";
    let before = app.count(payment_events).await;
    let forged = callback(&app, "not-the-token", &paid).await;
    assert_eq!(forged.status(), 401);
    assert_eq!(
        app.count(payment_events).await,
        before,
        "a forgery writes nothing"
    );

    // A thousand duplicate and out-of-order callbacks: paid, pending, expired.
    let mut pending = paid.clone();
    pending["status"] = json!("PENDING");
    let mut expired = paid.clone();
    expired["status"] = json!("EXPIRED");
    let bodies: Vec<Value> = (0..1000)
        .map(|i| match i % 3 {
            0 => paid.clone(),
            1 => expired.clone(),
            _ => pending.clone(),
        })
        .collect();
    let statuses: Vec<u16> = futures::stream::iter(bodies.iter())
        .map(|b| {
            let app = &app;
            async move { callback(app, "cb-token", b).await.status().as_u16() }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    assert!(
        statuses.iter().all(|s| *s == 200),
        "every callback acknowledged: {:?}",
        statuses.iter().filter(|s| **s != 200).count()
    );
    let count = |t: &str| format!("select count(*) from events where event_type = '{t}'");
    assert_eq!(
        app.count(&count("PaymentCompleted")).await,
        1,
        "credited once"
    );
    assert_eq!(
        app.count(&count("PaymentCallbackReceived")).await,
        1000,
        "every callback kept"
    );
    let settled = eventually(Duration::from_secs(10), || async {
        app.count(&format!(
            "select count(*) from rm_invoices where id = '{invoice}' and status = 'PAID'"
        ))
        .await
            == 1
    })
    .await;
    assert!(settled, "the invoice is paid");
    assert_eq!(app.count(&count("InvoicePaid")).await, 1);
    assert_eq!(app.count(&count("SubscriptionRenewed")).await, 1);
    let r = app
        .gql(Some(&token), "query($p:String!){ payment(id:$p) { status callbackCount callbacks { signatureOk } } }", json!({"p": opened["paymentId"]}))
        .await;
    assert_eq!(r["data"]["payment"]["status"], "PAID", "{r}");

    // The callback token verified every callback and is stored nowhere in the log: not in
    // an event, so neither `eventLog` nor `tagih replay export` can show it.
    assert_eq!(
        app.count("select count(*) from events where payload::text like '%cb-token%' or metadata::text like '%cb-token%'")
            .await,
        0,
        "the callback token must not be in the event log"
    );
    let log = app
        .gql(
            Some(&token),
            "{ eventLog(first: 1000) { eventType payload } }",
            json!({}),
        )
        .await;
    assert!(log["errors"].is_null(), "{log}");
    let callbacks: Vec<&Value> = log["data"]["eventLog"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["eventType"] == "PaymentCallbackReceived")
        .collect();
    assert!(!callbacks.is_empty());
    assert!(!log.to_string().contains("cb-token"));
    let mut export = Vec::new();
    tagih_replay::export::export(app.pool(), &mut export, |_| {})
        .await
        .unwrap();
    assert!(!String::from_utf8_lossy(&export).contains("cb-token"));
}

#[tokio::test]
async fn a_paid_amount_that_does_not_match_goes_to_review_without_credit() {
    let (mock, xendit) = mock_xendit::start().await;
    let app = spawn_app().await;
    let token = app.root_token().await;
    xendit_ready(&app, &token, mock).await;
    let invoice = open_invoice(&app, &token, "gw02").await;
    let opened = create_payment(&app, &token, &invoice).await;
    let order = opened["orderId"].as_str().unwrap();
    let claimed = xendit.pay(order, 100000);
    let r = callback(&app, "cb-token", &claimed).await;
    assert_eq!(r.status(), 200);
    // The webhook does not wait for read models (a gateway never reads them); a long
    // transaction anywhere on the server (another test's) may hold the projection back.
    let query = "query($p:String!){ payment(id:$p) { status reviewFlag } }";
    let vars = json!({"p": opened["paymentId"]});
    let in_review = eventually(Duration::from_secs(10), || async {
        let r = app.gql(Some(&token), query, vars.clone()).await;
        r["data"]["payment"]["status"] == "REVIEW"
    })
    .await;
    assert!(in_review, "the payment never showed REVIEW");
    assert_eq!(
        app.count("select count(*) from events where event_type = 'PaymentCompleted'")
            .await,
        0
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) from rm_invoices where id = '{invoice}' and status = 'OPEN'"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn bad_packages_and_hostile_plugins_are_refused_and_the_server_goes_on() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let manifest = "name = \"evil\"\nversion = \"1.0.0\"\nauthor = \"x\"\ndescription = \"x\"\nentry = \"main.rhai\"\nhosts = []\n";
    let script =
        "fn create_payment(r) { loop { } } fn check_status(r) { r } fn handle_callback(r) { r }";
    let slip = zip_of(&[
        ("plugin.toml", manifest.as_bytes()),
        ("main.rhai", script.as_bytes()),
        ("../evil.sh", b"rm -rf /"),
    ]);
    let r = upload(&app, &token, slip).await;
    assert_eq!(r.status(), 422, "zip-slip refused");
    let bomb_data = vec![0u8; 60 * 1024 * 1024];
    let bomb = {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file("plugin.toml", options).unwrap();
        writer.write_all(manifest.as_bytes()).unwrap();
        writer.start_file("main.rhai", options).unwrap();
        writer.write_all(&bomb_data).unwrap();
        writer.finish().unwrap().into_inner()
    };
    let r = upload(&app, &token, bomb).await;
    assert_eq!(r.status(), 422, "zip bomb refused");
    let operator = app.gql(Some(&token), "mutation{ createAdmin(input:{username:\"op1\", password:\"operator-pass-1\", role:OPERATOR}) { id } }", json!({})).await;
    assert!(operator["errors"].is_null(), "{operator}");
    let op_token = app.login("op1", "operator-pass-1").await;
    let ok_zip = zip_of(&[
        ("plugin.toml", manifest.as_bytes()),
        ("main.rhai", script.as_bytes()),
    ]);
    assert_eq!(upload(&app, &op_token, ok_zip.clone()).await.status(), 403);

    // An infinite loop in create_payment is stopped; the server keeps serving.
    assert_eq!(upload(&app, &token, ok_zip).await.status(), 201);
    let r = app
        .gql(
            Some(&token),
            "mutation{ setPluginActive(name:\"evil\", active:true) { active } }",
            json!({}),
        )
        .await;
    assert_eq!(r["data"]["setPluginActive"]["active"], true, "{r}");
    let invoice = open_invoice(&app, &token, "evil01").await;
    let r = app
        .gql(
            Some(&token),
            "mutation($i:String!){ createPayment(invoiceId:$i, method:\"evil\") { paymentId } }",
            json!({"i": invoice}),
        )
        .await;
    assert_eq!(code(&r), "REJECTED", "{r}");
    let health = app
        .client
        .get(format!("{}/health", app.url))
        .send()
        .await
        .unwrap();
    assert!(health.status().is_success());
}

/// A plugin that reports its hooks to a local listener (`http://127.0.0.1:<port>/hook`), or
/// loops forever in them when `looping`.
fn hook_package(name: &str, port: u16, looping: bool) -> Vec<u8> {
    let manifest = format!(
        "name = \"{name}\"\nversion = \"1.0.0\"\nauthor = \"t\"\ndescription = \"t\"\nentry = \"main.rhai\"\nhosts = [\"127.0.0.1\"]\nhooks = [\"payment.created\"]\n"
    );
    let body = if looping {
        "loop { }".to_string()
    } else {
        format!(
            "http_request(#{{ method: \"POST\", url: \"http://127.0.0.1:{port}/hook\", body: json_encode(data), headers: #{{}}, timeout_ms: 5000 }}); ()"
        )
    };
    let script = format!(
        "fn create_payment(r) {{ throw \"no\"; }} fn check_status(r) {{ throw \"no\"; }} fn handle_callback(r) {{ throw \"no\"; }} fn on_payment_created(data) {{ {body} }}"
    );
    zip_of(&[
        ("plugin.toml", manifest.as_bytes()),
        ("main.rhai", script.as_bytes()),
    ])
}

#[tokio::test]
async fn hooks_reach_subscribed_plugins_and_a_failing_one_is_marked_not_fatal() {
    use std::sync::{Arc, Mutex};
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = seen.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: String| {
            let sink = sink.clone();
            async move {
                sink.lock().unwrap().push(body);
                "ok"
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await });
    let app = spawn_app().await;
    let token = app.root_token().await;
    for (name, looping) in [("listener", false), ("spinner", true)] {
        assert_eq!(
            upload(&app, &token, hook_package(name, port, looping))
                .await
                .status(),
            201
        );
        let r = app
            .gql(
                Some(&token),
                "mutation($n:String!){ setPluginActive(name:$n, active:true) { active } }",
                json!({"n": name}),
            )
            .await;
        assert_eq!(r["data"]["setPluginActive"]["active"], true, "{r}");
    }
    let invoice = open_invoice(&app, &token, "hook01").await;
    let r = app
        .gql(
            Some(&token),
            "mutation($i:String!){ createPayment(invoiceId:$i, method:\"manual\") { paymentId } }",
            json!({"i": invoice}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let delivered = eventually(Duration::from_secs(30), || async {
        !seen.lock().unwrap().is_empty()
    })
    .await;
    assert!(delivered, "the listening plugin got payment.created");
    assert!(seen.lock().unwrap()[0].contains("PaymentCreated"));
    let marked = eventually(Duration::from_secs(30), || async {
        let r = app
            .gql(Some(&token), "{ plugins { name failing } }", json!({}))
            .await;
        r["data"]["plugins"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == "spinner"))
            .is_some_and(|p| p["failing"].is_string())
    })
    .await;
    assert!(marked, "the looping plugin is marked failing");
    assert!(
        app.client
            .get(format!("{}/health", app.url))
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
}

#[tokio::test]
async fn a_plugin_upgrade_under_load_swaps_without_failing_calls() {
    let (mock, _xendit) = mock_xendit::start().await;
    let app = spawn_app().await;
    let token = app.root_token().await;
    xendit_ready(&app, &token, mock).await;
    let mut invoices_ = Vec::new();
    for i in 0..12 {
        invoices_.push(open_invoice(&app, &token, &format!("swap{i:02}")).await);
    }
    let v2 = {
        let manifest = include_str!("../../plugins/builtin/xendit/plugin.toml")
            .replace("version = \"1.0.0\"", "version = \"1.0.2\"")
            .replace(
                "hosts = [\"api.xendit.co\"]",
                "hosts = [\"api.xendit.co\", \"127.0.0.1\"]",
            );
        let script = include_str!("../../plugins/builtin/xendit/main.rhai");
        zip_of(&[
            ("plugin.toml", manifest.as_bytes()),
            ("main.rhai", script.as_bytes()),
        ])
    };
    let payments = futures::stream::iter(invoices_.iter())
        .map(|i| {
            let (app, token) = (&app, &token);
            async move {
                app.gql(Some(token), "mutation($i:String!){ createPayment(invoiceId:$i, method:\"xendit\", channel:\"BCA\") { paymentId } }", json!({"i": i}))
                    .await
            }
        })
        .buffer_unordered(4)
        .collect::<Vec<_>>();
    let swap = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        upload(&app, &token, v2).await.status()
    };
    let (results, swapped) = tokio::join!(payments, swap);
    assert_eq!(swapped, 201);
    for r in &results {
        assert!(r["errors"].is_null(), "a call failed during the swap: {r}");
    }
    let r = app
        .gql(
            Some(&token),
            "{ plugins { name version active } }",
            json!({}),
        )
        .await;
    let xendit = r["data"]["plugins"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "xendit")
        .cloned()
        .unwrap();
    assert_eq!(xendit["version"], "1.0.2");
    assert_eq!(
        xendit["active"], true,
        "an upgrade keeps the plugin active: {xendit}"
    );
}

#[tokio::test]
async fn a_plugin_can_be_installed_through_a_graphql_multipart_upload() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let zip = hook_package("uploaded", 9, false);
    let boundary = "tagihboundary7";
    let mut body = Vec::new();
    let mut part = |name: &str, filename: Option<&str>, content: &[u8]| {
        let disposition = match filename {
            Some(f) => format!(
                "form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/zip"
            ),
            None => format!("form-data; name=\"{name}\""),
        };
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "operations",
        None,
        br#"{"query":"mutation($f: Upload!){ installPlugin(package: $f) { name version source active } }","variables":{"f":null}}"#,
    );
    part("map", None, br#"{"0":["variables.f"]}"#);
    part("0", Some("uploaded.zip"), &zip);
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let r: Value = app
        .client
        .post(format!("{}/graphql", app.url))
        .bearer_auth(&token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["data"]["installPlugin"]["name"], "uploaded", "{r}");
    assert_eq!(r["data"]["installPlugin"]["source"], "UPLOAD");
    assert_eq!(r["data"]["installPlugin"]["active"], false);
}
