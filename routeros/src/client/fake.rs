//! A scripted stand-in for a router, for the client's unit tests: each test decides, per
//! received sentence, which bytes go back. The real simulator (`crate::sim`) is for
//! behaviour; this is for wire situations a faithful router would rarely produce
//! (replies out of order, garbage, silence).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

use super::config::RouterConfig;
use crate::proto::{Decoder, Sentence, encode_sentence};

/// What the fake does in answer to a sentence.
pub(crate) enum Out {
    Send(Vec<u8>),
    Close,
}

/// Per-connection script: sentence in, actions out.
pub(crate) type Handler = Box<dyn FnMut(&Sentence) -> Vec<Out> + Send>;

pub(crate) const PASSWORD: &str = "secret";

/// A listening fake router. Dropping it closes the listener and every session.
pub(crate) struct Fake {
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<Sentence>>>,
    task: JoinHandle<()>,
}

impl Fake {
    pub async fn start(make: impl Fn() -> Handler + Send + Sync + 'static) -> Fake {
        Fake::start_on(0, make, None).await
    }

    /// On a given port (0 = any), optionally behind TLS.
    pub async fn start_on(
        port: u16,
        make: impl Fn() -> Handler + Send + Sync + 'static,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> Fake {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn(accept_loop(listener, make, tls, log.clone()));
        Fake { addr, log, task }
    }

    /// A client configuration for this fake with short timeouts and no keepalive.
    pub fn config(&self) -> RouterConfig {
        let mut config =
            RouterConfig::new("127.0.0.1", "admin", PASSWORD).with_port(self.addr.port());
        config.connect_timeout = Duration::from_secs(2);
        config.command_timeout = Duration::from_secs(2);
        config.keepalive_idle = Duration::ZERO;
        config
    }

    /// Every sentence received so far, across sessions.
    pub fn received(&self) -> Vec<Sentence> {
        self.log.lock().unwrap().clone()
    }

    /// Received sentences whose command is `command`.
    pub fn received_of(&self, command: &str) -> Vec<Sentence> {
        self.received()
            .into_iter()
            .filter(|s| s.command == command)
            .collect()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept_loop(
    listener: TcpListener,
    make: impl Fn() -> Handler,
    tls: Option<Arc<rustls::ServerConfig>>,
    log: Arc<Mutex<Vec<Sentence>>>,
) {
    // Owned here so that aborting this task also ends every session.
    let mut sessions = JoinSet::new();
    while let Ok((tcp, _)) = listener.accept().await {
        let handler = make();
        let log = log.clone();
        match &tls {
            None => sessions.spawn(serve(tcp, handler, log)),
            Some(config) => {
                let acceptor = tokio_rustls::TlsAcceptor::from(config.clone());
                sessions.spawn(async move {
                    if let Ok(stream) = acceptor.accept(tcp).await {
                        serve(stream, handler, log).await;
                    }
                })
            }
        };
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut io: S,
    mut handler: Handler,
    log: Arc<Mutex<Vec<Sentence>>>,
) {
    let mut decoder = Decoder::new(1 << 20);
    let mut buf = vec![0u8; 16 << 10];
    loop {
        let n = match io.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        decoder.feed(&buf[..n]);
        while let Ok(Some(words)) = decoder.next_sentence() {
            let sentence = Sentence::parse(&words);
            log.lock().unwrap().push(sentence.clone());
            for out in handler(&sentence) {
                match out {
                    Out::Send(bytes) => {
                        if io.write_all(&bytes).await.is_err() {
                            return;
                        }
                    }
                    Out::Close => return,
                }
            }
        }
    }
}

/// A reply sentence: `word`, `=k=v`…, `.tag=` of `to` if it had one.
pub(crate) fn reply(word: &str, attrs: &[(&str, &str)], to: &Sentence) -> Out {
    let mut words = vec![word.to_owned()];
    words.extend(attrs.iter().map(|(k, v)| format!("={k}={v}")));
    if let Some(tag) = &to.tag {
        words.push(format!(".tag={tag}"));
    }
    Out::Send(encode_sentence(&words))
}

pub(crate) fn done(to: &Sentence) -> Out {
    reply("!done", &[], to)
}

pub(crate) fn trap(message: &str, to: &Sentence) -> Vec<Out> {
    vec![reply("!trap", &[("message", message)], to), done(to)]
}

/// What every fake does unless a test says otherwise: plain login with [`PASSWORD`],
/// `/system/identity/print`, and `/cancel` as in the doc's transcript.
pub(crate) fn standard(sentence: &Sentence) -> Option<Vec<Out>> {
    match sentence.command.as_str() {
        "/login" if sentence.get("password") == Some(PASSWORD) => Some(vec![done(sentence)]),
        "/login" => Some(trap("invalid user name or password (6)", sentence)),
        "/system/identity/print" => Some(vec![
            reply("!re", &[("name", "fake")], sentence),
            done(sentence),
        ]),
        "/cancel" => {
            let target = Sentence {
                tag: sentence.get("tag").map(str::to_owned),
                ..Sentence::default()
            };
            let mut out = vec![reply(
                "!trap",
                &[("category", "2"), ("message", "interrupted")],
                &target,
            )];
            out.push(done(sentence));
            out.push(done(&target));
            Some(out)
        }
        _ => None,
    }
}

/// A handler that answers only the standard commands and ignores everything else.
pub(crate) fn silent() -> Handler {
    Box::new(|s| standard(s).unwrap_or_default())
}
