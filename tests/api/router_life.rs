//! The voucher's life on a router, end to end against the simulator over TCP: profile sync
//! installs the on-login webhook, first-login detectors race, activation is written back,
//! time moves (an injectable clock), expiry disables and removes; plus health and drift.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde_json::{Value, json};
use tagih_commands::ManualClock;
use tagih_routeros::sim::SimHandle;

use crate::helpers::{TestApp, eventually};
use crate::routeros::{app_with_router_using, location_at, voucher_users};

async fn sync(app: &TestApp, token: &str, loc: &str, repair: bool) -> Value {
    let r = app
        .gql(
            Some(token),
            "mutation($l:String!,$r:Boolean!){ syncRouter(locationId:$l, repair:$r) }",
            json!({"l": loc, "r": repair}),
        )
        .await;
    assert!(r["errors"].is_null(), "syncRouter failed: {r}");
    r
}

/// The token the on-login script of profile `name` carries.
fn script_token(sim: &SimHandle, name: &str) -> String {
    let profile = sim
        .rows("/ip/hotspot/user/profile")
        .into_iter()
        .find(|p| p.get("name").map(String::as_str) == Some(name))
        .expect("profile on the router");
    let script = profile.get("on-login").cloned().unwrap_or_default();
    let line = script
        .lines()
        .find(|l| l.starts_with(":local tok "))
        .unwrap_or_else(|| panic!("no token in script: {script}"));
    line.trim_start_matches(":local tok ")
        .trim_matches('"')
        .to_string()
}

fn router_user(sim: &SimHandle, code: &str) -> Option<std::collections::BTreeMap<String, String>> {
    sim.hotspot_users()
        .into_iter()
        .find(|u| u.get("name").map(String::as_str) == Some(code))
}

async fn one_voucher(app: &TestApp, token: &str, loc: &str, sim: &SimHandle) -> (String, String) {
    let r = app.generate(token, loc, "1 Hari", 1).await;
    let v = &r["data"]["generateVouchers"]["vouchers"][0];
    let (id, code) = (
        v["id"].as_str().unwrap().to_string(),
        v["code"].as_str().unwrap().to_string(),
    );
    let landed = eventually(Duration::from_secs(15), || async {
        router_user(sim, &code).is_some()
    })
    .await;
    assert!(landed, "voucher never reached the router");
    (id, code)
}

async fn post_login(app: &TestApp, loc: &str, token: &str, user: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/webhooks/routers/{loc}", app.url))
        .header("X-Router-Token", token)
        .json(
            &json!({"event": "login", "user": user, "ip": "10.5.50.2", "mac": "02:00:00:00:00:01"}),
        )
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_voucher_lives_on_the_router_from_generation_to_removal() {
    let clock = ManualClock::starting_at(Utc::now());
    let (app, sim) = app_with_router_using(clock.clone(), |s| {
        s.routers.cleanup_delay_secs = 0;
    })
    .await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    sync(&app, &token, &loc, false).await;
    let router_token = script_token(&sim, "1 Hari");
    let (id, code) = one_voucher(&app, &token, &loc, &sim).await;

    sim.login_user(&code, "10.5.50.2")
        .expect("login on the hotspot");
    let (hook, poll) = tokio::join!(
        post_login(&app, &loc, &router_token, &code),
        app.app.scheduler.run_now("session_poll")
    );
    assert!(hook.status().is_success(), "webhook: {}", hook.status());
    assert_eq!(poll.unwrap().unwrap().outcome, "ok");
    // The uptime scan is the third detector; it must not activate a second time.
    sync(&app, &token, &loc, false).await;
    let activations = format!(
        "select count(*) from events where aggregate_id = '{id}' and event_type = 'VoucherActivated'"
    );
    assert_eq!(app.count(&activations).await, 1, "exactly one activation");

    let written_back = eventually(Duration::from_secs(15), || async {
        router_user(&sim, &code)
            .and_then(|u| u.get("comment").cloned())
            .is_some_and(|c| c.split('|').filter(|p| !p.is_empty()).count() == 4)
    })
    .await;
    assert!(
        written_back,
        "first login and valid-until written to the comment: {:?}",
        router_user(&sim, &code)
    );

    clock.advance(chrono::Duration::days(1) + chrono::Duration::minutes(1));
    let run = app
        .app
        .scheduler
        .run_now("voucher_expiry")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(run.outcome, "ok", "{run:?}");
    let removed = eventually(Duration::from_secs(20), || async {
        router_user(&sim, &code).is_none() && sim.hotspot_active().is_empty()
    })
    .await;
    assert!(removed, "expired voucher's session ended and user removed");
    let recorded = eventually(Duration::from_secs(10), || async {
        app.count(&format!(
            "select count(*) from rm_vouchers where id = '{id}' and status = 'REMOVED'"
        ))
        .await
            == 1
    })
    .await;
    assert!(recorded, "removal recorded as an event");
    assert_eq!(
        app.count(&format!("select count(*) from events where aggregate_id = '{id}' and event_type = 'VoucherDisabledOnRouter'")).await,
        1
    );
}

#[tokio::test]
async fn the_router_webhook_refuses_a_wrong_token_and_writes_nothing() {
    let (app, sim) = app_with_router_using(Arc::new(tagih_commands::SystemClock), |_| {}).await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    sync(&app, &token, &loc, false).await;
    let (_, code) = one_voucher(&app, &token, &loc, &sim).await;
    let settled = eventually(Duration::from_secs(10), || async {
        app.count("select count(*) from events where event_type = 'VoucherProvisioned'")
            .await
            == 1
    })
    .await;
    assert!(settled, "provisioning outcome recorded before counting");
    let before = app.count("select count(*) from events").await;
    let r = post_login(&app, &loc, "forged-token", &code).await;
    assert_eq!(r.status(), 401);
    let r = post_login(&app, "no-such-location", "x", &code).await;
    assert_eq!(r.status(), 404);
    let oversized = app
        .client
        .post(format!("{}/webhooks/routers/{loc}", app.url))
        .header("X-Router-Token", script_token(&sim, "1 Hari"))
        .body(vec![b'x'; 64 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(oversized.status(), 413);
    assert_eq!(app.count("select count(*) from events").await, before);
}

#[tokio::test]
async fn health_shows_the_router_and_a_wrong_password_without_crashing() {
    let (app, sim) = app_with_router_using(Arc::new(tagih_commands::SystemClock), |_| {}).await;
    let token = app.root_token().await;
    let good = location_at(&app, &token, &sim).await;
    let r = app
        .gql(
            Some(&token),
            "mutation($h:String!,$p:Int!){ createLocation(input:{name:\"Wrong\", host:$h, port:$p, username:\"admin\", password:\"not-the-password\"}) { id } }",
            json!({"h": sim.addr().ip().to_string(), "p": sim.addr().port()}),
        )
        .await;
    let bad = r["data"]["createLocation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let run = app
        .app
        .scheduler
        .run_now("router_health")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(run.outcome, "ok", "{run:?}");
    let shown = eventually(Duration::from_secs(10), || async {
        let r = app
            .gql(
                Some(&token),
                "{ locations { id health { online version identity latencyMs error } } }",
                json!({}),
            )
            .await;
        let health = |id: &str| {
            r["data"]["locations"]
                .as_array()
                .and_then(|ls| ls.iter().find(|l| l["id"] == id))
                .map(|l| l["health"].clone())
                .unwrap_or(Value::Null)
        };
        let (g, b) = (health(&good), health(&bad));
        g["online"] == true
            && g["version"].as_str().is_some()
            && b["online"] == false
            && b["error"]
                .as_str()
                .is_some_and(|e| e.contains("password") || e.contains("log in"))
    })
    .await;
    assert!(shown, "health of both routers shown");
    // A second identical probe within the heartbeat records nothing new.
    let checks = "select count(*) from events where event_type = 'RouterHealthChecked'";
    let before = app.count(checks).await;
    app.app.scheduler.run_now("router_health").await.unwrap();
    assert_eq!(app.count(checks).await, before);
}

#[tokio::test]
async fn drift_is_reported_and_repaired_to_tagihs_view() {
    let (app, sim) = app_with_router_using(Arc::new(tagih_commands::SystemClock), |_| {}).await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    let (_, gone) = one_voucher(&app, &token, &loc, &sim).await;
    let (_, altered) = one_voucher(&app, &token, &loc, &sim).await;
    let provisioned = eventually(Duration::from_secs(10), || async {
        app.count(&format!("select count(*) from rm_vouchers where location_id = '{loc}' and status = 'PROVISIONED'")).await == 2
    })
    .await;
    assert!(provisioned);
    // Someone edits the router by hand.
    let conn = tagih_routeros::client::Connection::connect(
        &tagih_routeros::client::RouterConfig::new(
            sim.addr().ip().to_string(),
            "admin",
            crate::routeros::ROUTER_PASSWORD,
        )
        .with_port(sim.addr().port()),
    )
    .await
    .unwrap();
    use tagih_routeros::client::Command;
    let id_of = |name: &str| {
        router_user(&sim, name)
            .and_then(|u| u.get(".id").cloned())
            .unwrap()
    };
    conn.call(Command::new("/ip/hotspot/user/remove").attr(".id", id_of(&gone)))
        .await
        .unwrap();
    conn.call(
        Command::new("/ip/hotspot/user/set")
            .attr(".id", id_of(&altered))
            .attr("profile", "default")
            .attr("disabled", "yes"),
    )
    .await
    .unwrap();
    conn.call(
        Command::new("/ip/hotspot/user/add")
            .attr("name", "stranger")
            .attr("password", "x"),
    )
    .await
    .unwrap();

    sync(&app, &token, &loc, false).await;
    let report = app.gql(Some(&token), "query($l:String!){ driftReport(locationId:$l) { usersOnRouter items { kind username expected actual } } }", json!({"l": loc})).await;
    let items = report["data"]["driftReport"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let has = |kind: &str, user: &str| {
        items
            .iter()
            .any(|i| i["kind"] == kind && i["username"] == user)
    };
    assert!(has("MISSING", &gone), "{report}");
    assert!(has("PROFILE_CHANGED", &altered), "{report}");
    assert!(has("DISABLED_MISMATCH", &altered), "{report}");
    assert!(has("UNKNOWN", "stranger"), "{report}");
    assert!(
        router_user(&sim, &gone).is_none(),
        "report-only changes nothing"
    );

    sync(&app, &token, &loc, true).await;
    let restored = router_user(&sim, &gone).expect("missing user restored");
    assert_eq!(restored.get("profile").map(String::as_str), Some("1 Hari"));
    let fixed = router_user(&sim, &altered).unwrap();
    assert_eq!(fixed.get("profile").map(String::as_str), Some("1 Hari"));
    assert_eq!(fixed.get("disabled").map(String::as_str), Some("false"));
    assert!(
        router_user(&sim, "stranger").is_some(),
        "unknown users are never touched"
    );
    assert_eq!(voucher_users(&sim).len(), 2);
}

/// An API-TLS location at the simulator's TLS port with the given trust settings.
async fn tls_location(
    app: &TestApp,
    token: &str,
    sim: &SimHandle,
    name: &str,
    trust: &str,
    fingerprint: Option<String>,
) -> String {
    let tls = sim.tls_addr().expect("simulator serves TLS");
    let r = app
        .gql(
            Some(token),
            "mutation($n:String!,$h:String!,$p:Int!,$pw:String!,$t:TlsTrustName!,$f:String){ createLocation(input:{name:$n, host:$h, port:$p, transport:API_TLS, username:\"admin\", password:$pw, tlsTrust:$t, tlsFingerprint:$f}) { id tlsTrust tlsFingerprint } }",
            json!({"n": name, "h": tls.ip().to_string(), "p": tls.port(), "pw": crate::routeros::ROUTER_PASSWORD, "t": trust, "f": fingerprint}),
        )
        .await;
    assert_eq!(r["data"]["createLocation"]["tlsTrust"], trust, "{r}");
    r["data"]["createLocation"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn tls_routers_are_trusted_only_as_their_location_says() {
    let (app, sim) = app_with_router_using(Arc::new(tagih_commands::SystemClock), |_| {}).await;
    let token = app.root_token().await;
    let der = sim.tls_certificate_der().expect("certificate").to_vec();
    let pin = tagih_routeros::client::fingerprint_hex(
        &tagih_routeros::client::certificate_fingerprint(&der).unwrap(),
    );
    let strict = tls_location(&app, &token, &sim, "Strict", "VERIFY", None).await;
    let open = tls_location(&app, &token, &sim, "Open", "ACCEPT_SELF_SIGNED", None).await;
    let pinned = tls_location(&app, &token, &sim, "Pinned", "PINNED", Some(pin)).await;
    let wrong_pin = tls_location(
        &app,
        &token,
        &sim,
        "WrongPin",
        "PINNED",
        Some("ab".repeat(32)),
    )
    .await;
    app.app.scheduler.run_now("router_health").await.unwrap();
    let online = |id: String| {
        let app = &app;
        let token = &token;
        async move {
            let r = app
                .gql(
                    Some(token),
                    "query($i:String!){ location(id:$i) { health { online error } } }",
                    json!({"i": id}),
                )
                .await;
            r["data"]["location"]["health"]["online"].as_bool()
        }
    };
    // Every location's first health check has landed (they run concurrently).
    let settled = eventually(Duration::from_secs(10), || async {
        for id in [&strict, &open, &pinned, &wrong_pin] {
            if online(id.clone()).await.is_none() {
                return false;
            }
        }
        true
    })
    .await;
    assert!(settled);
    assert_eq!(
        online(strict).await,
        Some(false),
        "self-signed refused by default"
    );
    assert_eq!(online(open).await, Some(true));
    assert_eq!(online(pinned).await, Some(true));
    assert_eq!(online(wrong_pin).await, Some(false));
    let bad = app
        .gql(Some(&token), "mutation{ createLocation(input:{name:\"X\", host:\"10.0.0.9\", username:\"a\", password:\"b\", transport:API_TLS, tlsTrust:PINNED}) { id } }", json!({}))
        .await;
    assert_eq!(crate::helpers::code(&bad), "BAD_USER_INPUT");
}

#[tokio::test]
async fn live_sessions_and_health_reach_subscribers() {
    let (app, sim) = app_with_router_using(Arc::new(tagih_commands::SystemClock), |_| {}).await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    let (_, code) = one_voucher(&app, &token, &loc, &sim).await;
    let mut ws = crate::subscriptions::WsClient::connect(&app, Some(&token)).await;
    let sessions = ws
        .subscribe(
            "subscription($l:String!){ activeSessionsChanged(locationId:$l) { kind username address } }",
            json!({"l": loc}),
        )
        .await;
    sim.login_user(&code, "10.5.50.9").unwrap();
    app.app.scheduler.run_now("session_poll").await.unwrap();
    let data = ws
        .next(&sessions, Duration::from_secs(10))
        .await
        .expect("sessions pushed");
    let list = &data["activeSessionsChanged"];
    assert_eq!(list[0]["username"], code.as_str(), "{data}");
    assert_eq!(list[0]["kind"], "HOTSPOT");
    let q = app
        .gql(
            Some(&token),
            "query($l:String!){ activeSessions(locationId:$l) { username address } }",
            json!({"l": loc}),
        )
        .await;
    assert_eq!(
        q["data"]["activeSessions"][0]["address"], "10.5.50.9",
        "{q}"
    );
    // The poller saw the login first: it activated the voucher.
    let activated = eventually(Duration::from_secs(10), || async {
        app.count(&format!("select count(*) from rm_vouchers where code = '{code}' and activation_source = 'active_poll'")).await == 1
    })
    .await;
    assert!(activated);

    let health = ws
        .subscribe(
            "subscription($l:String!){ locationHealth(locationId:$l) { online version identity } }",
            json!({"l": loc}),
        )
        .await;
    app.app.scheduler.run_now("router_health").await.unwrap();
    let data = ws
        .next(&health, Duration::from_secs(10))
        .await
        .expect("health pushed");
    assert_eq!(data["locationHealth"]["online"], true, "{data}");
}

fn hotspot_profile(sim: &SimHandle, name: &str) -> std::collections::BTreeMap<String, String> {
    sim.rows("/ip/hotspot/user/profile")
        .into_iter()
        .find(|p| p.get("name").map(String::as_str) == Some(name))
        .unwrap_or_else(|| panic!("no profile {name} on the router"))
}

#[tokio::test]
async fn a_router_profile_tagih_does_not_manage_is_never_taken_over_silently() {
    let (app, sim) = app_with_router_using(ManualClock::starting_at(Utc::now()), |_| {}).await;
    let token = app.root_token().await;
    // Someone else's profile on the router, and a Tagih profile of the same name.
    sim.run(&[
        "/ip/hotspot/user/profile/add",
        "=name=3jam",
        "=rate-limit=1M/1M",
        "=on-login=:log info owner",
    ]);
    let loc = location_at(&app, &token, &sim).await;
    app.create_profile(&token, &loc, "3jam").await;

    let r = sync(&app, &token, &loc, false).await;
    let summary = r["data"]["syncRouter"].to_string();
    assert!(
        summary.contains("left alone") && summary.contains("3jam"),
        "{r}"
    );
    let theirs = hotspot_profile(&sim, "3jam");
    assert_eq!(theirs.get("rate-limit").map(String::as_str), Some("1M/1M"));
    assert_eq!(
        theirs.get("on-login").map(String::as_str),
        Some(":log info owner")
    );

    // The operator adopts it by marking its script; the next sync manages it.
    let id = theirs.get(".id").cloned().unwrap();
    let set = sim.run(&[
        "/ip/hotspot/user/profile/set",
        &format!("=.id={id}"),
        "=on-login=# VOUCHER_SYSTEM\n:log info owner",
    ]);
    assert_eq!(set.last().map(|s| s[0].as_str()), Some("!done"), "{set:?}");
    let r = sync(&app, &token, &loc, false).await;
    assert!(
        !r["data"]["syncRouter"].to_string().contains("left alone"),
        "{r}"
    );
    let ours = hotspot_profile(&sim, "3jam");
    assert_eq!(ours.get("rate-limit").map(String::as_str), Some("2M/2M"));
    assert!(
        ours.get("on-login")
            .is_some_and(|s| s.contains("VOUCHER_SYSTEM")),
        "{ours:?}"
    );
}
