//! The RouterOS API client: one persistent, pipelined, logged-in session per router.
//!
//! Layout, one job per file:
//! - `config`: where a router is and how to reach it (TCP 8728 / TLS 8729, timeouts).
//! - `tls`: the rustls client configuration for each [`TlsMode`].
//! - `transport`: opening the TCP or TLS byte stream.
//! - `command`: the [`Command`] builder and the [`Record`] rows replies carry.
//! - `mux`: the tag multiplexer — tags, the reader and writer tasks.
//! - `pending`: one command awaiting `!done`, and where its outcome goes.
//! - `connection`: [`Connection`], login, `call`, `call_many`, keepalive.
//! - `listen`: [`Listen`], a `listen` stream on a dedicated connection.
//! - `pool`: [`Pool`], one connection per location with reconnect backoff.
//! - `upsert`: upserts by `name`, never by a cached `.id`.
//! - `error`: [`RouterError`] and the mapping of `!trap` messages (routeros.md §3.6).

mod command;
mod config;
mod connection;
mod error;
mod listen;
mod mux;
mod pending;
mod pool;
mod tls;
mod transport;
mod upsert;

#[cfg(test)]
mod fake;
#[cfg(test)]
mod fake_tests;
#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod pool_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tls_tests;

pub use command::{Command, Record};
pub use config::{API_PORT, API_SSL_PORT, RouterConfig, TlsMode, Transport};
pub use connection::Connection;
pub use error::{LoginError, RouterError};
pub use listen::{Listen, is_dead_row};
pub use pool::{Backoff, Pool};
pub use tls::{certificate_fingerprint, fingerprint_hex, parse_fingerprint};
pub use upsert::{
    Upserted, find_id_by_name, upsert_by_name, upsert_hotspot_user, upsert_ppp_secret,
};
