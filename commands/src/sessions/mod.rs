//! The instance's session authority: every admin's active flag, role, session generation
//! and logged-out sessions, held in memory and folded from the write side (the AdminUser
//! streams — never a read model), so a request's token is checked without a database
//! round trip. Kept current by the `admin_sessions` NOTIFY every AdminUser event sends in
//! its own transaction (`follow`); memory is trusted alone only while that listener is up
//! and everything was loaded after it started listening. See docs/adr/0019.

mod follow;
mod state;
mod store;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::{DateTime, Utc};
use sqlx::PgPool;

pub use follow::{APPLICATION_NAME, CHANNEL};
pub use state::{Refusal, SessionClaim, Verdict};

use crate::error::CommandError;
use state::{AdminSessions, Step, StoredAdminEvent};

/// Shared by everything that checks tokens on this instance; cheap to clone.
#[derive(Clone)]
pub struct SessionAuthority {
    inner: Arc<Inner>,
}

struct Inner {
    pool: PgPool,
    /// How long a logout is remembered: the tokens' lifetime plus a day for the distance
    /// between the database's clock (which stamps the logout) and ours (which stamped the
    /// token's expiry).
    keep_revocations: chrono::Duration,
    /// Listening, and everything loaded since: memory misses no change.
    live: AtomicBool,
    admins: RwLock<HashMap<String, AdminSessions>>,
    /// Bumped whenever memory changed: long-lived connections (WebSocket) re-check their
    /// session at once instead of at their next message.
    changes: tokio::sync::watch::Sender<u64>,
}

impl SessionAuthority {
    /// Empty and not live: until `follow` has loaded the store, every check reads it.
    pub fn new(pool: PgPool, token_lifetime: chrono::Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                pool,
                keep_revocations: token_lifetime + chrono::Duration::days(1),
                live: AtomicBool::new(false),
                admins: RwLock::default(),
                changes: tokio::sync::watch::Sender::new(0),
            }),
        }
    }

    /// True while memory alone decides (the listener is up and memory was loaded after it).
    pub fn is_live(&self) -> bool {
        self.inner.live.load(Ordering::Acquire)
    }

    /// Changes whenever an account or session may have changed; the value means nothing.
    pub fn changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.inner.changes.subscribe()
    }

    fn changed(&self) {
        self.inner.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    fn set_live(&self, live: bool) {
        self.inner.live.store(live, Ordering::Release);
    }

    fn read(&self) -> RwLockReadGuard<'_, HashMap<String, AdminSessions>> {
        self.inner
            .admins
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, HashMap<String, AdminSessions>> {
        self.inner
            .admins
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn forget_before(&self) -> DateTime<Utc> {
        Utc::now() - self.inner.keep_revocations
    }

    /// The verdict from memory alone; `None` when memory may be behind the claim (not
    /// live, an admin it does not know, a generation newer than its own).
    pub fn check(&self, claim: &SessionClaim<'_>) -> Option<Verdict> {
        if !self.is_live() {
            return None;
        }
        self.read().get(claim.admin_id)?.judge(claim, false)
    }

    /// The verdict: from memory, or — when memory may be behind — after one read of the
    /// admin's newest events from the store, which memory then keeps.
    pub async fn verify(&self, claim: &SessionClaim<'_>) -> Result<Verdict, CommandError> {
        if let Some(verdict) = self.check(claim) {
            return Ok(verdict);
        }
        self.refresh(claim.admin_id).await?;
        let settled = self
            .read()
            .get(claim.admin_id)
            .and_then(|a| a.judge(claim, true));
        Ok(settled.unwrap_or(Verdict::Refused(Refusal::UnknownAccount)))
    }

    /// Folds what the admin's stream gained since memory last read it. When the read
    /// fails the admin is forgotten, so their next token is checked against the store
    /// instead of a state that may have missed a revocation.
    pub async fn refresh(&self, admin_id: &str) -> Result<(), CommandError> {
        let known = self.read().get(admin_id).map_or(0, |a| a.version);
        match store::events_after(&self.inner.pool, admin_id, known).await {
            Ok(events) => {
                self.fold(admin_id, events);
                Ok(())
            }
            Err(e) => {
                self.write().remove(admin_id);
                Err(e)
            }
        }
    }

    /// After a command on the admin: the serving instance knows the change before it
    /// answers (others learn it from the NOTIFY). Never fails: on a read error the admin
    /// is forgotten and their next token is checked against the store.
    pub async fn account_changed(&self, admin_id: &str) {
        if let Err(e) = self.refresh(admin_id).await {
            tracing::warn!(admin_id, error = %e, "session authority could not read the account; checking its tokens against the store");
        }
    }

    /// After a logout: the session is refused here at once, without a read (the event,
    /// folded later, records the same revocation).
    pub fn logged_out(&self, admin_id: &str, session_id: &str) {
        if let Some(admin) = self.write().get_mut(admin_id) {
            admin.revoke(session_id, Utc::now());
        }
        self.changed();
    }

    /// Applies an admin's events in stream order. A gap (possible only if memory forgot
    /// the admin while the events were read) applies nothing; an admin left unknown is
    /// dropped, so the next check reads the stream from its start.
    fn fold(&self, admin_id: &str, events: Vec<StoredAdminEvent>) {
        let changed = !events.is_empty();
        let forget_before = self.forget_before();
        let mut admins = self.write();
        let admin = admins.entry(admin_id.to_string()).or_default();
        for e in events {
            if admin.apply(e, forget_before) == Step::Gap {
                tracing::warn!(admin_id, "session authority saw a gap in an admin stream");
                break;
            }
        }
        if admin.version == 0 {
            admins.remove(admin_id);
        }
        drop(admins);
        // Only a real change: a refresh that found nothing new must not wake every
        // connection into checking (and refreshing) again.
        if changed {
            self.changed();
        }
    }

    /// Loads every admin from the store. A state memory holds that is newer than the one
    /// read (a refresh that raced this load) is kept, and so is every logout memory knows
    /// (one served here may have committed after the read).
    pub async fn reload(&self) -> Result<(), CommandError> {
        let events = store::all_events(&self.inner.pool).await?;
        let forget_before = self.forget_before();
        let mut loaded: HashMap<String, AdminSessions> = HashMap::new();
        for (admin_id, e) in events {
            loaded.entry(admin_id).or_default().apply(e, forget_before);
        }
        let mut admins = self.write();
        for (admin_id, mut state) in loaded {
            match admins.get(&admin_id) {
                Some(known) if known.version > state.version => {}
                Some(known) => {
                    state.keep_revocations_of(known);
                    admins.insert(admin_id, state);
                }
                None => {
                    admins.insert(admin_id, state);
                }
            }
        }
        drop(admins);
        self.changed();
        Ok(())
    }
}
