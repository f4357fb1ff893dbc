//! Extra plugin hosts (issue 12 item 11, ADR 0026): the built-in Xendit, pointed at a local
//! gateway through its `api_base` setting, cannot reach it until the super admin adds the
//! host; removing the host refuses again. Only a super admin may set hosts; bad ones are
//! BAD_USER_INPUT. (Tests allow loopback hosts: `payments.allow_private_plugin_hosts`.)

use serde_json::{Value, json};

use super::{mock_xendit, open_invoice, xendit_at};
use crate::helpers::{TestApp, code, spawn_app};

const SET_HOSTS: &str = "mutation($p:String!,$h:[String!]!){ setPluginExtraHosts(plugin:$p, hosts:$h) { name hosts extraHosts } }";

async fn set_hosts(app: &TestApp, token: &str, hosts: Value) -> Value {
    app.gql(Some(token), SET_HOSTS, json!({"p": "xendit", "h": hosts}))
        .await
}

/// The refusal of a host outside the plugin's allowed hosts, naming the host.
fn assert_host_refused(r: &Value, host: &str) {
    assert_eq!(code(r), "REJECTED", "{r}");
    let message = r["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&format!("host `{host}` is neither declared")),
        "{r}"
    );
}

async fn try_create_payment(app: &TestApp, token: &str, username: &str) -> Value {
    let invoice = open_invoice(app, token, username).await;
    app.gql(
        Some(token),
        "mutation($i:String!){ createPayment(invoiceId:$i, method:\"xendit\", channel:\"BCA\") { paymentId payUrl } }",
        json!({"i": invoice}),
    )
    .await
}

#[tokio::test]
async fn a_host_outside_the_manifest_is_reachable_only_while_the_super_admin_adds_it() {
    let (mock, xendit) = mock_xendit::start().await;
    let app = spawn_app().await;
    let token = app.root_token().await;
    // The built-in Xendit declares only api.xendit.co.
    let plugin = xendit_at(&app, &token, mock).await;
    assert_eq!(plugin["source"], "BUILTIN", "{plugin}");

    let r = try_create_payment(&app, &token, "hosts01").await;
    assert_host_refused(&r, "127.0.0.1");
    assert!(xendit.creates.lock().unwrap().is_empty());

    let host = format!("127.0.0.1:{}", mock.port());
    let r = set_hosts(&app, &token, json!([host])).await;
    assert_eq!(
        r["data"]["setPluginExtraHosts"]["extraHosts"],
        json!([host]),
        "{r}"
    );
    assert_eq!(
        r["data"]["setPluginExtraHosts"]["hosts"],
        json!(["api.xendit.co"]),
        "the manifest's hosts are unchanged: {r}"
    );
    let r = app
        .gql(Some(&token), "{ plugins { name extraHosts } }", json!({}))
        .await;
    let listed = r["data"]["plugins"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "xendit"))
        .cloned();
    assert_eq!(
        listed.map(|p| p["extraHosts"].clone()),
        Some(json!([host])),
        "{r}"
    );
    let r = app
        .gql(
            Some(&token),
            "{ eventLog(first: 1000) { eventType payload } }",
            json!({}),
        )
        .await;
    let recorded: Vec<&Value> = r["data"]["eventLog"]
        .as_array()
        .map(|es| {
            es.iter()
                .filter(|e| e["eventType"] == "PluginExtraHostsSet")
                .map(|e| &e["payload"])
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(recorded.len(), 1, "{r}");
    assert!(recorded[0].to_string().contains(&host), "{r}");

    let r = try_create_payment(&app, &token, "hosts02").await;
    assert!(r["errors"].is_null(), "{r}");
    assert_eq!(xendit.creates.lock().unwrap().len(), 1);

    let r = set_hosts(&app, &token, json!([])).await;
    assert_eq!(
        r["data"]["setPluginExtraHosts"]["extraHosts"],
        json!([]),
        "{r}"
    );
    let r = try_create_payment(&app, &token, "hosts03").await;
    assert_host_refused(&r, "127.0.0.1");
    assert_eq!(xendit.creates.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn only_a_super_admin_sets_hosts_and_bad_hosts_are_refused() {
    let app = spawn_app().await;
    let root = app.root_token().await;
    let r = app
        .gql(
            Some(&root),
            "mutation{ createAdmin(input:{username:\"adm\", password:\"admin-password-1\", role:ADMIN}) { id } }",
            json!({}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let admin = app.login("adm", "admin-password-1").await;
    let r = set_hosts(&app, &admin, json!(["proxy.example.com"])).await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");

    let many: Vec<String> = (0..100).map(|i| format!("h{i}.example.com")).collect();
    for bad in [
        json!(["https://proxy.example.com"]),
        json!(["proxy.example.com/api"]),
        json!(["*.example.com"]),
        json!(["proxy\u{0}.example.com"]),
        json!(["proxy.example.com:99999"]),
        json!(["proxy.example.com", "PROXY.example.com"]),
        json!(many),
    ] {
        let r = set_hosts(&app, &root, bad.clone()).await;
        assert_eq!(code(&r), "BAD_USER_INPUT", "{bad}: {r}");
    }
    let r = app
        .gql(
            Some(&root),
            "mutation{ setPluginExtraHosts(plugin:\"nope\", hosts:[\"a.example.com\"]) { name } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&r), "NOT_FOUND", "{r}");
    let events = "select count(*) from events where event_type = 'PluginExtraHostsSet'";
    assert_eq!(app.count(events).await, 0, "nothing refused was written");
}
