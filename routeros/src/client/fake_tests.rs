//! The client against the scripted fake: tag routing, reply kinds, `!fatal`, timeouts and
//! `/cancel`, login outcomes, keepalive, `listen`.

use std::time::Duration;

use futures::StreamExt;

use super::fake::{Fake, Handler, Out, done, reply, silent, standard, trap};
use super::{Command, Connection, Listen, LoginError, RouterError, is_dead_row};
use crate::proto::{Sentence, encode_sentence};

/// Answers `/echo =id=N` with `!re =id=N`, holding replies until three commands have
/// arrived and then sending them newest first.
fn reversing() -> Handler {
    let mut held: Vec<Sentence> = Vec::new();
    Box::new(move |s| {
        if let Some(out) = standard(s) {
            return out;
        }
        held.push(s.clone());
        if held.len() < 3 {
            return Vec::new();
        }
        held.drain(..)
            .rev()
            .flat_map(|s| [reply("!re", &[("id", s.get("id").unwrap())], &s), done(&s)])
            .collect()
    })
}

#[tokio::test]
async fn replies_are_matched_by_tag_even_when_they_arrive_out_of_order() {
    let fake = Fake::start(reversing).await;
    let conn = Connection::connect(&fake.config()).await.unwrap();
    let commands = (0..3)
        .map(|i| Command::new("/echo").attr("id", i.to_string()))
        .collect();
    let results = conn.call_many(commands).await;
    for (i, result) in results.into_iter().enumerate() {
        assert_eq!(result.unwrap()[0]["id"], i.to_string());
    }
}

fn printing() -> Handler {
    Box::new(|s| {
        standard(s).unwrap_or_else(|| match s.command.as_str() {
            "/rows" => vec![
                reply("!re", &[(".id", "*1"), ("name", "a")], s),
                reply("!re", &[(".id", "*2"), ("name", "b=c")], s),
                done(s),
            ],
            "/add" => vec![reply("!done", &[("ret", "*1A")], s)],
            "/none" => vec![reply("!empty", &[], s), done(s)],
            "/dup" => trap(
                "failure: already have user with this name for this server",
                s,
            ),
            "/profile" => trap("input does not match any value of profile", s),
            "/two-traps" => {
                let mut out = vec![reply(
                    "!trap",
                    &[("category", "2"), ("message", "interrupted")],
                    s,
                )];
                out.extend(trap("failure: fetch failed", s));
                out
            }
            _ => trap("no such command prefix", s),
        })
    })
}

#[tokio::test]
async fn each_reply_kind_ends_a_call_as_documented() {
    let fake = Fake::start(printing).await;
    let conn = Connection::connect(&fake.config()).await.unwrap();

    let rows = conn.call(Command::new("/rows")).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["name"], "b=c");
    let rows = conn.call(Command::new("/add")).await.unwrap();
    assert_eq!(rows[0]["ret"], "*1A");
    assert!(conn.call(Command::new("/none")).await.unwrap().is_empty());

    let dup = conn.call(Command::new("/dup")).await.unwrap_err();
    assert!(matches!(dup, RouterError::DuplicateName), "{dup:?}");
    let profile = conn
        .call(Command::new("/profile").attr("profile", "1d"))
        .await;
    assert!(matches!(profile, Err(RouterError::UnknownProfile(p)) if p == "1d"));
    let two = conn.call(Command::new("/two-traps")).await;
    assert!(
        matches!(two, Err(RouterError::Trap { message, .. }) if message == "failure: fetch failed")
    );
    let unknown = conn.call(Command::new("/nope")).await;
    assert!(matches!(unknown, Err(RouterError::NoSuchCommand)));

    // A trap ends one command, not the session.
    assert!(!conn.is_closed());
    assert_eq!(conn.in_flight(), 0);
}

fn dying() -> Handler {
    Box::new(|s| {
        standard(s).unwrap_or_else(|| match s.command.as_str() {
            "/die" => vec![
                Out::Send(encode_sentence(&[
                    "!fatal",
                    "session terminated on request",
                ])),
                Out::Close,
            ],
            _ => Vec::new(),
        })
    })
}

#[tokio::test]
async fn a_fatal_fails_every_pending_call_and_closes_the_session() {
    let fake = Fake::start(dying).await;
    let conn = Connection::connect(&fake.config()).await.unwrap();
    let (slow, die) = tokio::join!(conn.call(Command::new("/slow")), async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        conn.call(Command::new("/die")).await
    });
    for result in [slow, die] {
        let error = result.unwrap_err();
        assert!(
            matches!(&error, RouterError::Fatal(r) if r == "session terminated on request"),
            "{error:?}"
        );
        assert!(error.is_transient());
    }
    assert!(conn.is_closed());
    let after = conn.call(Command::new("/slow")).await;
    assert!(
        matches!(after, Err(RouterError::Unreachable(_))),
        "{after:?}"
    );
}

#[tokio::test]
async fn a_timed_out_command_is_cancelled_by_its_tag_and_the_session_goes_on() {
    let fake = Fake::start(silent).await;
    let mut config = fake.config();
    config.command_timeout = Duration::from_millis(200);
    let conn = Connection::connect(&config).await.unwrap();

    let result = conn.call(Command::new("/slow")).await;
    assert!(matches!(result, Err(RouterError::Timeout)), "{result:?}");
    assert_eq!(conn.in_flight(), 0);

    // The late `interrupted` + `!done` for the cancelled tag must be ignored quietly.
    let identity = conn
        .call(Command::new("/system/identity/print"))
        .await
        .unwrap();
    assert_eq!(identity[0]["name"], "fake");
    let slow_tag = fake.received_of("/slow")[0].tag.clone().unwrap();
    let cancels = fake.received_of("/cancel");
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0].get("tag"), Some(slow_tag.as_str()));
    assert_ne!(cancels[0].tag.as_deref(), Some(slow_tag.as_str()));
}

#[tokio::test]
async fn a_caller_that_stops_waiting_cancels_its_command() {
    let fake = Fake::start(silent).await;
    let conn = Connection::connect(&fake.config()).await.unwrap();
    let gave_up =
        tokio::time::timeout(Duration::from_millis(100), conn.call(Command::new("/slow"))).await;
    assert!(gave_up.is_err());
    assert_eq!(conn.in_flight(), 0);
    conn.call(Command::new("/system/identity/print"))
        .await
        .unwrap();
    assert_eq!(fake.received_of("/cancel").len(), 1);
}

#[tokio::test]
async fn garbage_from_the_router_ends_the_session_with_an_error_not_a_panic() {
    let fake = Fake::start(|| {
        Box::new(|s| standard(s).unwrap_or_else(|| vec![Out::Send(vec![0xF8, 1, 2, 3])]))
    })
    .await;
    let conn = Connection::connect(&fake.config()).await.unwrap();
    let result = conn.call(Command::new("/x")).await;
    assert!(
        matches!(&result, Err(RouterError::ConnectionLost(m)) if m.contains("protocol error")),
        "{result:?}"
    );
    assert!(conn.is_closed());
}

#[tokio::test]
async fn a_wrong_password_is_a_login_error() {
    let fake = Fake::start(silent).await;
    let mut config = fake.config();
    config.password = "wrong".into();
    let error = Connection::connect(&config).await.unwrap_err();
    assert!(
        matches!(&error, RouterError::Login(LoginError::Rejected(m)) if m == "invalid user name or password (6)"),
        "{error:?}"
    );
    assert!(!error.is_transient());
    let login = &fake.received_of("/login")[0];
    assert_eq!(login.get("name"), Some("admin"));
    assert!(login.tag.is_some());
}

#[tokio::test]
async fn a_pre_6_43_challenge_is_reported_as_such() {
    let fake = Fake::start(|| {
        Box::new(|s| {
            vec![reply(
                "!done",
                &[("ret", "93b438ec9b80057c06dd9fe67d56aa9a")],
                s,
            )]
        })
    })
    .await;
    let error = Connection::connect(&fake.config()).await.unwrap_err();
    assert!(
        matches!(error, RouterError::Login(LoginError::LegacyChallenge)),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_idle_session_is_pinged_and_a_silent_router_is_given_up() {
    let fake = Fake::start(silent).await;
    let mut config = fake.config();
    config.keepalive_idle = Duration::from_millis(100);
    let conn = Connection::connect(&config).await.unwrap();
    tokio::time::sleep(Duration::from_millis(450)).await;
    let pings = fake.received_of("/system/identity/print").len();
    assert!(pings >= 2, "{pings} pings");
    assert!(!conn.is_closed());

    let quiet = Fake::start(|| {
        Box::new(|s| match s.command.as_str() {
            "/login" => vec![done(s)],
            _ => Vec::new(),
        })
    })
    .await;
    let mut config = quiet.config();
    config.keepalive_idle = Duration::from_millis(100);
    config.command_timeout = Duration::from_millis(150);
    let conn = Connection::connect(&config).await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(conn.is_closed());
    assert!(conn.close_reason().unwrap().contains("keepalive"));
}

fn listening() -> Handler {
    Box::new(|s| {
        standard(s).unwrap_or_else(|| match s.command.as_str() {
            "/ip/hotspot/active/listen" => vec![
                reply("!re", &[(".id", "*1"), ("user", "v1")], s),
                reply("!re", &[(".id", "*1"), (".dead", "yes")], s),
            ],
            _ => Vec::new(),
        })
    })
}

#[tokio::test]
async fn listen_streams_rows_until_cancelled() {
    let fake = Fake::start(listening).await;
    let mut listen = Listen::open(&fake.config(), "/ip/hotspot/active")
        .await
        .unwrap();
    let first = listen.next().await.unwrap().unwrap();
    assert_eq!(first["user"], "v1");
    assert!(!is_dead_row(&first));
    let second = listen.next().await.unwrap().unwrap();
    assert!(is_dead_row(&second));
    listen.cancel().await.unwrap();
    assert_eq!(fake.received_of("/cancel").len(), 1);
}

#[tokio::test]
async fn a_listen_ends_with_an_error_when_its_session_dies() {
    let fake = Fake::start(listening).await;
    let mut listen = Listen::open(&fake.config(), "/ip/hotspot/active")
        .await
        .unwrap();
    listen.next().await.unwrap().unwrap();
    listen.next().await.unwrap().unwrap();
    drop(fake);
    let end = listen.next().await.unwrap();
    assert!(
        matches!(end, Err(RouterError::ConnectionLost(_))),
        "{end:?}"
    );
    assert!(listen.next().await.is_none());
}

#[tokio::test]
async fn a_thousand_pipelined_commands_all_get_their_own_reply() {
    let fake = Fake::start(|| {
        Box::new(|s| {
            standard(s)
                .unwrap_or_else(|| vec![reply("!done", &[("ret", s.get("name").unwrap())], s)])
        })
    })
    .await;
    let mut config = fake.config();
    config.max_in_flight = 32;
    let conn = Connection::connect(&config).await.unwrap();
    let commands = (0..1000)
        .map(|i| Command::new("/add").attr("name", format!("v{i}")))
        .collect();
    let results = conn.call_many(commands).await;
    for (i, result) in results.into_iter().enumerate() {
        assert_eq!(result.unwrap()[0]["ret"], format!("v{i}"));
    }
    let tags: std::collections::HashSet<_> = fake
        .received_of("/add")
        .into_iter()
        .map(|s| s.tag)
        .collect();
    assert_eq!(tags.len(), 1000, "every command had its own tag");
}

/// A `listen` that reports 50 changes at once.
fn busy_listen() -> Handler {
    Box::new(|s| {
        standard(s).unwrap_or_else(|| match s.command.as_str() {
            "/ip/hotspot/active/listen" => (0..50)
                .map(|i| reply("!re", &[(".id", &format!("*{i}")), ("user", "v")], s))
                .collect(),
            _ => Vec::new(),
        })
    })
}

#[tokio::test]
async fn a_listen_consumer_that_falls_behind_gets_the_buffered_rows_then_one_overflow_error() {
    let fake = Fake::start(busy_listen).await;
    let mut config = fake.config();
    config.listen_buffer = 10;
    let mut listen = Listen::open(&config, "/ip/hotspot/active").await.unwrap();
    // Nobody reads while the router reports 50 changes.
    tokio::time::sleep(Duration::from_millis(200)).await;
    for i in 0..10 {
        let row = listen.next().await.unwrap().unwrap();
        assert_eq!(
            row[".id"],
            format!("*{i}"),
            "rows before the overflow, in order"
        );
    }
    let end = listen.next().await.unwrap();
    assert!(
        matches!(end, Err(RouterError::ListenOverflow(10))),
        "{end:?}"
    );
    assert!(listen.next().await.is_none(), "one error, then the end");
    // The session itself is fine: the listener cancels and may resync with a print.
    assert!(!listen.connection().is_closed());
    listen.cancel().await.unwrap();
    assert_eq!(fake.received_of("/cancel").len(), 1);
}

#[tokio::test]
async fn a_listen_consumer_that_keeps_up_gets_every_row() {
    let fake = Fake::start(busy_listen).await;
    let mut config = fake.config();
    config.listen_buffer = 50;
    let mut listen = Listen::open(&config, "/ip/hotspot/active").await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    for i in 0..50 {
        let row = listen.next().await.unwrap().unwrap();
        assert_eq!(row[".id"], format!("*{i}"));
    }
    listen.cancel().await.unwrap();
}
