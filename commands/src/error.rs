//! Errors of the write side, classified for the API.

use tagih_aggregates::{ErrorKind, HasErrorKind};

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The domain refused the command.
    #[error("{message}")]
    Domain { kind: ErrorKind, message: String },
    /// Concurrent writers kept winning; the client may retry.
    #[error("the {0} was changed concurrently; try again")]
    Conflict(&'static str),
    /// Storage failed; details are logged, never returned.
    #[error("internal error: {0}")]
    Internal(String),
}

impl CommandError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Domain {
            kind: ErrorKind::Invalid,
            message: message.into(),
        }
    }
    pub fn rejected(message: impl Into<String>) -> Self {
        Self::Domain {
            kind: ErrorKind::Rejected,
            message: message.into(),
        }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::Domain {
            kind: ErrorKind::NotFound,
            message: message.into(),
        }
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Domain {
            kind: ErrorKind::Conflict,
            message: message.into(),
        }
    }
    pub fn from_domain_message<E: std::fmt::Display>(e: E) -> Self {
        Self::invalid(e.to_string())
    }
    pub fn from_domain<E: HasErrorKind + std::fmt::Display>(e: E) -> Self {
        Self::Domain {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

impl From<sqlx::Error> for CommandError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.to_string())
    }
}

impl From<serde_json::Error> for CommandError {
    fn from(e: serde_json::Error) -> Self {
        Self::Internal(e.to_string())
    }
}
