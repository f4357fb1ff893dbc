//! A read model whose rows are each fed by one stream: load the rows a batch touches, fold
//! the events in memory with a pure `apply`, upsert the changed rows in one statement.
//! Live batches go that way; a rebuild folds the whole log in memory instead (`RowFolder`)
//! and writes each row once.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::marker::PhantomData;

use async_trait::async_trait;
use sqlx::PgConnection;
use tagih_replay::projector::{Folder, ReadModel};
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

pub trait RowModel: Send + Sync + 'static {
    type Row: Clone + Send + Sync + 'static;
    const NAME: &'static str;
    const TABLE: &'static str;

    /// The events the model reads (`key` is `None` for every other event).
    fn interests() -> Interests;
    /// The row an event touches; `None` when the event is not this model's business.
    fn key(ev: &StoredEvent) -> Option<String>;
    fn last_position(row: &Self::Row) -> i64;
    /// Folds one event into the row (absent before its first event).
    fn apply(
        row: Option<Self::Row>,
        ev: &StoredEvent,
    ) -> Result<Option<Self::Row>, ProjectionError>;
    fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> impl Future<Output = sqlx::Result<Vec<(String, Self::Row)>>> + Send;
    fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<Self::Row>,
    ) -> impl Future<Output = sqlx::Result<()>> + Send;
    /// Writes rows whose keys `table` does not hold yet (a rebuild's fresh shadow table).
    /// The upsert unless the model has a faster way (binary COPY, `copy_rows`).
    fn insert_new(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<Self::Row>,
    ) -> impl Future<Output = sqlx::Result<()>> + Send {
        Self::upsert(conn, table, rows)
    }
}

pub struct RowProjection<M>(PhantomData<M>);

impl<M> Default for RowProjection<M> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

#[async_trait]
impl<M: RowModel> Projector for RowProjection<M> {
    fn name(&self) -> &'static str {
        M::NAME
    }

    fn interests(&self) -> Interests {
        M::interests()
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        self.apply_to(conn, events, "").await
    }

    fn read_model(&self) -> Option<&dyn ReadModel> {
        Some(self)
    }
}

#[async_trait]
impl<M: RowModel> ReadModel for RowProjection<M> {
    fn name(&self) -> &'static str {
        M::NAME
    }

    fn tables(&self) -> &'static [&'static str] {
        std::slice::from_ref(&M::TABLE)
    }

    async fn apply_to(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
        suffix: &str,
    ) -> Result<(), ProjectionError> {
        let keyed: Vec<(String, &StoredEvent)> = events
            .iter()
            .filter_map(|e| M::key(e).map(|k| (k, e)))
            .collect();
        if keyed.is_empty() {
            return Ok(());
        }
        let table = format!("{}{suffix}", M::TABLE);
        let mut keys: Vec<String> = keyed.iter().map(|(k, _)| k.clone()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut rows: HashMap<String, M::Row> = M::load(conn, table.clone(), keys)
            .await?
            .into_iter()
            .collect();
        let mut dirty: Vec<String> = Vec::new();
        for (key, ev) in keyed {
            let current = rows.remove(&key);
            // Idempotence: an event already folded into the row is skipped.
            if let Some(row) = current
                .as_ref()
                .filter(|r| M::last_position(r) >= ev.position)
            {
                rows.insert(key, row.clone());
                continue;
            }
            if let Some(next) = M::apply(current, ev)? {
                rows.insert(key.clone(), next);
                dirty.push(key);
            }
        }
        dirty.sort_unstable();
        dirty.dedup();
        let changed: Vec<M::Row> = dirty.iter().filter_map(|k| rows.remove(k)).collect();
        M::upsert(conn, table, changed).await?;
        Ok(())
    }

    fn folder(&self, suffix: &'static str) -> Box<dyn Folder> {
        Box::new(RowFolder::<M> {
            table: format!("{}{suffix}", M::TABLE),
            rows: HashMap::new(),
            written: HashSet::default(),
        })
    }
}

/// Rows written per statement when a rebuild flushes its fold.
const FLUSH_CHUNK: usize = 5_000;

/// A rebuild's fold of one row model: every row in memory, keyed, written in chunks into a
/// fresh table. The table holds only rows this fold wrote out, so a key is looked up only
/// when it was written before (its hash is in `written`; a collision costs one needless
/// look-up, never a wrong row): a log of mostly new streams loads nothing.
struct RowFolder<M: RowModel> {
    table: String,
    rows: HashMap<String, M::Row>,
    /// Hashes of the keys written out so far (8 bytes per row, not the key's text).
    written: HashSet<u64, BuildHasherDefault<KeyHash>>,
}

/// Keys' hashes are already uniform: the set uses them as they are.
#[derive(Default)]
struct KeyHash(u64);

impl std::hash::Hasher for KeyHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A key's hash for `RowFolder::written` (SipHash with fixed keys: the same in every run).
fn key_hash(key: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(key)
}

#[async_trait]
impl<M: RowModel> Folder for RowFolder<M> {
    async fn fold(
        &mut self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        if !self.written.is_empty() {
            let mut missing: Vec<String> = events
                .iter()
                .filter_map(M::key)
                .filter(|k| !self.rows.contains_key(k) && self.written.contains(&key_hash(k)))
                .collect();
            missing.sort_unstable();
            missing.dedup();
            if !missing.is_empty() {
                self.rows
                    .extend(M::load(conn, self.table.clone(), missing).await?);
            }
        }
        for ev in events {
            let Some(key) = M::key(ev) else { continue };
            let current = self.rows.remove(&key);
            if let Some(row) = current
                .as_ref()
                .filter(|r| M::last_position(r) >= ev.position)
            {
                self.rows.insert(key, row.clone());
                continue;
            }
            if let Some(next) = M::apply(current, ev)? {
                self.rows.insert(key, next);
            }
        }
        Ok(())
    }

    fn held(&self) -> usize {
        self.rows.len()
    }

    async fn flush(&mut self, conn: &mut PgConnection) -> Result<(), ProjectionError> {
        // Rows whose key was written out before are updated; the others are new to the
        // table and go in the model's fastest way.
        let (mut again, mut new) = (Vec::new(), Vec::with_capacity(self.rows.len()));
        for (key, row) in self.rows.drain() {
            if self.written.insert(key_hash(&key)) {
                new.push(row);
            } else {
                again.push(row);
            }
        }
        // The map's capacity goes too: the next fold starts small again.
        self.rows.shrink_to_fit();
        if !new.is_empty() {
            M::insert_new(conn, self.table.clone(), new).await?;
        }
        // Chunks taken from the front without moving the rest (a `split_off` per chunk
        // copied every remaining row each time).
        let mut again = again.into_iter();
        loop {
            let chunk: Vec<M::Row> = again.by_ref().take(FLUSH_CHUNK).collect();
            if chunk.is_empty() {
                return Ok(());
            }
            M::upsert(conn, self.table.clone(), chunk).await?;
        }
    }
}

/// `insert … select from unnest(…) on conflict (key) do update` for the given columns
/// (name, SQL array element type); the first column is the key.
pub fn upsert_sql(table: &str, columns: &[(&str, &str)]) -> String {
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let params: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, t))| format!("${}::{t}[]", i + 1))
        .collect();
    let updates: Vec<String> = names[1..]
        .iter()
        .map(|n| format!("{n} = excluded.{n}"))
        .collect();
    format!(
        "insert into {table} ({cols}) select * from unnest({params}) on conflict ({key}) do update set {updates}",
        cols = names.join(", "),
        params = params.join(", "),
        key = names[0],
        updates = updates.join(", "),
    )
}

/// Upserts rows serialised as JSON (`jsonb_populate_recordset` maps fields to columns by
/// name): for small read models whose per-column binds would only be boilerplate.
pub async fn upsert_json<R: serde::Serialize>(
    conn: &mut PgConnection,
    table: &str,
    columns: &[&str],
    rows: &[R],
) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_value(rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let cols = columns.join(", ");
    let updates: Vec<String> = columns[1..]
        .iter()
        .map(|n| format!("{n} = excluded.{n}"))
        .collect();
    let sql = format!(
        "insert into {table} ({cols}) select {cols} from jsonb_populate_recordset(null::{table}, $1)
         on conflict ({key}) do update set {updates}",
        key = columns[0],
        updates = updates.join(", "),
    );
    sqlx::query(&sql).bind(json).execute(conn).await?;
    Ok(())
}

/// Loads the rows of `table` whose `key` column is in `keys`, keyed by `key_of`.
pub async fn load_by_key<R>(
    conn: &mut PgConnection,
    table: &str,
    key: &str,
    keys: Vec<String>,
    key_of: fn(&R) -> String,
) -> sqlx::Result<Vec<(String, R)>>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let rows: Vec<R> = sqlx::query_as(&format!("select * from {table} where {key} = any($1)"))
        .bind(keys)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| (key_of(&r), r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upsert_sql_binds_one_array_per_column() {
        let sql = upsert_sql("t", &[("id", "text"), ("n", "int")]);
        assert_eq!(
            sql,
            "insert into t (id, n) select * from unnest($1::text[], $2::int[]) on conflict (id) do update set n = excluded.n"
        );
    }
}
