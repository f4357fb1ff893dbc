//! Opens the byte stream to a router: TCP, optionally wrapped in TLS.

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::config::{RouterConfig, Transport};
use super::error::RouterError;
use super::tls;

/// A bidirectional byte stream, whichever transport carries it.
pub(crate) trait Io: AsyncRead + AsyncWrite + Send + Unpin {}

impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

/// Connects (and handshakes) within the configured connect timeout.
pub(crate) async fn open(config: &RouterConfig) -> Result<Box<dyn Io>, RouterError> {
    // Build the TLS configuration first: a bad one is the operator's problem, not the
    // network's, and must not be reported as the router being unreachable.
    let tls = match &config.transport {
        Transport::Plain => None,
        Transport::Tls(mode) => Some((tls::client_config(mode)?, tls::server_name(&config.host)?)),
    };
    let connecting = async {
        let tcp = connect_tcp(config).await?;
        let Some((client, name)) = tls else {
            return Ok(Box::new(tcp) as Box<dyn Io>);
        };
        let stream = TlsConnector::from(client)
            .connect(name, tcp)
            .await
            .map_err(|e| handshake_error(config, &e))?;
        Ok(Box::new(stream) as Box<dyn Io>)
    };
    tokio::time::timeout(config.connect_timeout, connecting)
        .await
        .map_err(|_| {
            RouterError::Unreachable(format!("{}: connect timed out", config.endpoint()))
        })?
}

async fn connect_tcp(config: &RouterConfig) -> Result<TcpStream, RouterError> {
    let tcp = TcpStream::connect((config.host.as_str(), config.port))
        .await
        .map_err(|e| RouterError::Unreachable(format!("{}: {e}", config.endpoint())))?;
    // Pipelined commands are small writes; Nagle would hold each one back for an ACK.
    if let Err(e) = tcp.set_nodelay(true) {
        tracing::debug!(error = %e, "could not disable nagle");
    }
    Ok(tcp)
}

fn handshake_error(config: &RouterConfig, error: &std::io::Error) -> RouterError {
    if tls::is_tls_refusal(error) {
        RouterError::Tls(format!("{}: {error}", config.endpoint()))
    } else {
        RouterError::Unreachable(format!("{}: tls handshake: {error}", config.endpoint()))
    }
}
