//! How a domain error is classified for the API (GraphQL `extensions.code`).

/// The class of a rejected command; the API maps it to a stable error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input itself is malformed (BAD_USER_INPUT).
    Invalid,
    /// Well-formed, but the current state forbids it (REJECTED).
    Rejected,
    /// The aggregate does not exist (NOT_FOUND).
    NotFound,
    /// It exists already or collides with something that does (CONFLICT).
    Conflict,
}

/// Implemented by every aggregate error enum.
pub trait HasErrorKind {
    fn kind(&self) -> ErrorKind;
}
