//! The command bus (docs/adr/0018-aggregate-cache.md): an aggregate comes from the
//! instance's cache, caught up with the events after its cached version; the command is
//! decided by the aggregate's own pure `decide`; the events are appended with one statement
//! that returns where they landed; a writer that lost the optimistic-concurrency race
//! evicts the entry and retries with jitter. Metadata goes on every event.

use std::time::Duration;

use cqrs_es::Aggregate;
use rand::Rng;
use sqlx::PgPool;
use tagih_aggregates::{Decider, HasErrorKind};

use crate::cache::{AggregateCache, Cached};
use crate::error::CommandError;
use crate::metadata::Metadata;
use crate::store::{self, NewEvents};

/// How long a cached aggregate confirmed against the store is trusted for a precondition on
/// another stream (`load_for_check`): another instance's change (a deactivated location)
/// is seen within this; this instance's own at once.
pub const CHECK_FRESHNESS: Duration = Duration::from_secs(1);

const MAX_ATTEMPTS: u32 = 5;

/// Where a command's last event landed in the log: (writing transaction, position), which
/// orders as the log's commit order does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Written {
    pub tx_id: i64,
    pub position: i64,
}

/// What the bus needs of an aggregate: its pure decision, and copies for the cache.
pub trait Cacheable: Decider + Clone + 'static {}
impl<A: Decider + Clone + 'static> Cacheable for A {}

pub struct CommandBus {
    pool: PgPool,
    cache: AggregateCache,
}

impl CommandBus {
    /// A bus with the default cache capacity (`cache::DEFAULT_CAPACITY` aggregates).
    pub fn new(pool: PgPool) -> Self {
        Self::with_cache_capacity(pool, crate::cache::DEFAULT_CAPACITY)
    }

    /// A bus keeping at most `capacity` aggregates in memory (0: none).
    pub fn with_cache_capacity(pool: PgPool, capacity: usize) -> Self {
        Self {
            pool,
            cache: AggregateCache::new(capacity),
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub fn cache(&self) -> &AggregateCache {
        &self.cache
    }

    /// Executes a command; returns where the stream's newest event now is.
    pub async fn execute<A>(
        &self,
        id: &str,
        cmd: A::Command,
        meta: &Metadata,
    ) -> Result<Written, CommandError>
    where
        A: Cacheable,
        A::Command: Clone,
        A::Error: HasErrorKind,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_execute::<A>(id, cmd.clone(), meta).await {
                Err(CommandError::Conflict(_)) if attempt < MAX_ATTEMPTS => jitter(attempt).await,
                Err(CommandError::Conflict(_)) => return Err(CommandError::Conflict(A::TYPE)),
                other => return other,
            }
        }
    }

    /// The current state of an aggregate (default when it has no events).
    pub async fn load<A: Cacheable>(&self, id: &str) -> Result<A, CommandError> {
        let current = self.current::<A>(id).await?;
        let state = current.entry.state.clone();
        self.remember(id, current.entry);
        Ok(state)
    }

    /// The state of an aggregate for a check made on behalf of a command that writes
    /// *another* stream (a location must be active to hold a profile): the cached entry
    /// when it was confirmed against the store within `max_age`, otherwise read as
    /// [`CommandBus::load`]. Such a check is never atomic with the other stream's append
    /// anyway; this bounds how stale it may be instead of paying a read per command
    /// (docs/adr/0018-aggregate-cache.md). This instance's own writes update the entry at once.
    pub async fn load_recent<A: Cacheable>(
        &self,
        id: &str,
        max_age: Duration,
    ) -> Result<A, CommandError> {
        match self.cache.get_confirmed_within::<A>(A::TYPE, id, max_age) {
            Some(entry) => Ok(entry.state),
            None => self.load(id).await,
        }
    }

    /// The state of an aggregate for a precondition of a command on another stream that
    /// `ok` accepts: a recently confirmed cached entry when `ok` accepts it, otherwise the
    /// state read from the store (a refusal is always decided on the store's answer).
    pub async fn load_for_check<A: Cacheable>(
        &self,
        id: &str,
        ok: impl Fn(&A) -> bool,
    ) -> Result<A, CommandError> {
        let recent = self.load_recent::<A>(id, CHECK_FRESHNESS).await?;
        if ok(&recent) {
            return Ok(recent);
        }
        self.load(id).await
    }

    /// The cached state of an aggregate, unchecked against the store: another instance may
    /// have written since. For advisory checks only (a decision goes through `execute`).
    pub fn cached<A: Cacheable>(&self, id: &str) -> Option<A> {
        self.cache.get::<A>(A::TYPE, id).map(|c| c.state)
    }

    /// One attempt. A cached entry is decided on as it is, without a read: appending on a
    /// stale entry collides with the newer event's sequence, so an append that succeeds
    /// proves the entry was current. A rejection, a no-op or a collision on that unread
    /// entry proves nothing, so the command is decided again on the entry caught up with
    /// the store — the answer that counts (docs/adr/0018-aggregate-cache.md, amended).
    async fn try_execute<A>(
        &self,
        id: &str,
        cmd: A::Command,
        meta: &Metadata,
    ) -> Result<Written, CommandError>
    where
        A: Cacheable,
        A::Command: Clone,
        A::Error: HasErrorKind,
    {
        let mut current = match self.cache.get::<A>(A::TYPE, id) {
            Some(entry) => Current { entry, read: false },
            None => self.catch_up(id, Current::default()).await?,
        };
        // At most twice: a caught-up entry always settles.
        loop {
            match self
                .decide_and_append::<A>(id, current, cmd.clone(), meta)
                .await
            {
                Decided::Settled(result) => return result,
                Decided::Unproven(entry) => {
                    current = self.catch_up(id, Current { entry, read: false }).await?;
                }
            }
        }
    }

    /// Decides `cmd` on `current` and appends what it decided. On an entry read from the
    /// store (`current.read`) every outcome settles; on a cached entry only a successful
    /// append does.
    async fn decide_and_append<A>(
        &self,
        id: &str,
        mut current: Current<A>,
        cmd: A::Command,
        meta: &Metadata,
    ) -> Decided<A>
    where
        A: Cacheable,
        A::Error: HasErrorKind,
    {
        let proven = current.read;
        let events = match current.entry.state.decide_cmd(cmd) {
            Ok(events) if !events.is_empty() => events,
            _ if !proven => return Decided::Unproven(current.entry),
            decided => {
                let head = current.entry.head;
                self.remember(id, current.entry);
                return Decided::Settled(decided.map(|_| head).map_err(CommandError::from_domain));
            }
        };
        let mut rows = NewEvents::default();
        let mut version = current.entry.version;
        for event in &events {
            version += 1;
            if let Err(e) = rows.push::<A>(id, version, event) {
                return Decided::Settled(Err(e));
            }
        }
        let written = match self
            .append_or_evict::<A>(id, &rows, meta, current.entry.version)
            .await
        {
            Ok(written) => written.unwrap_or(current.entry.head),
            // Someone wrote after the cached version: catch up and decide again.
            Err(CommandError::Conflict(_)) if !proven => {
                return Decided::Unproven(current.entry);
            }
            Err(e) => return Decided::Settled(Err(e)),
        };
        current.entry.version = version;
        for event in events {
            current.entry.state.apply(event);
        }
        current.entry.head = written;
        self.remember(id, current.entry);
        Decided::Settled(Ok(written))
    }

    /// Keeps an aggregate that has events; an empty stream costs the same one read cached
    /// or not, and lookups of absent ids (an opt-out by phone) must not push out real ones.
    fn remember<A: Cacheable>(&self, id: &str, current: Cached<A>) {
        if current.version > 0 {
            self.cache.put(A::TYPE, id, current);
        }
    }

    /// Appends the events decided on version `base`; a failure evicts what it makes stale.
    async fn append_or_evict<A: Cacheable>(
        &self,
        id: &str,
        rows: &NewEvents,
        meta: &Metadata,
        base: i64,
    ) -> Result<Option<Written>, CommandError> {
        let appended = store::append(&self.pool, A::TYPE, rows, meta).await;
        match &appended {
            // Another writer took the next sequence: our entry is stale, a newer one that
            // a writer of this instance put meanwhile is not.
            Err(CommandError::Conflict(_)) => self.cache.evict_up_to(A::TYPE, id, base),
            // Anything else: trust nothing cached about this stream.
            Err(_) => self.cache.evict(A::TYPE, id),
            Ok(_) => {}
        }
        appended
    }

    /// The cached entry (or a fresh aggregate) caught up with the events after its version.
    async fn current<A: Cacheable>(&self, id: &str) -> Result<Current<A>, CommandError> {
        let entry = self.cache.get::<A>(A::TYPE, id).unwrap_or_default();
        self.catch_up(id, Current { entry, read: false }).await
    }

    /// `current` with the store's events after its version applied.
    async fn catch_up<A: Cacheable>(
        &self,
        id: &str,
        mut current: Current<A>,
    ) -> Result<Current<A>, CommandError> {
        let entry = &mut current.entry;
        for e in store::read_after::<A>(&self.pool, id, entry.version).await? {
            if e.sequence != entry.version + 1 {
                self.cache.evict(A::TYPE, id);
                return Err(CommandError::Internal(format!(
                    "stream {}/{id} skips from {} to {}",
                    A::TYPE,
                    entry.version,
                    e.sequence
                )));
            }
            entry.state.apply(e.event);
            entry.version = e.sequence;
            entry.head = e.written;
        }
        current.read = true;
        Ok(current)
    }
}

/// An aggregate as a command sees it: `read` once it was caught up with the store in this
/// attempt (otherwise it is the cache's entry, unchecked).
#[derive(Default)]
struct Current<A> {
    entry: Cached<A>,
    read: bool,
}

/// How a decision on an entry ended.
enum Decided<A> {
    /// The command's answer.
    Settled(Result<Written, CommandError>),
    /// Decided on an unchecked cached entry and not proven by an append: decide again on
    /// this entry caught up with the store.
    Unproven(Cached<A>),
}

/// Folds a whole stream from the store with the aggregate's own `apply`, bypassing any
/// cache: for callers that hold only a pool.
pub async fn load<A: Aggregate>(pool: &PgPool, id: &str) -> Result<A, CommandError> {
    let mut aggregate = A::default();
    for e in store::read_after::<A>(pool, id, 0).await? {
        aggregate.apply(e.event);
    }
    Ok(aggregate)
}

/// Random pause that grows with the attempt, so racing writers spread out.
pub async fn jitter(attempt: u32) {
    let ms = rand::thread_rng().gen_range(1..=5u64 * u64::from(attempt));
    tokio::time::sleep(Duration::from_millis(ms)).await;
}
