//! Client errors, and the mapping from a router's `!trap` text to them (routeros.md §3.6).

use std::time::Duration;

use crate::proto::ProtoError;

/// Everything a call to a router can end in, other than success.
#[derive(Debug, thiserror::Error)]
pub enum RouterError {
    /// The command was never sent: no TCP/TLS session could be opened, or the session was
    /// already closed. Safe to retry as is.
    #[error("router unreachable: {0}")]
    Unreachable(String),
    /// The session died after the command was sent and before its `!done`: the router may
    /// or may not have applied it, so a writer must re-read by name before retrying.
    #[error("connection lost before the reply: {0}")]
    ConnectionLost(String),
    /// No `!done` within the per-command timeout; the command was `/cancel`led, but the
    /// router may already have applied it.
    #[error("router did not reply in time")]
    Timeout,
    /// The router sent `!fatal` with this reason and closed the session.
    #[error("router ended the session: {0}")]
    Fatal(String),
    /// `/login` was refused or cannot be done.
    #[error("login failed: {0}")]
    Login(#[from] LoginError),
    /// The TLS configuration is unusable or the router's certificate was refused.
    #[error("tls: {0}")]
    Tls(String),
    /// The pool is waiting before reconnecting to a router whose last attempt failed.
    #[error("reconnect backing off for {retry_in:?} after: {last_error}")]
    Backoff {
        retry_in: Duration,
        last_error: String,
    },
    /// `failure: already have user with this name for this server` (hotspot user) or
    /// `failure: secret with the same name already exists` (PPP secret).
    #[error("an item with this name already exists")]
    DuplicateName,
    /// `input does not match any value of profile`; carries the profile the command named
    /// (the router's message does not say which).
    #[error("unknown profile {0:?}")]
    UnknownProfile(String),
    /// `no such item`, or `invalid internal item number` for an unresolvable `.id`.
    #[error("no such item")]
    NoSuchItem,
    /// `no such command prefix` / `no such command or directory`.
    #[error("no such command")]
    NoSuchCommand,
    /// `not enough permissions`: the API user lacks a policy.
    #[error("not enough permissions")]
    PermissionDenied,
    /// Any other `!trap`, verbatim.
    #[error("router refused the command: {message} (category {category:?})")]
    Trap {
        category: Option<u8>,
        message: String,
    },
    /// A `listen` consumer fell this many rows behind: the stream dropped the next row and
    /// ended. Whoever listens must resync with a `print` before listening again.
    #[error("listen stream fell {0} rows behind and was ended; resync with a print")]
    ListenOverflow(usize),
    /// The router sent bytes that are not the RouterOS API.
    #[error("protocol error: {0}")]
    Protocol(#[from] ProtoError),
}

/// Why `/login` did not yield a session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    /// The router refused the credentials, with its message (e.g. `invalid user name or
    /// password (6)` on 6.43+, `cannot log in` on the legacy path).
    #[error("router refused the credentials: {0}")]
    Rejected(String),
    /// The router answered the plain login with a `=ret=` challenge: it is older than 6.43
    /// and only speaks the MD5 challenge login, which this client does not implement.
    #[error("router only offers the pre-6.43 challenge login; upgrade RouterOS to 6.43 or later")]
    LegacyChallenge,
}

impl RouterError {
    /// Whether the same call may succeed later without anyone changing anything: the
    /// router or the path to it was down or slow. Refusals (traps, bad credentials,
    /// certificate mismatches) stay refused until someone acts.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            RouterError::Unreachable(_)
                | RouterError::ConnectionLost(_)
                | RouterError::Timeout
                | RouterError::Fatal(_)
                | RouterError::Backoff { .. }
                | RouterError::Protocol(_)
        )
    }

    /// Whether the router may have applied the command although no success came back;
    /// the caller must look the item up by name before retrying a write.
    pub fn is_ambiguous(&self) -> bool {
        matches!(
            self,
            RouterError::ConnectionLost(_) | RouterError::Timeout | RouterError::Fatal(_)
        )
    }
}

/// One `!trap` sentence as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Trap {
    pub category: Option<u8>,
    pub message: String,
}

/// What a known trap message means.
#[derive(Clone, Copy)]
enum Kind {
    Duplicate,
    UnknownProfile,
    NoSuchItem,
    NoSuchCommand,
    Login,
    Permission,
}

/// Message prefixes, lower-cased. Prefixes rather than whole strings because numeric
/// suffixes like `(4)`, `(6)`, `(9)` come and go between RouterOS versions.
const KNOWN: &[(&str, Kind)] = &[
    ("failure: already have user with this name", Kind::Duplicate),
    (
        "failure: secret with the same name already exists",
        Kind::Duplicate,
    ),
    (
        "input does not match any value of profile",
        Kind::UnknownProfile,
    ),
    ("no such item", Kind::NoSuchItem),
    ("invalid internal item number", Kind::NoSuchItem),
    ("no such command", Kind::NoSuchCommand),
    ("invalid user name or password", Kind::Login),
    ("cannot log in", Kind::Login),
    ("not enough permissions", Kind::Permission),
];

/// The cancelled command's own trap after a `/cancel` (routeros.md §1.7).
pub(crate) const INTERRUPTED: &str = "interrupted";

impl Trap {
    /// Maps the trap to a typed error. `profile` is the `profile` attribute of the command
    /// that trapped, so an unknown-profile error can say which profile was meant.
    pub fn into_error(self, profile: Option<&str>) -> RouterError {
        let lower = self.message.trim().to_ascii_lowercase();
        let kind = KNOWN
            .iter()
            .find(|(prefix, _)| lower.starts_with(prefix))
            .map(|(_, kind)| *kind);
        match kind {
            Some(Kind::Duplicate) => RouterError::DuplicateName,
            Some(Kind::UnknownProfile) => {
                RouterError::UnknownProfile(profile.unwrap_or_default().to_owned())
            }
            Some(Kind::NoSuchItem) => RouterError::NoSuchItem,
            Some(Kind::NoSuchCommand) => RouterError::NoSuchCommand,
            Some(Kind::Login) => RouterError::Login(LoginError::Rejected(self.message)),
            Some(Kind::Permission) => RouterError::PermissionDenied,
            None => RouterError::Trap {
                category: self.category,
                message: self.message,
            },
        }
    }

    /// Whether this is the `interrupted` trap a `/cancel` produces.
    pub fn is_interrupted(&self) -> bool {
        self.message.trim() == INTERRUPTED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(message: &str) -> RouterError {
        let trap = Trap {
            category: Some(1),
            message: message.to_owned(),
        };
        trap.into_error(Some("1d"))
    }

    #[test]
    fn every_documented_trap_message_maps_to_its_typed_error() {
        use RouterError as E;
        type Expect = fn(&E) -> bool;
        let table: &[(&str, Expect)] = &[
            (
                "failure: already have user with this name for this server",
                |e| matches!(e, E::DuplicateName),
            ),
            ("failure: secret with the same name already exists", |e| {
                matches!(e, E::DuplicateName)
            }),
            (
                "input does not match any value of profile",
                |e| matches!(e, E::UnknownProfile(p) if p == "1d"),
            ),
            ("no such item", |e| matches!(e, E::NoSuchItem)),
            ("no such item (4)", |e| matches!(e, E::NoSuchItem)),
            ("invalid internal item number", |e| {
                matches!(e, E::NoSuchItem)
            }),
            ("no such command prefix", |e| matches!(e, E::NoSuchCommand)),
            ("no such command or directory (remove)", |e| {
                matches!(e, E::NoSuchCommand)
            }),
            (
                "invalid user name or password (6)",
                |e| matches!(e, E::Login(LoginError::Rejected(m)) if m.starts_with("invalid user")),
            ),
            ("cannot log in", |e| matches!(e, E::Login(_))),
            ("not enough permissions (9)", |e| {
                matches!(e, E::PermissionDenied)
            }),
            (
                "default trial user can not be removed",
                |e| matches!(e, E::Trap { category: Some(1), message } if message.starts_with("default trial")),
            ),
            (
                "ambiguous value of server, more than one possible value matches input",
                |e| matches!(e, E::Trap { .. }),
            ),
        ];
        for (message, expected) in table {
            let error = map(message);
            assert!(expected(&error), "{message:?} mapped to {error:?}");
        }
    }

    #[test]
    fn trap_matching_ignores_case_and_surrounding_space() {
        assert!(matches!(map("  No Such Item "), RouterError::NoSuchItem));
    }

    #[test]
    fn transient_errors_are_the_ones_a_retry_can_fix() {
        assert!(RouterError::Timeout.is_transient());
        assert!(RouterError::Unreachable("x".into()).is_transient());
        assert!(RouterError::Fatal("x".into()).is_transient());
        assert!(!RouterError::DuplicateName.is_transient());
        assert!(!RouterError::Login(LoginError::LegacyChallenge).is_transient());
        assert!(!RouterError::Tls("pin".into()).is_transient());
        assert!(RouterError::Timeout.is_ambiguous());
        assert!(!RouterError::Unreachable("x".into()).is_ambiguous());
    }

    #[test]
    fn messages_are_lowercase() {
        for error in [
            RouterError::Timeout,
            RouterError::DuplicateName,
            RouterError::NoSuchItem,
            RouterError::Login(LoginError::LegacyChallenge),
        ] {
            let text = error.to_string();
            assert!(text.starts_with(|c: char| c.is_lowercase()), "{text}");
        }
    }
}
