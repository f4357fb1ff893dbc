//! Accepting connections on the plain and TLS addresses, and the online/offline/shut
//! down switch every listener and connection obeys.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use super::router::Router;
use super::session::serve;

/// Whether the router answers. Offline drops every connection and the listening
/// sockets (new connections are refused) but keeps the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Online,
    Offline,
    Shutdown,
}

/// A TLS handshake that stalls longer than this is a broken client.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Counts live connections so going offline can wait until they are all gone.
#[derive(Debug, Default)]
pub(crate) struct Connections(AtomicUsize);

impl Connections {
    pub(crate) fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

struct Counted(Arc<Connections>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Everything an accept loop needs; cloned per listener.
#[derive(Clone)]
pub(crate) struct Serving {
    pub router: Arc<Router>,
    pub mode: watch::Receiver<Mode>,
    pub connections: Arc<Connections>,
}

/// Binds `addr` and accepts until the mode leaves `Online`, then drops the socket.
pub(crate) async fn listen(
    addr: SocketAddr,
    tls: Option<TlsAcceptor>,
    serving: Serving,
) -> io::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    Ok((bound, tokio::spawn(accept_loop(listener, tls, serving))))
}

async fn accept_loop(listener: TcpListener, tls: Option<TlsAcceptor>, mut serving: Serving) {
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => spawn_connection(stream, tls.clone(), serving.clone()),
                Err(error) => {
                    tracing::warn!(%error, "routeros-sim: accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            changed = serving.mode.changed() => if changed.is_err() || *serving.mode.borrow() != Mode::Online {
                return;
            },
        }
    }
}

fn spawn_connection(stream: TcpStream, tls: Option<TlsAcceptor>, serving: Serving) {
    serving.connections.0.fetch_add(1, Ordering::SeqCst);
    let counted = Counted(serving.connections.clone());
    // Small sentences must not wait for Nagle's algorithm: it would add tens of
    // milliseconds to every pipelined reply.
    let _ = stream.set_nodelay(true);
    tokio::spawn(async move {
        let _counted = counted;
        let Serving { router, mode, .. } = serving;
        match tls {
            None => serve(stream, router, mode).await,
            Some(acceptor) => {
                match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                    Ok(Ok(stream)) => serve(stream, router, mode).await,
                    Ok(Err(error)) => tracing::debug!(%error, "routeros-sim: TLS handshake failed"),
                    Err(_) => tracing::debug!("routeros-sim: TLS handshake timed out"),
                }
            }
        }
    });
}
