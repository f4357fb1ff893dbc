#![allow(clippy::expect_used)]
mod common;
use common::{Peer, config, sim};
use std::time::{Duration, Instant};
use tagih_routeros::sim::SimConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn perf() {
    for latency in [0u64, 1] {
        let sim = sim(SimConfig {
            latency: Duration::from_millis(latency),
            ..config()
        })
        .await;
        let mut peer = Peer::logged_in(&sim).await;
        let started = Instant::now();
        let mut burst = Vec::new();
        for i in 0..10_000 {
            burst.extend(tagih_routeros::proto::encode_sentence(&[
                "/ip/hotspot/user/add",
                &format!("=name=v{i}"),
                "=password=p",
                "=profile=default",
                "=limit-uptime=1h",
                &format!(".tag={i}"),
            ]));
        }
        tokio::io::AsyncWriteExt::write_all(&mut peer.stream, &burst)
            .await
            .expect("w");
        for _ in 0..10_000 {
            peer.until_done().await;
        }
        println!(
            "latency {latency}ms pipelined 10k adds: {:?}",
            started.elapsed()
        );
        let started = Instant::now();
        for i in 0..300 {
            peer.call(&["/ppp/secret/add", &format!("=name=s{i}")])
                .await;
        }
        println!(
            "latency {latency}ms sequential 300 adds: {:?}",
            started.elapsed()
        );
        let started = Instant::now();
        let r = peer.call(&["/ip/hotspot/user/print"]).await;
        println!("print {} rows: {:?}", r.len(), started.elapsed());
    }
}
