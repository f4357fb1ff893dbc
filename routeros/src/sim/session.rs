//! One API connection: decoding sentences, login, tags, `listen` streams, `/cancel`,
//! `/quit`, and the writer that delays every reply by the configured latency. Replies wait
//! for the writer in a bounded queue: a session whose client stops reading is closed.

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::Instant;

use crate::proto::{Decoder, Sentence, encode_sentence};

use super::exec::ListenSpec;
use super::login::Login;
use super::query::selects;
use super::reply::{Reply, Trap, encode_tagged, re_words};
use super::router::{Change, Outcome, Router};
use super::server::Mode;

/// Large enough for any script source a client might store; bigger means a broken peer.
const MAX_WORD: usize = 16 * 1024 * 1024;

/// Bytes to write once `due`; `close` ends the connection after them (`!fatal`).
struct Out {
    due: Instant,
    bytes: Vec<u8>,
    close: bool,
}

struct Listening {
    tag: Option<String>,
    spec: ListenSpec,
    from: u64,
}

struct Conn {
    router: Arc<Router>,
    out: mpsc::Sender<Out>,
    decoder: Decoder,
    login: Login,
    listens: Vec<Listening>,
    feed: Option<broadcast::Receiver<Change>>,
    /// Set once nothing more may be read: after `!fatal` or a framing error.
    ending: Option<Ending>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Let the writer send what is queued (a `!fatal`), then close.
    Flush,
    /// Close at once (undecodable input).
    Abort,
}

/// Serves one connection until the peer leaves, `!fatal`, or the router goes offline.
pub(crate) async fn serve<S>(stream: S, router: Arc<Router>, mut mode: watch::Receiver<Mode>)
where
    S: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    if *mode.borrow_and_update() != Mode::Online {
        return;
    }
    let (mut reader, writer) = tokio::io::split(stream);
    let (out, queue) = mpsc::channel(router.config.session_queue.max(1));
    let writer = tokio::spawn(write_loop(writer, queue));
    let login = Login::new();
    let mut conn = Conn {
        router,
        out,
        decoder: Decoder::new(MAX_WORD),
        login,
        listens: Vec::new(),
        feed: None,
        ending: None,
    };
    let mut buf = vec![0u8; 64 * 1024];
    while conn.ending.is_none() {
        tokio::select! {
            read = reader.read(&mut buf) => match read {
                Ok(0) | Err(_) => conn.ending = Some(Ending::Abort),
                Ok(n) => conn.on_bytes(buf.get(..n).unwrap_or_default()),
            },
            change = next_change(&mut conn.feed) => conn.on_change(change),
            changed = mode.changed() => if changed.is_err() || *mode.borrow() != Mode::Online {
                conn.ending = Some(Ending::Abort);
            },
        }
    }
    let ending = conn.ending;
    drop(conn);
    if ending == Some(Ending::Flush) {
        let _ = writer.await;
    } else {
        writer.abort();
    }
}

async fn next_change(
    feed: &mut Option<broadcast::Receiver<Change>>,
) -> Result<Change, broadcast::error::RecvError> {
    match feed {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

async fn write_loop<W: AsyncWrite + Unpin>(mut writer: W, mut queue: mpsc::Receiver<Out>) {
    let mut held: Option<Out> = None;
    loop {
        let first = match held.take() {
            Some(out) => out,
            None => match queue.recv().await {
                Some(out) => out,
                None => return,
            },
        };
        // A timer rounds up to the next millisecond tick, which would add a millisecond
        // to every reply when there is no latency to wait for.
        if first.due > Instant::now() {
            tokio::time::sleep_until(first.due).await;
        }
        let (bytes, close) = gather(first, &mut queue, &mut held);
        if writer.write_all(&bytes).await.is_err() || writer.flush().await.is_err() {
            return;
        }
        if close {
            let _ = writer.shutdown().await;
            return;
        }
    }
}

/// Joins `first` with the replies already due behind it, so a burst of pipelined
/// replies costs one write rather than one per reply; a reply not yet due is `held`.
fn gather(first: Out, queue: &mut mpsc::Receiver<Out>, held: &mut Option<Out>) -> (Vec<u8>, bool) {
    let (mut bytes, mut close) = (first.bytes, first.close);
    while !close {
        match queue.try_recv() {
            Ok(out) if out.due <= Instant::now() => {
                bytes.extend(out.bytes);
                close = out.close;
            }
            Ok(out) => {
                *held = Some(out);
                break;
            }
            Err(_) => break,
        }
    }
    (bytes, close)
}

impl Conn {
    fn on_bytes(&mut self, bytes: &[u8]) {
        self.decoder.feed(bytes);
        while self.ending.is_none() {
            match self.decoder.next_sentence() {
                Ok(Some(words)) => self.on_sentence(&Sentence::parse(&words)),
                Ok(None) => return,
                Err(error) => {
                    tracing::debug!(%error, "routeros-sim: closing a connection on undecodable input");
                    self.ending = Some(Ending::Abort);
                }
            }
        }
    }

    fn on_sentence(&mut self, sentence: &Sentence) {
        // An empty tag means no tag (routeros.md §1.11.3).
        let tag = sentence.tag.clone().filter(|t| !t.is_empty());
        match sentence.command.as_str() {
            "/login" => {
                let reply = self.login.attempt(&self.router, sentence);
                self.send(reply.encode(tag.as_deref()));
            }
            "/quit" => self.fatal("session terminated on request"),
            _ if !self.login.done() => self.fatal("not logged in"),
            "/cancel" => self.cancel(sentence, tag),
            _ => match self.router.execute(sentence) {
                Outcome::Reply(reply) => self.send(reply.encode(tag.as_deref())),
                Outcome::Listen { spec, feed, from } => self.listen(tag, spec, feed, from),
            },
        }
    }

    fn send(&mut self, bytes: Vec<u8>) {
        self.queue(bytes, false);
    }

    /// Hands bytes to the writer. A full queue means the client has stopped reading
    /// (`SimConfig::session_queue` replies wait already): the session is closed at once
    /// and counted, instead of buffering without end.
    fn queue(&mut self, bytes: Vec<u8>, close: bool) {
        let due = Instant::now() + self.router.latency();
        match self.out.try_send(Out { due, bytes, close }) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.router
                    .overflows
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                tracing::warn!(
                    queued = self.router.config.session_queue,
                    "routeros-sim: a client stopped reading its replies; closing its session"
                );
                self.ending = Some(Ending::Abort);
            }
            // The writer only stops when the connection is going away anyway.
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }

    /// `!fatal` carries a bare reason word and never a tag; the router then hangs up.
    fn fatal(&mut self, reason: &str) {
        self.queue(encode_sentence(&["!fatal", reason]), true);
        // Unless the queue was full and the session is being closed already.
        self.ending.get_or_insert(Ending::Flush);
    }

    fn listen(
        &mut self,
        tag: Option<String>,
        spec: ListenSpec,
        feed: broadcast::Receiver<Change>,
        from: u64,
    ) {
        let mut bytes = Vec::new();
        for row in &spec.initial {
            bytes.extend(encode_tagged(re_words(row), tag.as_deref()));
        }
        if !bytes.is_empty() {
            self.send(bytes);
        }
        if self.feed.is_none() {
            self.feed = Some(feed);
        }
        self.listens.push(Listening { tag, spec, from });
    }

    fn on_change(&mut self, change: Result<Change, broadcast::error::RecvError>) {
        let change = match change {
            Ok(change) => change,
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                tracing::warn!(
                    missed,
                    "routeros-sim: a listen fell behind and lost changes"
                );
                return;
            }
            Err(broadcast::error::RecvError::Closed) => {
                self.feed = None;
                return;
            }
        };
        let mut bytes = Vec::new();
        for listening in self
            .listens
            .iter()
            .filter(|l| l.spec.menu == change.menu && change.seq >= l.from)
        {
            let dead = change.row.contains_key(".dead");
            if dead || selects(&listening.spec.queries, &change.row) {
                let row =
                    super::exec::project(change.row.clone(), listening.spec.proplist.as_deref());
                bytes.extend(encode_tagged(re_words(&row), listening.tag.as_deref()));
            }
        }
        if !bytes.is_empty() {
            self.send(bytes);
        }
    }

    /// `/cancel [=tag=T]`: the cancelled command gets `!trap interrupted` and its own
    /// `!done`, around the `/cancel`'s `!done`, in the order of the doc's transcript.
    fn cancel(&mut self, sentence: &Sentence, tag: Option<String>) {
        let target = sentence.get("tag");
        let (cancelled, kept): (Vec<Listening>, Vec<Listening>) = std::mem::take(&mut self.listens)
            .into_iter()
            .partition(|l| target.is_none() || l.tag.as_deref() == target);
        self.listens = kept;
        let interrupted = Trap {
            message: "interrupted".to_owned(),
            category: Some(2),
        };
        let mut bytes = Vec::new();
        for listening in &cancelled {
            bytes.extend(encode_tagged(interrupted.words(), listening.tag.as_deref()));
        }
        bytes.extend(Reply::done().encode(tag.as_deref()));
        for listening in &cancelled {
            bytes.extend(Reply::done().encode(listening.tag.as_deref()));
        }
        self.send(bytes);
        if self.listens.is_empty() {
            self.feed = None;
        }
    }
}
