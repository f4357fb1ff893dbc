//! The simulator over raw TCP, spoken to with nothing but the codec: login rules, tags
//! and pipelining, `!empty`, `/cancel`, `/quit`, and framing errors.

mod common;

use std::time::{Duration, Instant};

use common::{Peer, commands, config, sim};
use tagih_routeros::sim::SimConfig;

#[tokio::test]
async fn pipelined_commands_are_answered_per_tag() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    let mut burst = Vec::new();
    for words in [
        &["/ip/hotspot/user/add", "=name=v1", "=password=p", ".tag=a"][..],
        &["/ip/hotspot/user/add", "=name=v1", "=password=p", ".tag=b"][..],
        &[
            "/ip/hotspot/user/print",
            "?name=v1",
            "=.proplist=name",
            ".tag=c",
        ][..],
        &["/ip/hotspot/user/print", "?name=none", ".tag=d"][..],
    ] {
        burst.extend(tagih_routeros::proto::encode_sentence(words));
    }
    tokio::io::AsyncWriteExt::write_all(&mut peer.stream, &burst)
        .await
        .expect("write");
    let mut replies: Vec<(String, String)> = Vec::new();
    while replies.iter().filter(|(c, _)| c == "!done").count() < 4 {
        let s = peer.read().await;
        let tag = s.tag.clone().expect("every reply is tagged");
        replies.push((s.command.clone(), tag));
    }
    let of = |tag: &str| {
        replies
            .iter()
            .filter(|(_, t)| t == tag)
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("a"), ["!done"]);
    assert_eq!(of("b"), ["!trap", "!done"]);
    assert_eq!(of("c"), ["!re", "!done"]);
    assert_eq!(of("d"), ["!empty", "!done"]);
}

#[tokio::test]
async fn add_returns_increasing_hex_ids_and_duplicates_trap_exactly() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    for expected in ["*1", "*2"] {
        let name = format!("=name=u{expected}");
        let reply = peer.call(&["/ppp/secret/add", &name, "=password=x"]).await;
        assert_eq!(reply[0].get("ret"), Some(expected));
    }
    let reply = peer.call(&["/ppp/secret/add", "=name=u*1"]).await;
    assert_eq!(commands(&reply), ["!trap", "!done"]);
    assert_eq!(
        reply[0].get("message"),
        Some("failure: secret with the same name already exists")
    );
    let reply = peer
        .call(&["/ppp/secret/set", "=numbers=*99", "=comment=x"])
        .await;
    assert_eq!(reply[0].get("message"), Some("no such item"));
    let reply = peer
        .call(&["/ppp/secret/set", "=numbers=nobody", "=comment=x"])
        .await;
    assert_eq!(
        reply[0].get("message"),
        Some("invalid internal item number")
    );
    let reply = peer
        .call(&["/ppp/secret/add", "=name=z", "=profile=gold"])
        .await;
    assert_eq!(
        reply[0].get("message"),
        Some("input does not match any value of profile")
    );
    assert_eq!(reply[0].get("category"), Some("1"));
}

#[tokio::test]
async fn empty_print_says_empty_only_from_7_18() {
    for (version, expected) in [("7.18", vec!["!empty", "!done"]), ("7.17", vec!["!done"])] {
        let sim = sim(SimConfig {
            version: version.to_owned(),
            ..config()
        })
        .await;
        let mut peer = Peer::logged_in(&sim).await;
        let reply = peer.call(&["/ppp/active/print"]).await;
        assert_eq!(commands(&reply), expected, "version {version}");
        let reply = peer.call(&["/ppp/secret/print", "=count-only="]).await;
        assert_eq!(reply[0].get("ret"), Some("0"));
    }
}

#[tokio::test]
async fn login_rules() {
    let sim = sim(config()).await;
    let mut peer = Peer::connect(sim.addr()).await;
    let reply = peer
        .call(&["/login", "=name=admin", "=password=wrong", ".tag=1"])
        .await;
    assert_eq!(commands(&reply), ["!trap", "!done"]);
    assert_eq!(
        reply[0].get("message"),
        Some("invalid user name or password (6)")
    );
    assert!(reply.iter().all(|s| s.tag.as_deref() == Some("1")));
    peer.send(&["/system/identity/print", ".tag=2"]).await;
    let fatal = peer.read().await;
    assert_eq!(
        (
            fatal.command.as_str(),
            fatal.get("message"),
            fatal.tag.as_deref()
        ),
        ("!fatal", Some("not logged in"), None)
    );
    assert!(peer.try_read().await.is_none(), "closed after !fatal");

    let mut peer = Peer::logged_in(&sim).await;
    peer.send(&["/quit"]).await;
    assert_eq!(
        peer.read().await.get("message"),
        Some("session terminated on request")
    );
    assert!(peer.try_read().await.is_none());
}

#[tokio::test]
async fn unknown_commands_trap_with_no_such_command_prefix() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    let reply = peer.call(&["/system/routerboard/getall"]).await;
    let messages: Vec<_> = reply.iter().filter_map(|s| s.get("message")).collect();
    assert_eq!(
        messages,
        [
            "no such command or directory (routerboard)",
            "no such command prefix"
        ]
    );
    let reply = peer.call(&["/ip/hotspot/active/add", "=user=x"]).await;
    assert_eq!(reply[0].get("message"), Some("no such command prefix"));
}

#[tokio::test]
async fn control_byte_closes_the_connection() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    tokio::io::AsyncWriteExt::write_all(&mut peer.stream, &[0xF8, 0x00])
        .await
        .expect("write");
    assert!(peer.try_read().await.is_none());
}

#[tokio::test]
async fn listen_streams_changes_until_cancelled() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    peer.call(&["/ip/hotspot/user/add", "=name=v1", "=password=p"])
        .await;
    peer.send(&["/ip/hotspot/active/listen", ".tag=l"]).await;
    // The listen is registered once a later command on the same connection is answered.
    peer.call(&["/system/identity/print"]).await;
    let id = sim.login_user("v1", "10.5.50.2").expect("login");
    let row = peer.read().await;
    assert_eq!(
        (row.command.as_str(), row.tag.as_deref()),
        ("!re", Some("l"))
    );
    assert_eq!(
        (row.get(".id"), row.get("user"), row.get("address")),
        (Some(id.as_str()), Some("v1"), Some("10.5.50.2"))
    );
    assert_eq!(sim.logout_user("v1"), 1);
    let dead = peer.read().await;
    assert_eq!(
        (dead.get(".id"), dead.get(".dead")),
        (Some(id.as_str()), Some("yes"))
    );
    peer.send(&["/cancel", "=tag=l", ".tag=c"]).await;
    let order: Vec<_> = [peer.read().await, peer.read().await, peer.read().await]
        .into_iter()
        .map(|s| (s.command, s.tag.unwrap_or_default(), s.attributes))
        .collect();
    let interrupted = vec![
        ("category".to_owned(), "2".to_owned()),
        ("message".to_owned(), "interrupted".to_owned()),
    ];
    assert_eq!(order[0], ("!trap".to_owned(), "l".to_owned(), interrupted));
    assert_eq!((order[1].0.as_str(), order[1].1.as_str()), ("!done", "c"));
    assert_eq!((order[2].0.as_str(), order[2].1.as_str()), ("!done", "l"));
}

#[tokio::test]
async fn latency_delays_each_reply_but_not_pipelined_ones_in_series() {
    let latency = Duration::from_millis(60);
    let sim = sim(SimConfig {
        latency,
        ..config()
    })
    .await;
    let mut peer = Peer::logged_in(&sim).await;
    let started = Instant::now();
    peer.call(&["/system/identity/print"]).await;
    assert!(started.elapsed() >= latency, "one reply waits the latency");
    let started = Instant::now();
    for i in 0..10 {
        peer.send(&[
            "/ppp/secret/add",
            &format!("=name=s{i}"),
            &format!(".tag={i}"),
        ])
        .await;
    }
    for _ in 0..10 {
        peer.until_done().await;
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= latency && elapsed < latency * 5,
        "10 pipelined replies took {elapsed:?}"
    );
}

#[tokio::test]
async fn injected_failures_refuse_only_mutations() {
    let sim = sim(SimConfig {
        fail_rate: 1.0,
        ..config()
    })
    .await;
    let mut peer = Peer::logged_in(&sim).await;
    let reply = peer.call(&["/ppp/secret/add", "=name=s"]).await;
    assert_eq!(commands(&reply), ["!trap", "!done"]);
    let reply = peer.call(&["/ppp/secret/print"]).await;
    assert_eq!(commands(&reply), ["!empty", "!done"]);
}
