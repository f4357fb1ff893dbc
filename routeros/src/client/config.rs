//! Where a router is and how to talk to it: address, credentials, transport, timeouts.

use std::fmt;
use std::time::Duration;

/// Plain API port (`api` service).
pub const API_PORT: u16 = 8728;
/// TLS API port (`api-ssl` service).
pub const API_SSL_PORT: u16 = 8729;

/// How the router's TLS certificate is checked.
///
/// There is no built-in public root store: routers are addressed by IP and carry
/// self-signed or private-CA certificates, almost never publicly signed ones, so trusting
/// the web PKI would only widen what is accepted without ever helping.
#[derive(Clone, PartialEq, Eq)]
pub enum TlsMode {
    /// Normal verification (chain and host name) against these CA certificates (DER).
    /// With no certificates every router is refused.
    Verify { ca_certificates: Vec<Vec<u8>> },
    /// Accept any certificate: encrypted but not authenticated. Only with an explicit
    /// per-location setting; prefer [`TlsMode::Pinned`].
    AcceptSelfSigned,
    /// Accept exactly the certificate whose DER has this SHA-256 (see
    /// [`super::parse_fingerprint`]); chain and name are not checked.
    Pinned([u8; 32]),
}

/// The byte stream under the API.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Transport {
    /// TCP, normally port 8728. The password crosses the network in clear.
    Plain,
    /// TLS, normally port 8729. RouterOS' certificate-less anonymous-DH mode is not
    /// supported (rustls has no anonymous suites): the router needs a certificate.
    Tls(TlsMode),
}

/// Everything needed to open and keep one API session to a router.
#[derive(Clone, PartialEq, Eq)]
pub struct RouterConfig {
    /// Host name or IP address.
    pub host: String,
    pub port: u16,
    pub username: String,
    pub password: String,
    pub transport: Transport,
    /// Bound on TCP connect plus TLS handshake.
    pub connect_timeout: Duration,
    /// Bound on waiting for a command's `!done` once sent (login included).
    pub command_timeout: Duration,
    /// After this long without any byte from the router, a cheap `/system/identity/print`
    /// checks the session is alive. Zero turns keepalive off.
    pub keepalive_idle: Duration,
    /// Most commands in flight at once on the session; more wait their turn, so a
    /// 10,000-command batch cannot flood a small router.
    pub max_in_flight: usize,
    /// Most rows of a `listen` stream waiting for their consumer; one more ends the stream
    /// with [`RouterError::ListenOverflow`](super::RouterError::ListenOverflow).
    pub listen_buffer: usize,
}

/// Rows a `listen` may hold for a slow consumer: minutes of a busy hotspot's changes, a few
/// MB at most.
pub const DEFAULT_LISTEN_BUFFER: usize = 10_000;

impl RouterConfig {
    /// A plain-TCP router on port 8728 with default timeouts.
    pub fn new(
        host: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        RouterConfig {
            host: host.into(),
            port: API_PORT,
            username: username.into(),
            password: password.into(),
            transport: Transport::Plain,
            connect_timeout: Duration::from_secs(5),
            command_timeout: Duration::from_secs(15),
            keepalive_idle: Duration::from_secs(30),
            max_in_flight: 64,
            listen_buffer: DEFAULT_LISTEN_BUFFER,
        }
    }

    /// Switches to TLS; a port still at the plain default moves to 8729.
    pub fn with_tls(mut self, mode: TlsMode) -> Self {
        if self.port == API_PORT {
            self.port = API_SSL_PORT;
        }
        self.transport = Transport::Tls(mode);
        self
    }

    /// Uses another port.
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// `host:port`, for messages.
    pub fn endpoint(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

impl fmt::Debug for RouterConfig {
    // Hand-written so that the password never reaches a log line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouterConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("transport", &self.transport)
            .field("connect_timeout", &self.connect_timeout)
            .field("command_timeout", &self.command_timeout)
            .field("keepalive_idle", &self.keepalive_idle)
            .field("max_in_flight", &self.max_in_flight)
            .finish()
    }
}

impl fmt::Debug for TlsMode {
    // CA certificates are kilobytes of DER; their count says enough.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsMode::Verify { ca_certificates } => {
                write!(f, "Verify({} CA certificates)", ca_certificates.len())
            }
            TlsMode::AcceptSelfSigned => f.write_str("AcceptSelfSigned"),
            TlsMode::Pinned(pin) => write!(f, "Pinned({})", super::fingerprint_hex(pin)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_password() {
        let config = RouterConfig::new("10.0.0.1", "admin", "hunter2");
        let text = format!("{config:?}");
        assert!(!text.contains("hunter2"), "{text}");
    }

    #[test]
    fn tls_moves_the_default_port_but_keeps_a_custom_one() {
        let config = RouterConfig::new("r", "a", "p").with_tls(TlsMode::AcceptSelfSigned);
        assert_eq!(config.port, API_SSL_PORT);
        let config = RouterConfig::new("r", "a", "p")
            .with_port(9000)
            .with_tls(TlsMode::AcceptSelfSigned);
        assert_eq!(config.port, 9000);
    }
}
