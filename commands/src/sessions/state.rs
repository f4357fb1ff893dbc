//! One admin's session facts, folded from its AdminUser stream with the aggregate's own
//! `apply`, and the verdict on a token checked against them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use tagih_aggregates::Role;
use tagih_aggregates::admin_user::{AdminUser, AdminUserEvent};

/// What a (signature-checked) token claims: whose session, which one, and the admin's
/// session generation when it was issued.
#[derive(Debug, Clone, Copy)]
pub struct SessionClaim<'a> {
    pub admin_id: &'a str,
    pub session_id: &'a str,
    pub generation: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The session stands; the caller acts with the admin's current role.
    Valid(Role),
    Refused(Refusal),
}

/// Why a token is refused, in the order the checks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    UnknownAccount,
    /// This session was logged out.
    LoggedOut,
    Deactivated,
    /// The generation moved on: password or role change, deactivation.
    Superseded,
}

/// An event of an admin's stream as the store holds it.
#[derive(Debug, Clone)]
pub(crate) struct StoredAdminEvent {
    pub sequence: i64,
    pub recorded_at: DateTime<Utc>,
    pub event: AdminUserEvent,
}

/// What folding one event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Applied,
    /// At or below the version already folded (a notice for a change read meanwhile).
    AlreadyKnown,
    /// Not the next one: events in between are missing, nothing was applied.
    Gap,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct AdminSessions {
    /// The stream's sequence folded so far.
    pub version: i64,
    /// Active, role and generation; the password hash is dropped after each event.
    admin: AdminUser,
    /// Logged-out sessions, with when; forgotten once every token they could belong to has
    /// expired.
    revoked: HashMap<String, DateTime<Utc>>,
}

impl AdminSessions {
    /// Folds the stream's next event. `forget_before`: logouts older than this can only
    /// concern expired tokens and are not kept.
    pub fn apply(&mut self, e: StoredAdminEvent, forget_before: DateTime<Utc>) -> Step {
        if e.sequence <= self.version {
            return Step::AlreadyKnown;
        }
        if e.sequence != self.version + 1 {
            return Step::Gap;
        }
        if let AdminUserEvent::AdminLoggedOut { session_id } = &e.event {
            self.revoked.retain(|_, at| *at >= forget_before);
            if e.recorded_at >= forget_before {
                self.revoked.insert(session_id.clone(), e.recorded_at);
            }
        }
        self.admin.apply(e.event);
        self.admin.password_hash.clear();
        self.version = e.sequence;
        Step::Applied
    }

    /// A login changes nothing a token check reads (`AdminUser::apply` ignores it): its
    /// notice only moves the version, no read needed.
    pub fn skip_login(&mut self, sequence: i64) -> bool {
        if sequence == self.version + 1 {
            self.version = sequence;
            return true;
        }
        false
    }

    /// The instance that served a logout records it before answering.
    pub fn revoke(&mut self, session_id: &str, at: DateTime<Utc>) {
        self.revoked.insert(session_id.to_string(), at);
    }

    /// Logouts are facts that never expire early: a fresher load keeps those an older
    /// state held.
    pub fn keep_revocations_of(&mut self, older: &AdminSessions) {
        for (session_id, at) in &older.revoked {
            self.revoked.entry(session_id.clone()).or_insert(*at);
        }
    }

    /// The verdict on a claim. When `settled` is false (memory may lag behind the store),
    /// `None` says the claim is newer than what memory knows — a token issued after a
    /// change this instance has not heard of yet — and must be checked against the store.
    /// A refusal never waits: a logout, deactivation or generation bump this instance has
    /// seen cannot be undone by one it has not.
    pub fn judge(&self, claim: &SessionClaim<'_>, settled: bool) -> Option<Verdict> {
        use Refusal::*;
        let refused = |r| Some(Verdict::Refused(r));
        if !self.admin.created {
            return if settled {
                refused(UnknownAccount)
            } else {
                None
            };
        }
        if self.revoked.contains_key(claim.session_id) {
            return refused(LoggedOut);
        }
        let generation = self.admin.session_generation;
        // Logins need an active account, so a token of the current generation held by an
        // inactive one was issued after a reactivation memory has not seen.
        let newer =
            claim.generation > generation || (!self.admin.active && claim.generation == generation);
        if newer && !settled {
            return None;
        }
        if !self.admin.active {
            return refused(Deactivated);
        }
        if claim.generation != generation {
            return refused(Superseded);
        }
        match self.admin.role {
            Some(role) => Some(Verdict::Valid(role)),
            None => refused(UnknownAccount),
        }
    }
}
