//! The pool against the fake: sharing, backoff while offline, reconnect on return.

use std::sync::Arc;
use std::time::Duration;

use super::fake::{Fake, silent};
use super::{Backoff, Command, Pool, RouterConfig, RouterError};

async fn free_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

async fn wait_until(mut done: impl FnMut() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("condition not reached in 2 s");
}

fn quick_backoff() -> Backoff {
    Backoff {
        initial: Duration::from_millis(200),
        max: Duration::from_millis(400),
    }
}

#[tokio::test]
async fn concurrent_callers_share_one_session_per_location() {
    let fake = Fake::start(silent).await;
    let pool = Pool::new(quick_backoff());
    let config = fake.config();
    let (a, b) = tokio::join!(pool.get(&1, &config), pool.get(&1, &config));
    assert!(Arc::ptr_eq(&a.unwrap(), &b.unwrap()));
    assert_eq!(fake.received_of("/login").len(), 1);
    assert_eq!(pool.open_sessions().await, 1);

    // A changed configuration (a new password, a new timeout) means a new session.
    let mut changed = config.clone();
    changed.command_timeout = Duration::from_secs(3);
    let c = pool.get(&1, &changed).await.unwrap();
    assert_eq!(c.config(), &changed);
    assert_eq!(fake.received_of("/login").len(), 2);
}

#[tokio::test]
async fn the_pool_backs_off_while_a_router_is_offline_and_reconnects_when_it_returns() {
    let port = free_port().await;
    let pool = Pool::new(quick_backoff());
    let mut config = RouterConfig::new("127.0.0.1", "admin", super::fake::PASSWORD).with_port(port);
    config.keepalive_idle = Duration::ZERO;

    let offline = pool.get(&"loc", &config).await.unwrap_err();
    assert!(
        matches!(offline, RouterError::Unreachable(_)),
        "{offline:?}"
    );
    let waiting = pool.get(&"loc", &config).await.unwrap_err();
    assert!(
        matches!(waiting, RouterError::Backoff { .. }),
        "{waiting:?}"
    );
    assert!(waiting.is_transient());

    let fake = Fake::start_on(port, silent, None).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    let first = pool.get(&"loc", &config).await.unwrap();
    first
        .call(Command::new("/system/identity/print"))
        .await
        .unwrap();

    // The router goes away: the session dies and the pool stops handing it out.
    drop(fake);
    wait_until(|| first.is_closed()).await;
    let gone = pool.get(&"loc", &config).await.unwrap_err();
    assert!(matches!(gone, RouterError::Unreachable(_)), "{gone:?}");

    let _fake = Fake::start_on(port, silent, None).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    let second = pool.get(&"loc", &config).await.unwrap();
    assert!(!Arc::ptr_eq(&first, &second));
    second
        .call(Command::new("/system/identity/print"))
        .await
        .unwrap();
}

#[tokio::test]
async fn evicting_a_location_closes_its_session() {
    let fake = Fake::start(silent).await;
    let pool = Pool::new(quick_backoff());
    let conn = pool.get(&"loc", &fake.config()).await.unwrap();
    pool.evict(&"loc").await;
    assert!(conn.is_closed());
    assert_eq!(pool.open_sessions().await, 0);
}
