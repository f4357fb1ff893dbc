//! What tests do to the router from outside the API: take it offline, restart it from
//! its state file, log hotspot users in and let time pass.

mod common;

use std::time::Duration;

use common::{Peer, commands, config, sim};
use tagih_routeros::sim::{LoginRefused, SimConfig, start};
use tokio::net::TcpStream;

#[tokio::test]
async fn offline_closes_and_refuses_then_online_restores_the_same_state() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    peer.call(&["/ip/hotspot/user/add", "=name=v1", "=password=p"])
        .await;

    sim.set_offline(true).await.expect("offline");
    assert!(
        peer.try_read().await.is_none(),
        "open connections are closed"
    );
    assert!(
        TcpStream::connect(sim.addr()).await.is_err(),
        "new connections are refused"
    );

    sim.set_offline(false).await.expect("online");
    let mut peer = Peer::logged_in(&sim).await;
    let reply = peer
        .call(&["/ip/hotspot/user/print", "?name=v1", "=.proplist=.id,name"])
        .await;
    assert_eq!(commands(&reply), ["!re", "!done"]);
    assert_eq!(reply[0].get(".id"), Some("*1"));
}

#[tokio::test]
async fn the_state_file_survives_a_restart_and_ids_keep_counting() {
    let dir = std::env::temp_dir().join(format!("routeros-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let with_file = || SimConfig {
        state_file: Some(file.clone()),
        ..config()
    };

    let first = start(with_file()).await.expect("start");
    let mut peer = Peer::logged_in(&first).await;
    peer.call(&["/ip/hotspot/user/add", "=name=v1", "=password=p"])
        .await;
    peer.call(&["/system/identity/set", "=name=hq-router"])
        .await;
    first.shutdown().await;
    drop(first);

    let second = start(with_file()).await.expect("restart");
    let mut peer = Peer::logged_in(&second).await;
    let reply = peer
        .call(&["/ip/hotspot/user/add", "=name=v2", "=password=p"])
        .await;
    assert_eq!(
        reply[0].get("ret"),
        Some("*2"),
        "deleted and used numbers are not reused"
    );
    let names: Vec<_> = second
        .hotspot_users()
        .into_iter()
        .filter_map(|r| r.get("name").cloned())
        .collect();
    assert_eq!(names, ["default-trial", "v1", "v2"]);
    let identity = peer.call(&["/system/identity/print"]).await;
    assert_eq!(identity[0].get("name"), Some("hq-router"));
    second.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_hotspot_refuses_unknown_and_disabled_users() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    peer.call(&["/ip/hotspot/user/add", "=name=off", "=disabled=yes"])
        .await;
    assert_eq!(
        sim.login_user("off", "10.0.0.9"),
        Err(LoginRefused::Disabled("off".to_owned()))
    );
    assert_eq!(
        sim.login_user("ghost", "10.0.0.9"),
        Err(LoginRefused::NoSuchUser("ghost".to_owned()))
    );
    peer.call(&["/ip/hotspot/user/enable", "=numbers=off"])
        .await;
    assert!(
        sim.login_user("off", "10.0.0.9").is_ok(),
        "enable lets the user in again"
    );
}

#[tokio::test]
async fn sessions_grow_uptime_with_the_clock_and_end_at_the_limit() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    peer.call(&[
        "/ip/hotspot/user/add",
        "=name=v1",
        "=password=p",
        "=limit-uptime=2h",
    ])
    .await;
    sim.login_user("v1", "10.0.0.2").expect("login");
    sim.advance_clock(Duration::from_secs(3600));
    let active = peer.call(&["/ip/hotspot/active/print", "?user=v1"]).await;
    assert_eq!(active[0].get("uptime"), Some("1h"));
    assert_eq!(active[0].get("session-time-left"), Some("1h"));
    let user = peer
        .call(&["/ip/hotspot/user/print", "?name=v1", ".proplist=uptime"])
        .await;
    assert_eq!(
        user[0].attributes,
        [("uptime".to_owned(), "1h".to_owned())],
        "a live session counts"
    );

    sim.advance_clock(Duration::from_secs(3600));
    assert!(
        sim.hotspot_active().is_empty(),
        "the hotspot logs out a user at its limit"
    );
    assert_eq!(
        sim.login_user("v1", "10.0.0.2"),
        Err(LoginRefused::LimitReached("v1".to_owned()))
    );
    let user = sim
        .hotspot_users()
        .into_iter()
        .find(|r| r.get("name").map(String::as_str) == Some("v1"));
    assert_eq!(
        user.and_then(|r| r.get("uptime").cloned()).as_deref(),
        Some("2h")
    );
}

#[tokio::test]
async fn removing_an_active_entry_logs_the_user_out() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    peer.call(&["/ip/hotspot/user/add", "=name=v1", "=password=p"])
        .await;
    let id = sim.login_user("v1", "10.0.0.2").expect("login");
    sim.advance_clock(Duration::from_secs(90));
    let reply = peer
        .call(&["/ip/hotspot/active/remove", &format!("=.id={id}")])
        .await;
    assert_eq!(commands(&reply), ["!done"]);
    assert!(sim.hotspot_active().is_empty());
    let user = peer.call(&["/ip/hotspot/user/print", "?name=v1"]).await;
    assert_eq!(user[0].get("uptime"), Some("1m30s"));
}

#[tokio::test]
async fn ppp_sessions_and_system_menus() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    peer.call(&[
        "/ppp/secret/add",
        "=name=cust-1",
        "=password=x",
        "=service=pppoe",
    ])
    .await;
    let id = sim.ppp_connect("cust-1", "10.10.0.5").expect("connect");
    let active = peer
        .call(&["/ppp/active/print", "=.proplist=.id,name,service,address"])
        .await;
    assert_eq!(active[0].get(".id"), Some(id.as_str()));
    assert_eq!(active[0].get("service"), Some("pppoe"));
    assert_eq!(sim.ppp_disconnect("cust-1"), 1);

    sim.advance_clock(Duration::from_secs(86_400 + 61));
    let resource = peer.call(&["/system/resource/print"]).await;
    assert_eq!(resource[0].get("uptime"), Some("1d1m1s"));
    assert_eq!(resource[0].get("version"), Some("7.18 (stable)"));
    let profiles = peer
        .call(&["/ppp/profile/print", "=.proplist=.id,name"])
        .await;
    let ids: Vec<_> = profiles.iter().filter_map(|s| s.get(".id")).collect();
    assert_eq!(ids, ["*0", "*FFFFFFFE"]);
    let script = peer
        .call(&["/system/script/add", "=name=hook", "=source=:log info x"])
        .await;
    assert_eq!(script[0].get("ret"), Some("*1"));
    let dup = peer.call(&["/system/script/add", "=name=hook"]).await;
    assert_eq!(
        dup[0].get("message"),
        Some("failure: item with this name already exists")
    );
}
