//! How a simulated router is set up.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// A simulated router: where it listens, who may log in, and how it misbehaves.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Plain API address (`api`, 8728 on a router); port 0 picks a free one.
    pub listen: SocketAddr,
    /// TLS API address (`api-ssl`), served with a self-signed certificate made at start.
    pub tls_listen: Option<SocketAddr>,
    pub user: String,
    pub password: String,
    /// RouterOS version to imitate: `!empty` from 7.18, plain login from 6.43.
    pub version: String,
    /// Delay before each reply leaves, like a network round trip: replies to pipelined
    /// commands are delayed concurrently, so pipelining pays off as on a real link.
    pub latency: Duration,
    /// Replies a session may have waiting for its writer. A client that stops reading
    /// (while a `listen` keeps producing, or while it pipelines without end) fills it;
    /// the session is then closed and counted ([`super::SimHandle::session_overflows`]),
    /// as a router drops a peer it cannot write to — memory stays bounded.
    pub session_queue: usize,
    /// Fraction (0..=1) of mutating commands answered with a `!trap` instead.
    pub fail_rate: f64,
    /// JSON file loaded at start and rewritten after changes.
    pub state_file: Option<PathBuf>,
    /// `/system/identity` name of a fresh router.
    pub identity: String,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            tls_listen: None,
            user: "admin".to_owned(),
            password: String::new(),
            version: "7.18".to_owned(),
            latency: Duration::ZERO,
            session_queue: 4096,
            fail_rate: 0.0,
            state_file: None,
            identity: "MikroTik".to_owned(),
        }
    }
}
