//! The server's PostgreSQL pool (ADR 0027): how connections are opened and handed out.
//!
//! Two per-statement costs are left out of the hot path:
//! - sqlx pings every pooled connection before handing it out (a round trip per acquire,
//!   as many as the statements themselves). Only a connection that sat idle long enough to
//!   have been dropped by the server or a middlebox is pinged now; one in steady use is
//!   handed out as is, and a connection that fails mid-statement is closed by sqlx anyway.
//! - TLS on the loopback: a URL without `sslmode` means "prefer", so a local server with
//!   `ssl = on` encrypts every byte both ways for nothing. When the URL names a loopback
//!   host or a socket and neither the URL nor `PGSSLMODE` chooses a mode, TLS is off. An
//!   explicit `sslmode` always wins.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgSslMode};
use sqlx::{Connection, PgPool};

/// A pooled connection idle this long is pinged before it is used again.
const PING_AFTER_IDLE: Duration = Duration::from_secs(10);

/// Connection options from `url`, with TLS off on the loopback unless asked for.
pub fn connect_options(url: &str) -> anyhow::Result<PgConnectOptions> {
    let options = PgConnectOptions::from_str(url).context("invalid database url")?;
    let explicit = std::env::var_os("PGSSLMODE").is_some() || names_ssl_mode(url);
    if !explicit && is_local(&options) {
        return Ok(options.ssl_mode(PgSslMode::Disable));
    }
    Ok(options)
}

/// The server's pool: at most `max_connections`, connections pinged only after idling.
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_AFTER_IDLE {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_with(connect_options(url)?)
        .await
        .context("cannot connect to PostgreSQL")
}

fn names_ssl_mode(url: &str) -> bool {
    url.split_once('?').is_some_and(|(_, query)| {
        // The keys sqlx reads (case-sensitive, as it matches them).
        query
            .split('&')
            .any(|pair| matches!(pair.split('=').next(), Some("sslmode" | "ssl-mode")))
    })
}

fn is_local(options: &PgConnectOptions) -> bool {
    if options.get_socket().is_some() {
        return true;
    }
    let host = options
        .get_host()
        .trim_start_matches('[')
        .trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.starts_with('/')
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `url` gets `expected` (the environment's PGSSLMODE, when set, chooses instead: then
    /// there is nothing here to check).
    fn assert_mode(url: &str, expected: PgSslMode) {
        let mode = connect_options(url).unwrap().get_ssl_mode();
        assert_eq!(
            std::mem::discriminant(&mode),
            std::mem::discriminant(&expected),
            "{url}: {mode:?}, expected {expected:?}"
        );
    }

    #[test]
    fn loopback_hosts_without_a_chosen_mode_skip_tls() {
        if std::env::var_os("PGSSLMODE").is_some() {
            return;
        }
        for url in [
            "postgres://u@127.0.0.1:5432/db",
            "postgres://u@localhost/db",
            "postgres://u@[::1]:5432/db",
            "postgres://u@127.0.0.2/db?application_name=x",
        ] {
            assert_mode(url, PgSslMode::Disable);
        }
    }

    #[test]
    fn remote_hosts_and_explicit_modes_are_left_alone() {
        if std::env::var_os("PGSSLMODE").is_some() {
            return;
        }
        for (url, expected) in [
            ("postgres://u@db.example.com/db", PgSslMode::Prefer),
            ("postgres://u@10.1.2.3/db", PgSslMode::Prefer),
            (
                "postgres://u@127.0.0.1/db?sslmode=require",
                PgSslMode::Require,
            ),
            (
                "postgres://u@localhost/db?application_name=x&sslmode=verify-full",
                PgSslMode::VerifyFull,
            ),
        ] {
            assert_mode(url, expected);
        }
    }
}
