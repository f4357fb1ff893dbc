//! API errors: a stable `extensions.code` and a safe message. Internal details are logged
//! here, once, and never returned.

use async_graphql::ErrorExtensions;
use tagih_aggregates::ErrorKind;
use tagih_app::AppError;
use tagih_commands::CommandError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    Rejected(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    RateLimited(String),
    /// A gateway refused a refund for good (its reason in the message).
    #[error("{0}")]
    RefundRefused(String),
    /// A gateway is still processing a refund; asking again tells the outcome.
    #[error("{0}")]
    RefundPending(String),
    /// A gateway could not be asked or did not answer; asking again is safe.
    #[error("{0}")]
    GatewayUnavailable(String),
    #[error("internal error")]
    Internal,
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadInput(_) => "BAD_USER_INPUT",
            Self::Rejected(_) => "REJECTED",
            Self::Conflict(_) => "CONFLICT",
            Self::NotFound(_) => "NOT_FOUND",
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::RateLimited(_) => "RATE_LIMITED",
            Self::RefundRefused(_) => "REFUND_REFUSED",
            Self::RefundPending(_) => "REFUND_PENDING",
            Self::GatewayUnavailable(_) => "GATEWAY_UNAVAILABLE",
            Self::Internal => "INTERNAL",
        }
    }

    /// Logs the cause and hides it.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::Internal
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        async_graphql::Error::new(self.to_string()).extend_with(|_, e| e.set("code", self.code()))
    }
}

impl From<CommandError> for ApiError {
    fn from(e: CommandError) -> Self {
        match e {
            CommandError::Domain { kind, message } => match kind {
                ErrorKind::Invalid => Self::BadInput(message),
                ErrorKind::Rejected => Self::Rejected(message),
                ErrorKind::NotFound => Self::NotFound(message),
                ErrorKind::Conflict => Self::Conflict(message),
            },
            CommandError::Conflict(what) => {
                Self::Conflict(format!("the {what} was changed concurrently; try again"))
            }
            CommandError::Internal(cause) => Self::internal(cause),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Command(c) => c.into(),
            AppError::Payment(p) => p.into(),
            AppError::Plugin(p) => p.into(),
            AppError::NotFound(m) => Self::NotFound(m),
            AppError::BadInput(m) => Self::BadInput(m),
            AppError::Rejected(m) => Self::Rejected(m),
            AppError::Conflict(m) => Self::Conflict(m),
            AppError::Unauthenticated(m) => Self::Unauthenticated(m),
            AppError::RateLimited(m) => Self::RateLimited(m),
            AppError::Internal(cause) => Self::internal(cause),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::internal(e)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// A date argument of a query checked against the one input window (`bounds::date`), so
/// a report over year 9999 is a clear BAD_USER_INPUT rather than a database error.
pub fn bounded_date(
    field: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> async_graphql::Result<chrono::DateTime<chrono::Utc>> {
    tagih_aggregates::bounds::date(field, at).map_err(|m| gql(ApiError::BadInput(m)))
}

/// Converts any `ApiError`-convertible error into a GraphQL error with its code.
pub fn gql<E: Into<ApiError>>(e: E) -> async_graphql::Error {
    e.into().extend()
}
