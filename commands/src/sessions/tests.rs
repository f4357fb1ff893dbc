use chrono::{Duration, Utc};
use sqlx::postgres::PgPoolOptions;
use tagih_aggregates::Role;
use tagih_aggregates::admin_user::AdminUserEvent as E;

use super::follow::Notice;
use super::state::{AdminSessions, Step, StoredAdminEvent};
use super::*;

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

/// An authority whose pool points nowhere: any database access fails the check.
fn offline_authority() -> SessionAuthority {
    let pool = PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_millis(200))
        .connect_lazy("postgres://nobody@127.0.0.1:1/none")
        .unwrap();
    SessionAuthority::new(pool, Duration::days(30))
}

fn stream(events: Vec<E>) -> Vec<StoredAdminEvent> {
    events
        .into_iter()
        .enumerate()
        .map(|(i, event)| StoredAdminEvent {
            sequence: i as i64 + 1,
            recorded_at: Utc::now(),
            event,
        })
        .collect()
}

fn created(role: Role) -> E {
    E::AdminCreated {
        username: "siti".into(),
        email: None,
        password_hash: HASH.into(),
        role,
    }
}

fn login(sid: &str) -> E {
    E::AdminLoggedIn {
        session_id: sid.into(),
    }
}

fn claim(session_id: &str, generation: i32) -> SessionClaim<'_> {
    SessionClaim {
        admin_id: "siti",
        session_id,
        generation,
    }
}

fn live_with(events: Vec<E>) -> SessionAuthority {
    let authority = offline_authority();
    authority.fold("siti", stream(events));
    authority.set_live(true);
    authority
}

#[tokio::test]
async fn a_valid_token_is_verified_from_memory_without_the_database() {
    let authority = live_with(vec![created(Role::Admin), login("s1")]);
    for _ in 0..100 {
        let verdict = authority.verify(&claim("s1", 0)).await.unwrap();
        assert_eq!(verdict, Verdict::Valid(Role::Admin));
    }
}

#[tokio::test]
async fn refusals_this_instance_has_seen_need_no_database_either() {
    let authority = live_with(vec![
        created(Role::Admin),
        login("s1"),
        login("s2"),
        E::AdminLoggedOut {
            session_id: "s1".into(),
        },
        E::AdminRoleChanged {
            role: Role::Operator,
        },
    ]);
    let refused = |r| Ok::<_, ()>(Verdict::Refused(r));
    let verdict = |sid, generation| {
        let authority = authority.clone();
        async move {
            authority
                .verify(&claim(sid, generation))
                .await
                .map_err(|_| ())
        }
    };
    assert_eq!(verdict("s1", 0).await, refused(Refusal::LoggedOut));
    assert_eq!(verdict("s2", 0).await, refused(Refusal::Superseded));
    assert_eq!(
        verdict("s3", 1).await,
        Ok(Verdict::Valid(Role::Operator)),
        "a token of the new generation carries the new role"
    );
}

#[tokio::test]
async fn a_deactivated_account_is_refused_and_its_older_tokens_stay_void_after_reactivation() {
    let authority = live_with(vec![created(Role::Operator), E::AdminDeactivated]);
    assert_eq!(
        authority.check(&claim("s1", 0)),
        Some(Verdict::Refused(Refusal::Deactivated))
    );
    authority.fold(
        "siti",
        vec![StoredAdminEvent {
            sequence: 3,
            recorded_at: Utc::now(),
            event: E::AdminReactivated,
        }],
    );
    assert_eq!(
        authority.check(&claim("s1", 0)),
        Some(Verdict::Refused(Refusal::Superseded))
    );
    assert_eq!(
        authority.check(&claim("s2", 1)),
        Some(Verdict::Valid(Role::Operator))
    );
}

#[tokio::test]
async fn memory_that_may_be_behind_the_token_defers_to_the_store() {
    let authority = live_with(vec![created(Role::Operator), E::AdminDeactivated]);
    // Current generation, inactive account: issued after a reactivation not seen yet.
    assert_eq!(authority.check(&claim("s1", 1)), None);
    // A generation memory has not reached.
    assert_eq!(authority.check(&claim("s1", 2)), None);
    // An admin created elsewhere a moment ago.
    let other = SessionClaim {
        admin_id: "budi",
        session_id: "s1",
        generation: 0,
    };
    assert_eq!(authority.check(&other), None);
    // Not listening: nothing is decided from memory.
    authority.set_live(false);
    assert_eq!(authority.check(&claim("s9", 0)), None);
}

#[tokio::test]
async fn when_the_store_cannot_be_read_a_token_memory_cannot_vouch_for_is_not_accepted() {
    let authority = live_with(vec![created(Role::Operator)]);
    authority.set_live(false);
    assert!(authority.verify(&claim("s1", 0)).await.is_err());
    assert!(
        authority.read().get("siti").is_none(),
        "an admin whose stream could not be read is forgotten"
    );
}

#[tokio::test]
async fn the_serving_instance_refuses_a_logged_out_session_at_once() {
    let authority = live_with(vec![created(Role::Operator), login("s1")]);
    authority.logged_out("siti", "s1");
    assert_eq!(
        authority.check(&claim("s1", 0)),
        Some(Verdict::Refused(Refusal::LoggedOut))
    );
}

#[test]
fn events_apply_once_and_in_order() {
    let mut admin = AdminSessions::default();
    let now = Utc::now();
    let mut events = stream(vec![created(Role::Operator), E::AdminDeactivated]);
    let second = events.pop().unwrap();
    let first = events.pop().unwrap();
    assert_eq!(admin.apply(second.clone(), now), Step::Gap);
    assert_eq!(admin.apply(first.clone(), now), Step::Applied);
    assert_eq!(admin.apply(first, now), Step::AlreadyKnown);
    assert_eq!(admin.apply(second, now), Step::Applied);
    assert_eq!(admin.version, 2);
}

#[test]
fn logouts_older_than_any_live_token_are_forgotten() {
    let now = Utc::now();
    let mut admin = AdminSessions::default();
    let old = now - Duration::days(40);
    let events = [
        (created(Role::Operator), old),
        (
            E::AdminLoggedOut {
                session_id: "old".into(),
            },
            old,
        ),
        (
            E::AdminLoggedOut {
                session_id: "new".into(),
            },
            now,
        ),
    ];
    for (i, (event, recorded_at)) in events.into_iter().enumerate() {
        let e = StoredAdminEvent {
            sequence: i as i64 + 1,
            recorded_at,
            event,
        };
        admin.apply(e, now - Duration::days(31));
    }
    assert_eq!(
        admin.judge(&claim("new", 0), true),
        Some(Verdict::Refused(Refusal::LoggedOut))
    );
    assert_eq!(
        admin.judge(&claim("old", 0), true),
        Some(Verdict::Valid(Role::Operator)),
        "forgotten (its token expired long ago: the signature check refuses it)"
    );
}

#[tokio::test]
async fn a_notice_of_a_login_needs_no_read() {
    let authority = live_with(vec![created(Role::Operator)]);
    let known = |admin: &str, sequence, event_type: &str| {
        authority.already_known(&Notice {
            admin: admin.into(),
            sequence,
            event_type: event_type.into(),
        })
    };
    assert!(known("siti", 2, "AdminLoggedIn"));
    assert!(known("siti", 2, "AdminLoggedIn"), "a repeated notice");
    assert!(!known("siti", 3, "AdminLoggedOut"));
    assert!(!known("siti", 5, "AdminLoggedIn"), "a gap");
    assert!(!known("budi", 1, "AdminCreated"));
}
