//! [`Connection`]: one logged-in API session to a router, with pipelined calls and a
//! keepalive.

use std::future::Future;
use std::sync::{Arc, Weak};

use super::command::{Command, Record};
use super::config::RouterConfig;
use super::error::{LoginError, RouterError};
use super::mux::Mux;
use super::pending::Death;
use super::transport;

/// A persistent, logged-in session. Many calls may be in flight at once; each is matched
/// to its replies by `.tag`. Dropping the connection closes the socket.
pub struct Connection {
    mux: Arc<Mux>,
    config: RouterConfig,
}

impl Connection {
    /// Connects (TCP or TLS), logs in with the plain `/login` of RouterOS 6.43+ and v7,
    /// and starts the keepalive.
    pub async fn connect(config: &RouterConfig) -> Result<Connection, RouterError> {
        let io = transport::open(config).await?;
        let connection = Connection {
            mux: Mux::start(io, config.max_in_flight),
            config: config.clone(),
        };
        connection.login().await?;
        connection.start_keepalive();
        tracing::debug!(router = %config.endpoint(), "router session open");
        Ok(connection)
    }

    /// Sends one command and waits for its `!done`: the `!re` rows in order, then the data
    /// of the `!done` itself if any (e.g. `{"ret": "*1A"}` after `add`). `!empty` gives
    /// no rows; a `!trap` gives the typed error of its message.
    pub async fn call(&self, command: Command) -> Result<Vec<Record>, RouterError> {
        self.mux.call(&command, self.config.command_timeout).await
    }

    /// [`Connection::call`] with its own timeout, for commands known to be slow.
    pub async fn call_with_timeout(
        &self,
        command: Command,
        timeout: std::time::Duration,
    ) -> Result<Vec<Record>, RouterError> {
        self.mux.call(&command, timeout).await
    }

    /// Sends every command without waiting for replies (up to the in-flight window),
    /// then waits for all: one round trip for the batch instead of one per command.
    /// Results come back in the order of `commands`.
    pub fn call_many(
        &self,
        commands: Vec<Command>,
    ) -> impl Future<Output = Vec<Result<Vec<Record>, RouterError>>> + Send + '_ {
        let timeout = self.config.command_timeout;
        async move {
            let calls = commands.iter().map(|c| self.mux.call(c, timeout));
            futures::future::join_all(calls).await
        }
    }

    /// Whether the session has ended (`!fatal`, socket closed, keepalive failed). A
    /// closed connection never recovers; the pool replaces it.
    pub fn is_closed(&self) -> bool {
        self.mux.death().is_some()
    }

    /// Why the session ended, if it has.
    pub fn close_reason(&self) -> Option<String> {
        self.mux.death().map(|d| d.to_string())
    }

    /// Commands sent and still waiting for `!done`.
    pub fn in_flight(&self) -> usize {
        self.mux.in_flight()
    }

    /// The configuration this session was opened with.
    pub fn config(&self) -> &RouterConfig {
        &self.config
    }

    /// Ends the session now; pending calls fail with [`RouterError::ConnectionLost`].
    pub fn close(&self) {
        self.mux.kill(Death::Lost("closed by the client".into()));
    }

    pub(crate) fn mux(&self) -> &Arc<Mux> {
        &self.mux
    }

    async fn login(&self) -> Result<(), RouterError> {
        let login = Command::new("/login")
            .attr("name", &self.config.username)
            .attr("password", &self.config.password);
        match self.call(login).await {
            // Routers before 6.43 ignore the credentials and answer with a challenge.
            Ok(rows) if rows.iter().any(|r| r.contains_key("ret")) => {
                Err(LoginError::LegacyChallenge.into())
            }
            Ok(_) => Ok(()),
            Err(RouterError::Trap { message, .. }) => Err(LoginError::Rejected(message).into()),
            Err(other) => Err(other),
        }
    }

    fn start_keepalive(&self) {
        if self.config.keepalive_idle.is_zero() {
            return;
        }
        let task = tokio::spawn(keepalive(Arc::downgrade(&self.mux), self.config.clone()));
        self.mux.adopt(task.abort_handle());
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.mux.kill(Death::Lost("closed by the client".into()));
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("router", &self.config.endpoint())
            .field("closed", &self.is_closed())
            .finish()
    }
}

/// Pings with a cheap read once the router has been silent for `keepalive_idle`, so a
/// half-open TCP session (router rebooted, NAT entry expired) is found before a real
/// command waits on it. A ping that times out or loses the session ends it.
async fn keepalive(weak: Weak<Mux>, config: RouterConfig) {
    let idle = config.keepalive_idle;
    loop {
        let Some(mux) = weak.upgrade() else { return };
        let quiet = mux.idle_for();
        if quiet < idle {
            drop(mux);
            tokio::time::sleep(idle - quiet).await;
            continue;
        }
        let ping = Command::new("/system/identity/print");
        match mux.call(&ping, config.command_timeout).await {
            Err(error) if error.is_transient() => {
                tracing::info!(router = %config.endpoint(), %error, "keepalive failed");
                mux.kill(Death::Lost(format!("keepalive failed: {error}")));
                return;
            }
            // A trap (say, no read permission) still proves the session is alive.
            _ => {}
        }
    }
}
