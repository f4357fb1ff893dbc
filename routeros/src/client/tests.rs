//! The client against the simulator (`crate::sim`): login, the hotspot and PPP menus, typed
//! errors, pipelining at volume, `listen`, TLS, and a router that goes offline and back.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;

use super::{
    Backoff, Command, Connection, Listen, LoginError, Pool, RouterConfig, RouterError, TlsMode,
    Upserted, certificate_fingerprint, find_id_by_name, is_dead_row, upsert_hotspot_user,
    upsert_ppp_secret,
};
use crate::sim::{self, SimConfig, SimHandle};

const PASSWORD: &str = "P4ss";

async fn router(version: &str) -> SimHandle {
    sim::start(SimConfig {
        password: PASSWORD.to_owned(),
        version: version.to_owned(),
        tls_listen: Some(([127, 0, 0, 1], 0).into()),
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

fn config_for(sim: &SimHandle) -> RouterConfig {
    let mut config = RouterConfig::new("127.0.0.1", "admin", PASSWORD).with_port(sim.addr().port());
    config.connect_timeout = Duration::from_secs(2);
    config.command_timeout = Duration::from_secs(5);
    config
}

async fn connect(sim: &SimHandle) -> Connection {
    Connection::connect(&config_for(sim)).await.unwrap()
}

fn user_add(name: &str) -> Command {
    Command::new("/ip/hotspot/user/add")
        .attr("name", name)
        .attr("password", "pw")
        .attr("profile", "default")
        .attr("limit-uptime", "1h")
}

#[tokio::test]
async fn login_succeeds_with_the_password_and_is_refused_without_it() {
    let sim = router("7.18").await;
    let conn = connect(&sim).await;
    let identity = conn
        .call(Command::new("/system/identity/print"))
        .await
        .unwrap();
    assert!(identity[0].contains_key("name"));

    let mut wrong = config_for(&sim);
    wrong.password = "nope".into();
    let error = Connection::connect(&wrong).await.unwrap_err();
    assert!(
        matches!(&error, RouterError::Login(LoginError::Rejected(m)) if m.starts_with("invalid user name or password")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_hotspot_user_can_be_added_printed_set_and_removed() {
    let sim = router("7.18").await;
    let conn = connect(&sim).await;
    let added = conn
        .call(user_add("v1").attr("comment", "batch-1"))
        .await
        .unwrap();
    let id = added.last().unwrap()["ret"].clone();
    assert!(id.starts_with('*'), "{id}");

    let print = Command::new("/ip/hotspot/user/print")
        .where_eq("name", "v1")
        .proplist(&[".id", "name", "comment", "limit-uptime"]);
    let rows = conn.call(print.clone()).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][".id"], id);
    assert_eq!(rows[0]["comment"], "batch-1");

    let set = Command::new("/ip/hotspot/user/set")
        .attr(".id", &id)
        .attr("comment", "changed");
    assert!(conn.call(set).await.unwrap().is_empty());
    assert_eq!(
        conn.call(print.clone()).await.unwrap()[0]["comment"],
        "changed"
    );

    let remove = Command::new("/ip/hotspot/user/remove").attr(".id", &id);
    conn.call(remove.clone()).await.unwrap();
    assert!(
        conn.call(print).await.unwrap().is_empty(),
        "!empty gives no rows"
    );
    let again = conn.call(remove).await.unwrap_err();
    assert!(matches!(again, RouterError::NoSuchItem), "{again:?}");
}

#[tokio::test]
async fn router_errors_arrive_typed() {
    let sim = router("7.18").await;
    let conn = connect(&sim).await;
    conn.call(user_add("dup")).await.unwrap();
    let duplicate = conn.call(user_add("dup")).await.unwrap_err();
    assert!(
        matches!(duplicate, RouterError::DuplicateName),
        "{duplicate:?}"
    );

    let secret = || {
        Command::new("/ppp/secret/add")
            .attr("name", "s1")
            .attr("password", "x")
    };
    conn.call(secret()).await.unwrap();
    let duplicate = conn.call(secret()).await.unwrap_err();
    assert!(
        matches!(duplicate, RouterError::DuplicateName),
        "{duplicate:?}"
    );

    let profile = conn
        .call(user_add("p1").attr("profile", "no-such-plan"))
        .await
        .unwrap_err();
    assert!(
        matches!(&profile, RouterError::UnknownProfile(p) if p == "no-such-plan"),
        "{profile:?}"
    );

    let unknown = conn
        .call(Command::new("/ip/hotspot/nonsense/print"))
        .await
        .unwrap_err();
    assert!(matches!(unknown, RouterError::NoSuchCommand), "{unknown:?}");
    assert!(!conn.is_closed());
}

#[tokio::test]
async fn a_thousand_pipelined_adds_all_land_once() {
    let sim = router("7.18").await;
    let conn = connect(&sim).await;
    let adds = (0..1000)
        .map(|i| user_add(&format!("bulk{i:04}")))
        .collect();
    let results = conn.call_many(adds).await;
    let failures: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} failed, first {:?}",
        failures.len(),
        failures.first()
    );

    let count = Command::new("/ip/hotspot/user/print")
        .attr("count-only", "")
        .where_eq("profile", "default");
    let rows = conn.call(count).await.unwrap();
    let bulk = sim
        .hotspot_users()
        .into_iter()
        .filter(|u| u["name"].starts_with("bulk"))
        .count();
    assert_eq!(bulk, 1000);
    assert!(rows.last().unwrap()["ret"].parse::<usize>().unwrap() >= 1000);
}

#[tokio::test]
async fn pipelining_beats_one_at_a_time_over_a_slow_link() {
    let sim = sim::start(SimConfig {
        password: PASSWORD.to_owned(),
        latency: Duration::from_millis(20),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let conn = connect(&sim).await;
    let started = std::time::Instant::now();
    for i in 0..10 {
        conn.call(user_add(&format!("seq{i}"))).await.unwrap();
    }
    let sequential = started.elapsed();
    let started = std::time::Instant::now();
    let adds = (0..10).map(|i| user_add(&format!("pipe{i}"))).collect();
    assert!(conn.call_many(adds).await.iter().all(Result::is_ok));
    let pipelined = started.elapsed();
    assert!(
        pipelined * 3 < sequential,
        "pipelined {pipelined:?} vs sequential {sequential:?}"
    );
}

#[tokio::test]
async fn upserts_find_by_name_then_set_or_add() {
    let sim = router("7.18").await;
    let conn = connect(&sim).await;
    let fields = [
        ("password", "pw"),
        ("profile", "default"),
        ("comment", "one"),
    ];
    let first = upsert_hotspot_user(&conn, "u1", &fields).await.unwrap();
    assert!(matches!(first, Upserted::Added(_)), "{first:?}");
    let fields = [("comment", "two")];
    let second = upsert_hotspot_user(&conn, "u1", &fields).await.unwrap();
    assert_eq!(second, Upserted::Updated(first.id().to_owned()));
    let users = sim.hotspot_users();
    let u1: Vec<_> = users.iter().filter(|u| u["name"] == "u1").collect();
    assert_eq!(u1.len(), 1);
    assert_eq!(u1[0]["comment"], "two");

    let secret = upsert_ppp_secret(&conn, "s1", &[("password", "x"), ("service", "pppoe")])
        .await
        .unwrap();
    assert!(matches!(secret, Upserted::Added(_)));
    let secret = upsert_ppp_secret(&conn, "s1", &[("password", "y")])
        .await
        .unwrap();
    assert!(matches!(secret, Upserted::Updated(_)));
    assert_eq!(
        find_id_by_name(&conn, "/ppp/secret", "none").await.unwrap(),
        None
    );
}

#[tokio::test]
async fn an_empty_print_on_an_older_router_is_also_no_rows() {
    let sim = router("7.17").await;
    let conn = connect(&sim).await;
    let print = Command::new("/ip/hotspot/user/print").where_eq("name", "nobody");
    assert!(conn.call(print).await.unwrap().is_empty());
}

#[tokio::test]
async fn listen_reports_logins_and_logouts_until_cancelled() {
    let sim = router("7.18").await;
    let conn = connect(&sim).await;
    conn.call(user_add("guest")).await.unwrap();
    let mut listen = Listen::open(&config_for(&sim), "/ip/hotspot/active")
        .await
        .unwrap();
    // Give the router the `listen` before anything happens.
    tokio::time::sleep(Duration::from_millis(100)).await;
    sim.login_user("guest", "10.5.50.2").unwrap();
    let login = listen.next().await.unwrap().unwrap();
    assert_eq!(login["user"], "guest");
    sim.logout_user("guest");
    let mut logout = listen.next().await.unwrap().unwrap();
    while !is_dead_row(&logout) {
        logout = listen.next().await.unwrap().unwrap();
    }
    assert_eq!(logout[".id"], login[".id"]);
    listen.cancel().await.unwrap();
}

#[tokio::test]
async fn tls_to_the_simulator_works_when_pinned_or_self_signed_allowed() {
    let sim = router("7.18").await;
    let tls_port = sim.tls_addr().unwrap().port();
    let pin = certificate_fingerprint(sim.tls_certificate_der().unwrap()).unwrap();
    for mode in [TlsMode::Pinned(pin), TlsMode::AcceptSelfSigned] {
        let config = config_for(&sim).with_port(tls_port).with_tls(mode);
        let conn = Connection::connect(&config).await.unwrap();
        conn.call(Command::new("/system/resource/print"))
            .await
            .unwrap();
    }
    let strict = config_for(&sim)
        .with_port(tls_port)
        .with_tls(TlsMode::Verify {
            ca_certificates: Vec::new(),
        });
    let refused = Connection::connect(&strict).await.unwrap_err();
    assert!(matches!(refused, RouterError::Tls(_)), "{refused:?}");
}

#[tokio::test]
async fn an_offline_router_is_unreachable_and_the_pool_reconnects_when_it_returns() {
    let sim = router("7.18").await;
    let config = config_for(&sim);
    let pool = Pool::new(Backoff {
        initial: Duration::from_millis(100),
        max: Duration::from_millis(200),
    });
    let before = pool.get(&"loc-1", &config).await.unwrap();
    before.call(user_add("before")).await.unwrap();

    sim.set_offline(true).await.unwrap();
    let lost = before
        .call(Command::new("/system/identity/print"))
        .await
        .unwrap_err();
    assert!(lost.is_transient(), "{lost:?}");
    let offline = pool.get(&"loc-1", &config).await.unwrap_err();
    assert!(
        matches!(offline, RouterError::Unreachable(_)),
        "{offline:?}"
    );

    sim.set_offline(false).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let after = pool.get(&"loc-1", &config).await.unwrap();
    assert!(!Arc::ptr_eq(&before, &after));
    after.call(user_add("after")).await.unwrap();
    let names: Vec<_> = sim
        .hotspot_users()
        .into_iter()
        .map(|u| u["name"].clone())
        .collect();
    assert!(names.contains(&"before".to_owned()) && names.contains(&"after".to_owned()));
}

#[tokio::test]
async fn the_simulator_closes_a_session_whose_reply_queue_is_full_and_keeps_serving() {
    let sim = sim::start(SimConfig {
        password: PASSWORD.to_owned(),
        session_queue: 8,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let conn = connect(&sim).await;
    // Replies now wait a minute each: the ninth queued reply finds the queue full.
    sim.set_latency(Duration::from_secs(60));
    let started = std::time::Instant::now();
    let calls = (0..20).map(|_| conn.call(Command::new("/system/identity/print")));
    let results = futures::future::join_all(calls).await;
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Err(RouterError::ConnectionLost(_)))),
        "{results:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the session was closed at once, not after a timeout"
    );
    assert_eq!(sim.session_overflows(), 1);
    sim.set_latency(Duration::ZERO);
    let again = connect(&sim).await;
    assert!(
        again
            .call(Command::new("/system/identity/print"))
            .await
            .is_ok()
    );
}
