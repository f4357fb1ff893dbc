//! The tag multiplexer: every command gets a fresh `.tag`, and a reader task routes each
//! reply to the pending command with that tag, so many commands are in flight at once on
//! one session (pipelining, routeros.md §1.7).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::task::AbortHandle;

use super::command::Command;
use super::error::RouterError;
use super::pending::{CallResult, Death, Pending, Row, Sink, StreamSink};
use super::transport::Io;
use crate::proto::{Decoder, Sentence};

/// Largest reply word accepted. Script sources and comments are far smaller; a corrupt
/// length prefix must not make the client buffer gigabytes.
const MAX_WORD: usize = 16 << 20;
/// Queued sentences are coalesced into writes of about this size, so a pipelined burst
/// leaves in a few segments instead of one syscall per command.
const WRITE_BATCH: usize = 64 << 10;
/// Sentences waiting for the writer. Larger than any sensible in-flight window, so a
/// sender only waits here when the socket itself is stuck.
const OUTBOX: usize = 1024;

struct State {
    pending: HashMap<String, Pending>,
    dead: Option<Death>,
    tasks: Vec<AbortHandle>,
}

/// The shared heart of a [`super::Connection`]. Its tasks hold it weakly, so dropping the
/// connection frees it and closes the socket.
pub(crate) struct Mux {
    state: Mutex<State>,
    outbox: mpsc::Sender<Vec<u8>>,
    /// Never reused within a session, so a straggling reply to a timed-out command can
    /// never be taken for the reply to a newer one.
    next_tag: AtomicU64,
    window: Semaphore,
    born: Instant,
    last_heard_ms: AtomicU64,
}

impl Mux {
    /// Starts the reader and writer tasks over an open (and not yet logged-in) stream.
    pub fn start(io: Box<dyn Io>, max_in_flight: usize) -> Arc<Mux> {
        let (read, write) = tokio::io::split(io);
        let (outbox, queued) = mpsc::channel(OUTBOX);
        let mux = Arc::new(Mux {
            state: Mutex::new(State {
                pending: HashMap::new(),
                dead: None,
                tasks: Vec::new(),
            }),
            outbox,
            next_tag: AtomicU64::new(1),
            window: Semaphore::new(max_in_flight.max(1)),
            born: Instant::now(),
            last_heard_ms: AtomicU64::new(0),
        });
        let reader = tokio::spawn(read_loop(Arc::downgrade(&mux), read));
        let writer = tokio::spawn(write_loop(Arc::downgrade(&mux), queued, write));
        mux.adopt(reader.abort_handle());
        mux.adopt(writer.abort_handle());
        mux
    }

    /// Ties a task's life to the session: it is aborted when the session ends.
    pub fn adopt(&self, task: AbortHandle) {
        let mut state = self.lock();
        if state.dead.is_some() {
            drop(state);
            task.abort();
        } else {
            state.tasks.push(task);
        }
    }

    /// Sends a command and waits (at most `timeout` once it has its turn in the window)
    /// for its `!done`. On timeout, or if the caller stops waiting, the command is
    /// `/cancel`led.
    pub async fn call(&self, command: &Command, timeout: Duration) -> CallResult {
        let _turn = self
            .window
            .acquire()
            .await
            .map_err(|_| RouterError::Unreachable("session closed".into()))?;
        let (tx, rx) = oneshot::channel();
        let tag = self.register(Sink::Call(tx), command.get("profile"))?;
        let _inflight = Inflight {
            mux: self,
            tag: &tag,
        };
        let exchange = async {
            self.send(command.encode(&tag)).await?;
            rx.await
                .map_err(|_| RouterError::ConnectionLost("reply dropped".into()))?
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .map_err(|_| RouterError::Timeout)?
    }

    /// Sends an endless command (`listen`) whose rows arrive one by one until `!done`;
    /// at most `buffer` rows wait for the consumer (see [`StreamSink`]).
    pub async fn open_stream(
        &self,
        command: &Command,
        buffer: usize,
    ) -> Result<(String, mpsc::Receiver<Row>), RouterError> {
        let (sink, rx) = StreamSink::new(buffer);
        let tag = self.register(Sink::Stream(sink), None)?;
        if let Err(error) = self.send(command.encode(&tag)).await {
            self.unregister(&tag);
            return Err(error);
        }
        Ok((tag, rx))
    }

    /// Asks the router to stop the command with this tag; its `interrupted` trap and
    /// `!done` then end it as usual.
    pub async fn cancel(&self, tag: &str) -> Result<(), RouterError> {
        self.send(self.cancel_sentence(tag)).await
    }

    /// Ends the session: every pending command fails with `death`, the tasks stop and
    /// the socket closes. Later calls fail at once. Only the first death counts.
    pub fn kill(&self, death: Death) {
        let (pending, tasks) = {
            let mut state = self.lock();
            if state.dead.is_some() {
                return;
            }
            tracing::debug!(reason = %death, "router session closed");
            state.dead = Some(death.clone());
            (
                std::mem::take(&mut state.pending),
                std::mem::take(&mut state.tasks),
            )
        };
        for (_, pending) in pending {
            pending.fail(&death);
        }
        for task in tasks {
            task.abort();
        }
    }

    /// Why the session ended, if it has.
    pub fn death(&self) -> Option<Death> {
        self.lock().dead.clone()
    }

    /// Commands sent and not yet finished.
    pub fn in_flight(&self) -> usize {
        self.lock().pending.len()
    }

    /// Time since the router last sent anything.
    pub fn idle_for(&self) -> Duration {
        let now = self.born.elapsed();
        now.saturating_sub(Duration::from_millis(
            self.last_heard_ms.load(Ordering::Relaxed),
        ))
    }

    fn touch(&self) {
        let ms = u64::try_from(self.born.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_heard_ms.store(ms, Ordering::Relaxed);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // No code panics while holding the lock; if some did, the map is still coherent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn fresh_tag(&self) -> String {
        self.next_tag.fetch_add(1, Ordering::Relaxed).to_string()
    }

    fn register(&self, sink: Sink, profile: Option<&str>) -> Result<String, RouterError> {
        let tag = self.fresh_tag();
        let mut state = self.lock();
        // Checked under the same lock `kill` takes, so no command can slip in after the
        // pending map was drained and then wait forever.
        if let Some(death) = &state.dead {
            return Err(death.for_new());
        }
        let pending = Pending::new(sink, profile.map(str::to_owned));
        state.pending.insert(tag.clone(), pending);
        Ok(tag)
    }

    /// Forgets a pending command; true if it was still pending.
    fn unregister(&self, tag: &str) -> bool {
        self.lock().pending.remove(tag).is_some()
    }

    async fn send(&self, sentence: Vec<u8>) -> Result<(), RouterError> {
        self.outbox.send(sentence).await.map_err(|_| {
            self.death()
                .map(|d| d.for_new())
                .unwrap_or_else(|| RouterError::Unreachable("session closed".into()))
        })
    }

    /// `/cancel =tag=<tag>` under a tag of its own that nobody waits for: its `!done` is
    /// dropped like any reply to an unknown tag.
    fn cancel_sentence(&self, tag: &str) -> Vec<u8> {
        Command::new("/cancel")
            .attr("tag", tag)
            .encode(&self.fresh_tag())
    }

    /// Decodes every complete sentence received so far and routes it.
    fn drain(&self, decoder: &mut Decoder) -> Result<(), Death> {
        loop {
            match decoder.next_sentence() {
                Ok(Some(words)) => self.dispatch(&words)?,
                Ok(None) => return Ok(()),
                Err(e) => return Err(Death::Lost(format!("protocol error: {e}"))),
            }
        }
    }

    fn dispatch(&self, words: &[Vec<u8>]) -> Result<(), Death> {
        let reply = Sentence::parse(words);
        if reply.command == "!fatal" {
            let reason = reply.get("message").unwrap_or("no reason given");
            return Err(Death::Fatal(reason.to_owned()));
        }
        let Some(tag) = reply.tag.as_deref() else {
            tracing::debug!(reply = %reply.command, "untagged reply ignored");
            return Ok(());
        };
        let mut state = self.lock();
        // Replies to a timed-out or cancelled command, or to a `/cancel`, find nobody.
        let Some(pending) = state.pending.get_mut(tag) else {
            return Ok(());
        };
        match reply.command.as_str() {
            "!re" => pending.row(&reply),
            "!trap" => pending.trap(&reply),
            "!empty" => {}
            "!done" => {
                if let Some(pending) = state.pending.remove(tag) {
                    drop(state);
                    pending.finish(&reply);
                }
            }
            other => tracing::warn!(reply = other, "unknown reply word ignored"),
        }
        Ok(())
    }
}

impl Drop for Mux {
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(PoisonError::into_inner);
        for task in state.tasks.drain(..) {
            task.abort();
        }
    }
}

/// A command between registration and completion. Dropping it before `!done` (timeout,
/// or a caller that stopped waiting) forgets the command and asks the router to stop it.
struct Inflight<'a> {
    mux: &'a Mux,
    tag: &'a str,
}

impl Drop for Inflight<'_> {
    fn drop(&mut self) {
        if self.mux.unregister(self.tag) {
            // Best effort: if the queue is full the session is stuck anyway, and the
            // keepalive will find out.
            let _ = self.mux.outbox.try_send(self.mux.cancel_sentence(self.tag));
        }
    }
}

async fn read_loop(weak: Weak<Mux>, mut read: ReadHalf<Box<dyn Io>>) {
    let mut decoder = Decoder::new(MAX_WORD);
    let mut buf = vec![0u8; 64 << 10];
    let death = loop {
        let n = match read.read(&mut buf).await {
            Ok(0) => break Death::Lost("router closed the connection".into()),
            Ok(n) => n,
            Err(e) => break Death::Lost(format!("read failed: {e}")),
        };
        let Some(mux) = weak.upgrade() else { return };
        mux.touch();
        decoder.feed(buf.get(..n).unwrap_or_default());
        if let Err(death) = mux.drain(&mut decoder) {
            break death;
        }
    };
    if let Some(mux) = weak.upgrade() {
        mux.kill(death);
    }
}

async fn write_loop(
    weak: Weak<Mux>,
    mut queued: mpsc::Receiver<Vec<u8>>,
    mut write: WriteHalf<Box<dyn Io>>,
) {
    while let Some(mut batch) = queued.recv().await {
        while batch.len() < WRITE_BATCH {
            match queued.try_recv() {
                Ok(more) => batch.extend_from_slice(&more),
                Err(_) => break,
            }
        }
        let written = async {
            write.write_all(&batch).await?;
            write.flush().await
        }
        .await;
        if let Err(e) = written {
            if let Some(mux) = weak.upgrade() {
                mux.kill(Death::Lost(format!("write failed: {e}")));
            }
            return;
        }
    }
}
