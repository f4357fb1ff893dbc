//! The aggregate cache: each instance keeps the latest (state, version) it saw of the
//! aggregates it used last, bounded by an LRU (docs/adr/0018-aggregate-cache.md). It is
//! only an optimisation: the bus reads the events after the cached version before every
//! decision, so an entry another writer has moved past is caught up, never trusted.

use std::any::Any;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use hashlink::LruCache;

use crate::bus::Written;

/// Entries an instance keeps unless configured otherwise (`commands.aggregate_cache_capacity`).
pub const DEFAULT_CAPACITY: usize = 10_000;

/// An aggregate folded up to `version` (its last event's sequence; 0 for none), and where
/// that event landed in the log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cached<A> {
    pub state: A,
    pub version: i64,
    pub head: Written,
}

type Key = (&'static str, String);

/// A `Cached<A>` of some aggregate type, with its version readable without knowing the type.
#[derive(Clone)]
struct Entry {
    version: i64,
    /// When the entry was last put. The bus puts an entry only right after it was caught up
    /// with the store or proven current by an append, so this is when it was last known
    /// to be the stream's latest state.
    confirmed_at: Instant,
    cached: Arc<dyn Any + Send + Sync>,
}

/// Entries keyed by (aggregate type, id), of any aggregate type, least recently used
/// evicted first. Capacity 0 keeps nothing (every command folds its whole stream).
pub struct AggregateCache {
    entries: Mutex<LruCache<Key, Entry>>,
}

impl AggregateCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(LruCache::new(capacity)),
        }
    }

    /// A copy of the entry of `(kind, id)`, marked as just used.
    pub fn get<A>(&self, kind: &'static str, id: &str) -> Option<Cached<A>>
    where
        A: Clone + Send + Sync + 'static,
    {
        let entry = self.lock().get(&(kind, id.to_string())).cloned()?;
        // Cloned outside the lock; the Arc keeps the entry alive meanwhile.
        entry.cached.downcast_ref::<Cached<A>>().cloned()
    }

    /// As [`AggregateCache::get`], but only an entry confirmed within `max_age`.
    pub fn get_confirmed_within<A>(
        &self,
        kind: &'static str,
        id: &str,
        max_age: Duration,
    ) -> Option<Cached<A>>
    where
        A: Clone + Send + Sync + 'static,
    {
        let entry = self.lock().get(&(kind, id.to_string())).cloned()?;
        if entry.confirmed_at.elapsed() >= max_age {
            return None;
        }
        entry.cached.downcast_ref::<Cached<A>>().cloned()
    }

    /// Stores `cached` unless the entry already holds a later version (a slower writer of
    /// the same instance must not take the entry back in time).
    pub fn put<A: Send + Sync + 'static>(&self, kind: &'static str, id: &str, cached: Cached<A>) {
        let key = (kind, id.to_string());
        let mut entries = self.lock();
        if entries
            .get(&key)
            .is_some_and(|e| e.version > cached.version)
        {
            return;
        }
        let version = cached.version;
        entries.insert(
            key,
            Entry {
                version,
                confirmed_at: Instant::now(),
                cached: Arc::new(cached),
            },
        );
    }

    /// Forgets `(kind, id)`: its next use folds the stream from the store.
    pub fn evict(&self, kind: &'static str, id: &str) {
        self.lock().remove(&(kind, id.to_string()));
    }

    /// Forgets `(kind, id)` if it is at `version` or before: a writer that lost a race
    /// drops its stale entry, but not the winner's newer one.
    pub fn evict_up_to(&self, kind: &'static str, id: &str, version: i64) {
        let key = (kind, id.to_string());
        let mut entries = self.lock();
        if entries.peek(&key).is_some_and(|e| e.version <= version) {
            entries.remove(&key);
        }
    }

    /// The cached version of `(kind, id)`, without marking it used.
    pub fn version_of(&self, kind: &'static str, id: &str) -> Option<i64> {
        self.lock().peek(&(kind, id.to_string())).map(|e| e.version)
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn capacity(&self) -> usize {
        self.lock().capacity()
    }

    /// The lock is held for map operations only (clones happen outside), and they cannot
    /// leave the map half-changed, so a poisoned lock is still a usable map.
    fn lock(&self) -> MutexGuard<'_, LruCache<Key, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for AggregateCache {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(version: i64, state: &str) -> Cached<String> {
        Cached {
            state: state.to_string(),
            version,
            head: Written {
                tx_id: 1,
                position: version,
            },
        }
    }

    #[test]
    fn the_least_recently_used_entry_goes_first_when_the_cache_is_full() {
        let cache = AggregateCache::new(2);
        cache.put("T", "a", at(1, "a1"));
        cache.put("T", "b", at(1, "b1"));
        assert_eq!(
            cache.get::<String>("T", "a").map(|c| c.state),
            Some("a1".into())
        );
        cache.put("T", "c", at(1, "c1"));
        assert_eq!(cache.len(), 2);
        assert!(
            cache.get::<String>("T", "b").is_none(),
            "b was the least recently used"
        );
        assert!(cache.get::<String>("T", "a").is_some());
        assert!(cache.get::<String>("T", "c").is_some());
    }

    #[test]
    fn the_cache_never_holds_more_than_its_capacity() {
        let cache = AggregateCache::new(100);
        for i in 0..1_000 {
            cache.put("T", &i.to_string(), at(1, "x"));
            assert!(cache.len() <= 100);
        }
        assert_eq!(cache.len(), 100);
        assert_eq!(cache.version_of("T", "899"), None);
        assert_eq!(cache.version_of("T", "900"), Some(1));
    }

    #[test]
    fn a_cache_of_capacity_zero_keeps_nothing() {
        let cache = AggregateCache::new(0);
        cache.put("T", "a", at(3, "a3"));
        assert!(cache.is_empty());
        assert!(cache.get::<String>("T", "a").is_none());
    }

    #[test]
    fn an_entry_is_never_taken_back_to_an_earlier_version() {
        let cache = AggregateCache::new(10);
        cache.put("T", "a", at(5, "a5"));
        cache.put("T", "a", at(4, "a4"));
        assert_eq!(cache.get::<String>("T", "a"), Some(at(5, "a5")));
        cache.put("T", "a", at(6, "a6"));
        assert_eq!(cache.version_of("T", "a"), Some(6));
    }

    #[test]
    fn an_evicted_entry_is_gone_and_others_stay() {
        let cache = AggregateCache::new(10);
        cache.put("T", "a", at(1, "a1"));
        cache.put("T", "b", at(1, "b1"));
        cache.evict("T", "a");
        assert!(cache.get::<String>("T", "a").is_none());
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn a_lost_race_evicts_the_stale_entry_but_not_a_newer_one() {
        let cache = AggregateCache::new(10);
        cache.put("T", "a", at(3, "a3"));
        cache.evict_up_to("T", "a", 2);
        assert_eq!(
            cache.version_of("T", "a"),
            Some(3),
            "newer than the loser's base"
        );
        cache.evict_up_to("T", "a", 3);
        assert_eq!(cache.version_of("T", "a"), None);
    }

    #[test]
    fn a_confirmed_entry_is_recent_only_within_the_age_asked_for() {
        let cache = AggregateCache::new(10);
        cache.put("T", "a", at(1, "a1"));
        assert_eq!(
            cache.get_confirmed_within::<String>("T", "a", Duration::from_secs(3600)),
            Some(at(1, "a1"))
        );
        assert!(
            cache
                .get_confirmed_within::<String>("T", "a", Duration::ZERO)
                .is_none(),
            "no entry is confirmed within no time at all"
        );
        assert!(
            cache
                .get_confirmed_within::<String>("T", "b", Duration::from_secs(3600))
                .is_none()
        );
    }

    #[test]
    fn types_with_the_same_id_are_separate_entries() {
        let cache = AggregateCache::new(10);
        cache.put("T", "a", at(1, "text"));
        cache.put(
            "U",
            "a",
            Cached {
                state: 7u32,
                version: 2,
                head: Written::default(),
            },
        );
        assert_eq!(
            cache.get::<String>("T", "a").map(|c| c.state),
            Some("text".into())
        );
        assert_eq!(cache.get::<u32>("U", "a").map(|c| c.state), Some(7));
        assert!(
            cache.get::<u32>("T", "a").is_none(),
            "a wrong type reads as a miss"
        );
    }
}
