//! A simulator holding a real ISP's tables (issue 17): 100,000 hotspot users and 20,000
//! PPP secrets, answered correctly over the wire by name, by `.id`, by `In(...)` and
//! with `count-only`; and `/ip/pool`, which peers create. Speed is measured in the router
//! bench (docs/benchmarks.md), not asserted here, where a shared machine would flake.

mod common;

use std::time::Instant;

use common::{Peer, commands, config, sim};
use tagih_routeros::sim::SimHandle;

const USERS: usize = 100_000;
const SECRETS: usize = 20_000;

fn attrs(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

async fn isp() -> SimHandle {
    let sim = sim(config()).await;
    let started = Instant::now();
    let users = (0..USERS).map(|i| {
        attrs(&[
            ("name", format!("u{i:06}")),
            ("password", format!("p{i}")),
            ("comment", format!("batch-{}", i % 10)),
        ])
    });
    assert_eq!(sim.seed("/ip/hotspot/user", users), Ok(USERS));
    let secrets = (0..SECRETS).map(|i| {
        attrs(&[
            ("name", format!("s{i:05}")),
            ("password", "x".to_owned()),
            ("service", "pppoe".to_owned()),
        ])
    });
    assert_eq!(sim.seed("/ppp/secret", secrets), Ok(SECRETS));
    println!(
        "seeded {USERS} users and {SECRETS} secrets in {:?}",
        started.elapsed()
    );
    sim
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_router_with_an_isps_tables_answers_lookups_exactly() {
    let sim = isp().await;
    let mut peer = Peer::logged_in(&sim).await;

    // Both equality forms, with and without `.proplist`.
    let reply = peer
        .call(&["/ip/hotspot/user/print", "?name=u077777"])
        .await;
    assert_eq!(commands(&reply), ["!re", "!done"]);
    let row = &reply[0];
    assert_eq!(row.get("name"), Some("u077777"));
    assert_eq!(row.get("password"), Some("p77777"));
    assert_eq!(row.get("comment"), Some("batch-7"));
    assert_eq!(row.get("uptime"), Some("0s"));
    assert_eq!(row.get("profile"), Some("default"));
    let id = row.get(".id").expect(".id").to_owned();
    // default-trial is *0, so the 77,778th user added is *12FD2.
    assert_eq!(id, "*12FD2");
    let reply = peer
        .call(&[
            "/ip/hotspot/user/print",
            "=.proplist=.id,name",
            "?=name=u077777",
        ])
        .await;
    let fields: Vec<&str> = reply[0]
        .attributes
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(fields, [".id", "name"]);

    // By `.id`, and by a name that is not there.
    let by_id = format!("?.id={id}");
    let reply = peer.call(&["/ip/hotspot/user/print", &by_id]).await;
    assert_eq!(reply[0].get("name"), Some("u077777"));
    let reply = peer.call(&["/ip/hotspot/user/print", "?name=nobody"]).await;
    assert_eq!(commands(&reply), ["!empty", "!done"]);

    // librouteros `In(...)` and `!=` on top of an equality, and a conjunction.
    let reply = peer
        .call(&[
            "/ip/hotspot/user/print",
            "=.proplist=name",
            "?=name=u000001",
            "?=name=u099999",
            "?=name=nobody",
            "?#|",
            "?#|",
        ])
        .await;
    let names: Vec<_> = reply.iter().filter_map(|s| s.get("name")).collect();
    assert_eq!(names, ["u000001", "u099999"]);
    let reply = peer
        .call(&[
            "/ip/hotspot/user/print",
            "?=name=u000003",
            "?=comment=batch-4",
            "?#&",
        ])
        .await;
    assert_eq!(commands(&reply), ["!empty", "!done"], "u000003 is batch-3");

    // A query that needs every row still scans them all.
    let reply = peer
        .call(&["/ip/hotspot/user/print", "=count-only=", "?comment=batch-3"])
        .await;
    assert_eq!(reply[0].get("ret"), Some("10000"));
    let reply = peer.call(&["/ip/hotspot/user/print", "=count-only="]).await;
    assert_eq!(
        reply[0].get("ret"),
        Some("100001"),
        "users plus default-trial"
    );

    // PPP secrets, and a rename moving a row from one name to another.
    let reply = peer.call(&["/ppp/secret/print", "?name=s12345"]).await;
    assert_eq!(reply[0].get("service"), Some("pppoe"));
    let reply = peer
        .call(&["/ppp/secret/set", "=numbers=s12345", "=name=renamed"])
        .await;
    assert_eq!(commands(&reply), ["!done"]);
    let reply = peer
        .call(&["/ppp/secret/print", "=count-only=", "?name=s12345"])
        .await;
    assert_eq!(reply[0].get("ret"), Some("0"));
    let reply = peer.call(&["/ppp/secret/print", "?name=renamed"]).await;
    assert_eq!(commands(&reply), ["!re", "!done"]);
    let reply = peer.call(&["/ppp/secret/add", "=name=s00001"]).await;
    assert_eq!(
        reply[0].get("message"),
        Some("failure: secret with the same name already exists")
    );

    // Removing by name leaves nothing to find, by name or by the old `.id`.
    let reply = peer
        .call(&["/ip/hotspot/user/remove", "=numbers=u077777"])
        .await;
    assert_eq!(commands(&reply), ["!done"]);
    for query in ["?name=u077777", by_id.as_str()] {
        let reply = peer.call(&["/ip/hotspot/user/print", query]).await;
        assert_eq!(commands(&reply), ["!empty", "!done"], "{query}");
    }
}

#[tokio::test]
async fn ip_pools_are_added_printed_changed_and_removed() {
    let sim = sim(config()).await;
    let mut peer = Peer::logged_in(&sim).await;
    let reply = peer
        .call(&[
            "/ip/pool/add",
            "=name=pppoe-pool",
            "=ranges=10.10.0.2-10.10.3.254",
        ])
        .await;
    assert_eq!(reply[0].get("ret"), Some("*1"));
    let reply = peer
        .call(&["/ip/pool/add", "=name=pppoe-pool", "=ranges=10.11.0.0/24"])
        .await;
    assert_eq!(commands(&reply), ["!trap", "!done"]);
    assert_eq!(
        reply[0].get("message"),
        Some("failure: already have pool with such name")
    );
    let reply = peer
        .call(&["/ip/pool/add", "=name=bad", "=ranges=10.0.0.9-10.0.0.1"])
        .await;
    assert_eq!(
        reply[0].get("message"),
        Some("invalid value for argument ranges")
    );
    let reply = peer
        .call(&[
            "/ip/pool/add",
            "=name=hotspot-pool",
            "=ranges=10.5.50.2-10.5.50.254,10.5.51.1",
        ])
        .await;
    assert_eq!(reply[0].get("ret"), Some("*2"));

    let reply = peer.call(&["/ip/pool/print", "?name=pppoe-pool"]).await;
    assert_eq!(commands(&reply), ["!re", "!done"]);
    assert_eq!(reply[0].get("ranges"), Some("10.10.0.2-10.10.3.254"));
    assert_eq!(reply[0].get(".id"), Some("*1"));

    let reply = peer
        .call(&[
            "/ip/pool/set",
            "=.id=*1",
            "=ranges=10.10.0.2-10.10.7.254",
            "=comment=grown",
        ])
        .await;
    assert_eq!(commands(&reply), ["!done"]);
    let reply = peer
        .call(&["/ip/pool/set", "=numbers=hotspot-pool", "=name=pppoe-pool"])
        .await;
    assert_eq!(
        reply[0].get("message"),
        Some("failure: already have pool with such name"),
        "a rename onto another pool's name clashes too"
    );
    let reply = peer
        .call(&["/ip/pool/print", "=.proplist=name,ranges,comment"])
        .await;
    let rows: Vec<_> = reply
        .iter()
        .filter(|s| s.command == "!re")
        .map(|s| (s.get("name"), s.get("ranges"), s.get("comment")))
        .collect();
    assert_eq!(
        rows,
        [
            (
                Some("pppoe-pool"),
                Some("10.10.0.2-10.10.7.254"),
                Some("grown")
            ),
            (
                Some("hotspot-pool"),
                Some("10.5.50.2-10.5.50.254,10.5.51.1"),
                None
            ),
        ]
    );

    let reply = peer
        .call(&["/ip/pool/remove", "=numbers=hotspot-pool"])
        .await;
    assert_eq!(commands(&reply), ["!done"]);
    let reply = peer.call(&["/ip/pool/remove", "=.id=*2"]).await;
    assert_eq!(reply[0].get("message"), Some("no such item"));
    let reply = peer.call(&["/ip/pool/print", "=count-only="]).await;
    assert_eq!(reply[0].get("ret"), Some("1"));
}
