//! What a use case can fail with. Callers map it to their protocol (a GraphQL code, an
//! HTTP status); a failure of the server itself is `Internal` and its cause is logged by
//! the caller, never returned.

use tagih_commands::CommandError;

use crate::payments::{PaymentFlowError, PluginUseError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Command(#[from] CommandError),
    #[error(transparent)]
    Payment(#[from] PaymentFlowError),
    #[error(transparent)]
    Plugin(#[from] PluginUseError),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    Rejected(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    RateLimited(String),
    /// The server's own failure (database, a port that broke): logged, never shown.
    #[error("{0}")]
    Internal(String),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(format!("database: {e}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;
