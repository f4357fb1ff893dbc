//! Vouchers provisioned through the real RouterOS client to the simulator, over TCP.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tagih::startup::{self, Options};
use tagih_routeros::client::{Command, Connection, RouterConfig};
use tagih_routeros::sim::{SimConfig, SimHandle, start};
use tagih_sagas::RouterOsGateway;

use crate::helpers::{Spawn, TestApp, eventually, fresh_database, test_settings};

pub const ROUTER_PASSWORD: &str = "sim-pass";

async fn app_with_router() -> (TestApp, SimHandle) {
    app_with_router_using(Arc::new(tagih_commands::SystemClock), |_| {}).await
}

/// An app that talks to a simulator through the real client, with its clock and settings.
pub async fn app_with_router_using(
    clock: tagih_commands::SharedClock,
    tweak: impl FnOnce(&mut tagih::config::Settings),
) -> (TestApp, SimHandle) {
    let sim = start(SimConfig {
        password: ROUTER_PASSWORD.into(),
        tls_listen: Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0))),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let db_url = fresh_database().await;
    let mut settings = test_settings(&db_url, false).await;
    tweak(&mut settings);
    let options = Options {
        clock,
        router_gateway: Arc::new(RouterOsGateway::default()),
        worker: Spawn::default().worker,
    };
    let app = startup::build(settings, options).await.unwrap();
    let url = format!("http://{}", app.address);
    let router = Arc::new(crate::helpers::FakeRouter::default());
    (
        TestApp {
            app,
            url,
            db_url,
            client: reqwest::Client::new(),
            router,
        },
        sim,
    )
}

pub async fn location_at(app: &TestApp, token: &str, sim: &SimHandle) -> String {
    let r = app
        .gql(
            Some(token),
            "mutation($h:String!,$p:Int!,$pw:String!){ createLocation(input:{name:\"Sim\", host:$h, port:$p, username:\"admin\", password:$pw, hotspotServer:\"all\"}) { id } }",
            json!({"h": sim.addr().ip().to_string(), "p": sim.addr().port(), "pw": ROUTER_PASSWORD}),
        )
        .await;
    let loc = r["data"]["createLocation"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_string();
    app.create_profile(token, &loc, "1 Hari").await;
    // The hotspot profile must exist on the router, marked as Tagih's (profile sync creates
    // it so in production; an unmarked one would be someone else's and left alone).
    let config = RouterConfig::new(sim.addr().ip().to_string(), "admin", ROUTER_PASSWORD)
        .with_port(sim.addr().port());
    let conn = Connection::connect(&config).await.unwrap();
    conn.call(
        Command::new("/ip/hotspot/user/profile/add")
            .attr("name", "1 Hari")
            .attr("rate-limit", "2M/2M")
            .attr("on-login", "# VOUCHER_SYSTEM"),
    )
    .await
    .unwrap();
    loc
}

pub fn voucher_users(sim: &SimHandle) -> Vec<(String, String)> {
    sim.hotspot_users()
        .into_iter()
        .filter_map(|r| Some((r.get("name")?.to_string(), r.get("comment")?.to_string())))
        .filter(|(_, c)| c.starts_with("VOUCHER_SYSTEM|"))
        .collect()
}

#[tokio::test]
async fn generated_vouchers_land_on_the_router_with_their_marker_comment() {
    let (app, sim) = app_with_router().await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    let r = app.generate(&token, &loc, "1 Hari", 50).await;
    assert_eq!(r["data"]["generateVouchers"]["count"], 50, "{r}");
    let all_there = eventually(Duration::from_secs(15), || async {
        voucher_users(&sim).len() == 50
    })
    .await;
    assert!(
        all_there,
        "only {} vouchers reached the router",
        voucher_users(&sim).len()
    );
    assert!(
        voucher_users(&sim)
            .iter()
            .all(|(_, c)| c == "VOUCHER_SYSTEM|5000||")
    );
    let provisioned = eventually(Duration::from_secs(10), || async {
        app.count(&format!("select count(*) from rm_vouchers where location_id = '{loc}' and status = 'PROVISIONED'")).await == 50
    })
    .await;
    assert!(provisioned);
}

#[tokio::test]
async fn a_router_stopped_mid_batch_gets_every_voucher_exactly_once_when_it_returns() {
    let (app, sim) = app_with_router().await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    let r = app.generate(&token, &loc, "1 Hari", 1000).await;
    assert_eq!(r["data"]["generateVouchers"]["count"], 1000, "{r}");
    // Stop the router as soon as the first vouchers arrive: the batch is cut mid-way.
    let started = eventually(Duration::from_secs(15), || async {
        !voucher_users(&sim).is_empty()
    })
    .await;
    assert!(started, "provisioning never started");
    sim.set_offline(true).await.unwrap();
    let before_restart = voucher_users(&sim).len();
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        voucher_users(&sim).len(),
        before_restart,
        "nothing arrives while offline"
    );
    assert_eq!(
        app.count("select count(*) from outbox where status = 'dead'")
            .await,
        0,
        "offline never kills rows"
    );
    sim.set_offline(false).await.unwrap();
    let all_there = eventually(Duration::from_secs(60), || async {
        voucher_users(&sim).len() == 1000
    })
    .await;
    assert!(
        all_there,
        "only {} of 1000 vouchers on the router",
        voucher_users(&sim).len()
    );
    let names: std::collections::HashSet<_> =
        voucher_users(&sim).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 1000, "no voucher twice");
    let provisioned = eventually(Duration::from_secs(30), || async {
        app.count("select count(*) from events where event_type = 'VoucherProvisioned'")
            .await
            == 1000
    })
    .await;
    assert!(provisioned, "each voucher is provisioned exactly once");
}
