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

/// A consumer of the log. `apply` runs inside the host's transaction, together with the
/// checkpoint update, so a batch is applied exactly once or not at all. It must still be
/// idempotent (rows keep `last_position`), because rebuilds and manual reruns replay events.
#[async_trait]
pub trait Projector: Send + Sync + 'static {
    fn name(&self) -> &'static str;

    /// The events it reads. The host calls `apply` only with batches that hold at least
    /// one of them (the batch may hold others too, which `apply` ignores); a rebuild reads
    /// only these.
    fn interests(&self) -> Interests;

    /// Read-model tables it owns. Rebuild copies them to `{table}__rebuild`, fills and swaps
    /// them. Empty means "never replayed" (sagas: their effects must not happen twice).
    fn tables(&self) -> &'static [&'static str] {
        &[]
    }

    /// Applies events in commit order, writing to `{table}{suffix}` (suffix is "" when live).
    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
        suffix: &str,
    ) -> Result<(), ProjectionError>;
}
