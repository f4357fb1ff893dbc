//! What a projection or saga is to the runner.

use async_trait::async_trait;
use sqlx::PgConnection;

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

/// A consumer of the log. `apply` runs inside the runner's transaction, together with the
/// checkpoint update, so a batch is applied exactly once or not at all. It must still be
/// idempotent (rows keep `last_position`), because rebuilds and manual reruns replay events.
#[async_trait]
pub trait Projector: Send + Sync + 'static {
    fn name(&self) -> &'static str;

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
