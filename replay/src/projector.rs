//! What a projection or saga is to the projection host.

use async_trait::async_trait;
use sqlx::PgConnection;

use crate::interests::Interests;
use crate::stored_event::StoredEvent;

#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    #[error("cannot decode event at position {position}: {message}")]
    Decode { position: i64, message: String },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Other(String),
}

impl ProjectionError {
    /// Whether the failure comes from the event's own data, so that applying the same
    /// event again fails the same way: it cannot be decoded, or the database refused a
    /// value (SQLSTATE class 22 "data exception": out-of-range dates and numbers, bad
    /// text; class 23: a constraint the read model's rows must keep), or a value could not
    /// be encoded for the database. Anything else (connection lost, a lock timeout, a
    /// projector's own `Other`) is a failure of the read model, not of one event: the
    /// host retries it with back-off and never skips an event because of it (ADR 0012).
    pub fn is_data_error(&self) -> bool {
        match self {
            Self::Decode { .. } => true,
            Self::Database(sqlx::Error::Database(db)) => db
                .code()
                .is_some_and(|c| c.starts_with("22") || c.starts_with("23")),
            Self::Database(sqlx::Error::Encode(_) | sqlx::Error::ColumnDecode { .. }) => true,
            _ => false,
        }
    }
}

/// A consumer of the log: a read model or a saga. `apply` runs inside the host's
/// transaction, together with the checkpoint update, so a batch is applied exactly once or
/// not at all. It must still be idempotent (rows keep `last_position`), because manual
/// reruns replay events.
#[async_trait]
pub trait Projector: Send + Sync + 'static {
    fn name(&self) -> &'static str;

    /// The events it reads. The host calls `apply` only with batches that hold at least
    /// one of them (the batch may hold others too, which `apply` ignores); a rebuild reads
    /// only these.
    fn interests(&self) -> Interests;

    /// Applies events in commit order to the live read model / acts on them (sagas).
    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError>;

    /// The read model behind this consumer, if it can be rebuilt. Sagas answer `None`:
    /// their effects must never happen twice, so they are never replayed.
    fn read_model(&self) -> Option<&dyn ReadModel> {
        None
    }
}

/// A projection whose tables can be rebuilt from the log (ADR 0003, ADR 0020).
#[async_trait]
pub trait ReadModel: Send + Sync {
    fn name(&self) -> &'static str;

    /// Tables it owns. A rebuild fills `{table}__rebuild` and swaps them in.
    fn tables(&self) -> &'static [&'static str];

    /// Applies events in commit order to `{table}{suffix}` (the live `apply` is `""`).
    async fn apply_to(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
        suffix: &str,
    ) -> Result<(), ProjectionError>;

    /// A fresh in-memory fold for a rebuild into `{table}{suffix}`.
    fn folder(&self, suffix: &'static str) -> Box<dyn Folder>;
}

/// Rebuild state of one read model: rows folded in memory, written in large chunks.
#[async_trait]
pub trait Folder: Send {
    /// Folds a batch (commit order). An error (a data error included) ends the fast
    /// rebuild; the rebuild then starts over batch by batch, isolating the events at fault.
    async fn fold(
        &mut self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError>;

    /// Rows held in memory.
    fn held(&self) -> usize;

    /// Writes every held row and forgets them (later folds load what they touch again).
    async fn flush(&mut self, conn: &mut PgConnection) -> Result<(), ProjectionError>;
}
