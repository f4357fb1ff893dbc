//! [`Listen`]: a `listen` on a menu over its own session, as a stream of changed rows.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::Stream;
use tokio::sync::mpsc;

use super::command::{Command, Record};
use super::config::RouterConfig;
use super::connection::Connection;
use super::error::RouterError;
use super::pending::Row;

/// Rows of a running `listen`: every change to the menu as the router reports it. A
/// removed item arrives as `{".id": …, ".dead": "yes"|"true"}` (see [`is_dead_row`]).
///
/// The stream ends after [`Listen::cancel`], or with one error: the session died, or the
/// consumer fell `RouterConfig::listen_buffer` rows behind
/// ([`RouterError::ListenOverflow`]: the rows before it are delivered, later changes are
/// lost, so resync with a `print`). `listen` does not dump the current rows first; pair
/// it with a `print`.
pub struct Listen {
    connection: Connection,
    tag: String,
    rows: mpsc::Receiver<Row>,
    /// An error was delivered: the stream is over.
    ended: bool,
}

impl Listen {
    /// Opens a dedicated session and starts `<menu>/listen` on it, e.g. for
    /// `/ip/hotspot/active`. A separate session keeps a busy stream from delaying
    /// provisioning commands, and ending it cannot disturb them.
    pub async fn open(config: &RouterConfig, menu: &str) -> Result<Listen, RouterError> {
        let connection = Connection::connect(config).await?;
        let command = Command::new(format!("{}/listen", menu.trim_end_matches('/')));
        Listen::start(connection, command).await
    }

    /// Runs an endless command (a `listen` with a proplist or queries, say) on a session
    /// the stream then owns.
    pub async fn start(connection: Connection, command: Command) -> Result<Listen, RouterError> {
        let buffer = connection.config().listen_buffer;
        let (tag, rows) = connection.mux().open_stream(&command, buffer).await?;
        Ok(Listen {
            connection,
            tag,
            rows,
            ended: false,
        })
    }

    /// Stops the `listen` with `/cancel` and waits (bounded by the command timeout) for
    /// the router to end it, so the session is left clean. Rows still in transit are
    /// discarded.
    pub async fn cancel(mut self) -> Result<(), RouterError> {
        self.connection.mux().cancel(&self.tag).await?;
        let timeout = self.connection.config().command_timeout;
        drain_until_end(&mut self.rows, timeout).await
    }

    /// The session the stream runs on.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }
}

async fn drain_until_end(
    rows: &mut mpsc::Receiver<Row>,
    timeout: Duration,
) -> Result<(), RouterError> {
    let drained = async {
        while let Some(row) = rows.recv().await {
            match row {
                // Cancelling a stream that overflowed is how it is meant to end.
                Ok(_) | Err(RouterError::ListenOverflow(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    };
    tokio::time::timeout(timeout, drained)
        .await
        .map_err(|_| RouterError::Timeout)?
}

impl Stream for Listen {
    type Item = Result<Record, RouterError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let next = self.rows.poll_recv(cx);
        if let Poll::Ready(Some(Err(_))) = &next {
            self.ended = true;
        }
        next
    }
}

impl std::fmt::Debug for Listen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listen")
            .field("connection", &self.connection)
            .field("tag", &self.tag)
            .finish()
    }
}

/// Whether a `listen` row reports a removed item. RouterOS sends `.dead=yes`; 7.24 was
/// reported to send `.dead=true`; both are accepted.
pub fn is_dead_row(row: &Record) -> bool {
    matches!(row.get(".dead").map(String::as_str), Some("yes" | "true"))
}
