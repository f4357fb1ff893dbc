//! Starting a simulator and controlling it from tests: the world outside the API.

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, watch};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use super::config::SimConfig;
use super::menus;
use super::render::Row;
use super::reply::re_words;
use super::router::{Outcome, Router};
use super::server::{self, Connections, Mode, Serving};
use super::sessions::{self, LoginRefused};
use super::state::State;
use super::{persist, tls};
use crate::proto::Sentence;
use crate::values::format_id;

/// A running simulated router. Dropping it shuts it down (without the final state-file
/// write that [`SimHandle::shutdown`] waits for).
pub struct SimHandle {
    router: Arc<Router>,
    mode: watch::Sender<Mode>,
    addr: SocketAddr,
    tls: Option<(SocketAddr, TlsAcceptor, Vec<u8>)>,
    connections: Arc<Connections>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
    saver: Mutex<Option<JoinHandle<()>>>,
}

/// Starts a router: loads the state file if there is one, binds both addresses.
pub async fn start(config: SimConfig) -> io::Result<SimHandle> {
    let state = match &config.state_file {
        Some(path) => persist::load(path)?,
        None => None,
    };
    let state = state.unwrap_or_else(|| State::fresh(&config.identity));
    let router = Arc::new(Router::new(config.clone(), state));
    let (mode, _) = watch::channel(Mode::Online);
    let connections = Arc::new(Connections::default());
    let serving = Serving {
        router: router.clone(),
        mode: mode.subscribe(),
        connections: connections.clone(),
    };
    let (addr, plain_task) = server::listen(config.listen, None, serving.clone()).await?;
    let mut tasks = vec![plain_task];
    let mut tls_parts = None;
    if let Some(tls_addr) = config.tls_listen {
        let (acceptor, der) = tls::self_signed()?;
        let (bound, task) = server::listen(tls_addr, Some(acceptor.clone()), serving).await?;
        tasks.push(task);
        tls_parts = Some((bound, acceptor, der));
    }
    let saver = config.state_file.clone().map(|path| {
        if let Err(error) = persist::save(&path, &router.persistable()) {
            tracing::warn!(%error, "routeros-sim: could not write the state file");
        }
        persist::spawn_saver(router.clone(), path, mode.subscribe())
    });
    Ok(SimHandle {
        router,
        mode,
        addr,
        tls: tls_parts,
        connections,
        tasks: Mutex::new(tasks),
        saver: Mutex::new(saver),
    })
}

impl SimHandle {
    /// The plain API address (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The TLS API address, when `tls_listen` was set.
    pub fn tls_addr(&self) -> Option<SocketAddr> {
        self.tls.as_ref().map(|(addr, _, _)| *addr)
    }

    /// DER of the self-signed TLS certificate, for fingerprint pinning.
    pub fn tls_certificate_der(&self) -> Option<&[u8]> {
        self.tls.as_ref().map(|(_, _, der)| der.as_slice())
    }

    /// Changes the delay of every reply queued from now on (replies already queued keep
    /// theirs): a slow link, or a router that stalls mid-batch.
    pub fn set_latency(&self, latency: Duration) {
        self.router.set_latency(latency);
    }

    /// Sessions closed because their reply queue was full (`SimConfig::session_queue`).
    pub fn session_overflows(&self) -> u64 {
        self.router
            .overflows
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Offline closes every connection and both listening sockets (connections are then
    /// refused); online binds the same addresses again. State survives either way.
    /// Returns once the switch is complete, so a test can connect right after.
    pub async fn set_offline(&self, offline: bool) -> io::Result<()> {
        let mut tasks = self.tasks.lock().await;
        let current = *self.mode.borrow();
        if current == Mode::Shutdown || (current == Mode::Offline) == offline {
            return Ok(());
        }
        if offline {
            self.mode.send_replace(Mode::Offline);
            for task in tasks.drain(..) {
                let _ = task.await;
            }
            self.wait_for_connections().await;
            return Ok(());
        }
        self.mode.send_replace(Mode::Online);
        let serving = Serving {
            router: self.router.clone(),
            mode: self.mode.subscribe(),
            connections: self.connections.clone(),
        };
        tasks.push(server::listen(self.addr, None, serving.clone()).await?.1);
        if let Some((addr, acceptor, _)) = &self.tls {
            tasks.push(
                server::listen(*addr, Some(acceptor.clone()), serving)
                    .await?
                    .1,
            );
        }
        Ok(())
    }

    async fn wait_for_connections(&self) {
        for _ in 0..200 {
            if self.connections.count() == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// A hotspot client logs in: adds an `/ip/hotspot/active` row, like the captive
    /// portal would. Refused for unknown, disabled or used-up users.
    pub fn login_user(&self, name: &str, address: &str) -> Result<String, LoginRefused> {
        self.router.mutate(|exec, _| {
            let id = sessions::start_hotspot(exec.state, name, address, exec.now)?;
            exec.changed.push((menus::HOTSPOT_ACTIVE, id));
            Ok(format_id(id))
        })
    }

    /// Every session of `name` ends; returns how many there were.
    pub fn logout_user(&self, name: &str) -> usize {
        self.router.mutate(|exec, _| {
            let ids = sessions::hotspot_sessions_of(exec.state, name);
            for &id in &ids {
                sessions::end_hotspot(exec.state, id, exec.now);
                exec.removed.push((menus::HOTSPOT_ACTIVE, id));
            }
            ids.len()
        })
    }

    /// Counts traffic on `name`'s (first) live session, so byte counters move as they
    /// would for a real client; the user's totals grow when the session ends.
    pub fn add_traffic(&self, name: &str, bytes_in: u64, bytes_out: u64) {
        self.router.mutate(|exec, _| {
            let Some(&id) = sessions::hotspot_sessions_of(exec.state, name).first() else {
                return;
            };
            if let Some(session) = exec
                .state
                .table_mut(menus::HOTSPOT_ACTIVE)
                .and_then(|t| t.get_mut(id))
            {
                let u = &mut session.usage;
                u.bytes_in = u.bytes_in.saturating_add(bytes_in);
                u.bytes_out = u.bytes_out.saturating_add(bytes_out);
                u.packets_in = u.packets_in.saturating_add(bytes_in.div_ceil(1500));
                u.packets_out = u.packets_out.saturating_add(bytes_out.div_ceil(1500));
            }
        });
    }

    /// A PPP client connects with secret `name`; `None` if there is no enabled secret.
    pub fn ppp_connect(&self, name: &str, address: &str) -> Option<String> {
        self.router.mutate(|exec, _| {
            let id = sessions::start_ppp(exec.state, name, address, exec.now)?;
            exec.changed.push((menus::PPP_ACTIVE, id));
            Some(format_id(id))
        })
    }

    /// Every PPP session of `name` ends; returns how many there were.
    pub fn ppp_disconnect(&self, name: &str) -> usize {
        self.router.mutate(|exec, _| {
            let ids = sessions::ppp_sessions_of(exec.state, name);
            for &id in &ids {
                if let Some(table) = exec.state.table_mut(menus::PPP_ACTIVE) {
                    table.remove(id);
                }
                exec.removed.push((menus::PPP_ACTIVE, id));
            }
            ids.len()
        })
    }

    /// Moves the simulated clock on: session and router uptimes grow, and sessions
    /// whose user reaches its `limit-uptime` are logged out as the hotspot would.
    pub fn advance_clock(&self, by: Duration) {
        self.router.clock.advance(by);
        self.router.mutate(|exec, _| {
            for id in sessions::expired_hotspot_sessions(exec.state, exec.now) {
                sessions::end_hotspot(exec.state, id, exec.now);
                exec.removed.push((menus::HOTSPOT_ACTIVE, id));
            }
        });
    }

    /// Lets the clock also run in real time (for the CLI), or stops it again.
    pub fn set_realtime_clock(&self, on: bool) {
        self.router.clock.set_realtime(on);
    }

    /// The rows of one menu (`/ip/hotspot/active`, …) as a client would print them.
    pub fn rows(&self, menu: &str) -> Vec<Row> {
        self.state().remove(menu).unwrap_or_default()
    }

    pub fn hotspot_users(&self) -> Vec<Row> {
        self.rows(menus::HOTSPOT_USER)
    }

    pub fn hotspot_active(&self) -> Vec<Row> {
        self.rows(menus::HOTSPOT_ACTIVE)
    }

    pub fn ppp_secrets(&self) -> Vec<Row> {
        self.rows(menus::PPP_SECRET)
    }

    /// Loads rows into `menu` as `add` would (defaults, validation, unique names) but
    /// without API round trips or `listen` events: a router that already holds an ISP's
    /// tables. Each row is its `add` attributes; the first refused row stops the load
    /// (rows before it stay) and its `!trap` message is the error.
    pub fn seed<I>(&self, menu: &str, rows: I) -> Result<usize, String>
    where
        I: IntoIterator<Item = Vec<(String, String)>>,
    {
        let menu = menus::find(menu).ok_or_else(|| format!("no menu {menu}"))?;
        let added = self.router.mutate(|exec, _| {
            let result = exec.seed(menu, rows).map_err(|trap| trap.message);
            exec.changed.clear();
            result
        });
        self.router.dirty.notify_one();
        added
    }

    /// Runs one command in-process, as a logged-in connection would send it, and
    /// returns the reply sentences (a `listen` or `follow` returns its first rows and
    /// leaves nothing open). Measures the router's own work without the socket.
    pub fn run(&self, words: &[&str]) -> Vec<Vec<String>> {
        let words: Vec<Vec<u8>> = words.iter().map(|w| w.as_bytes().to_vec()).collect();
        match self.router.execute(&Sentence::parse(&words)) {
            Outcome::Reply(reply) => reply.sentences,
            Outcome::Listen { spec, .. } => spec.initial.iter().map(re_words).collect(),
        }
    }

    /// Every menu, keyed by path, as a client would print it now.
    pub fn state(&self) -> BTreeMap<String, Vec<Row>> {
        self.router.snapshot()
    }

    /// Stops listening, closes every connection and writes the state file a last time.
    pub async fn shutdown(&self) {
        self.mode.send_replace(Mode::Shutdown);
        for task in self.tasks.lock().await.drain(..) {
            let _ = task.await;
        }
        self.wait_for_connections().await;
        if let Some(saver) = self.saver.lock().await.take() {
            let _ = saver.await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.mode.send_replace(Mode::Shutdown);
    }
}
