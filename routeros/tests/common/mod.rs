//! A bare RouterOS API peer over raw TCP, built only on the codec, for simulator tests.

// Each test binary uses a different part of this helper; a test peer panics on anything
// unexpected, which is how it fails the test that uses it.
#![allow(dead_code, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::Duration;

use tagih_routeros::proto::{Decoder, Sentence, encode_sentence};
use tagih_routeros::sim::{SimConfig, SimHandle, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const WAIT: Duration = Duration::from_secs(5);

pub struct Peer {
    pub stream: TcpStream,
    decoder: Decoder,
}

impl Peer {
    pub async fn connect(addr: SocketAddr) -> Peer {
        let stream = TcpStream::connect(addr).await.expect("connect");
        Peer {
            stream,
            decoder: Decoder::new(1 << 20),
        }
    }

    pub async fn logged_in(sim: &SimHandle) -> Peer {
        let mut peer = Peer::connect(sim.addr()).await;
        peer.send(&["/login", "=name=admin", "=password=secret"])
            .await;
        let reply = peer.read().await;
        assert_eq!(reply.command, "!done", "login failed: {reply:?}");
        peer
    }

    pub async fn send(&mut self, words: &[&str]) {
        self.stream
            .write_all(&encode_sentence(words))
            .await
            .expect("write");
    }

    /// The next sentence, or `None` when the server closed the connection.
    pub async fn try_read(&mut self) -> Option<Sentence> {
        let mut buf = [0u8; 4096];
        loop {
            if let Some(words) = self.decoder.next_sentence().expect("decodable reply") {
                return Some(Sentence::parse(&words));
            }
            let n = tokio::time::timeout(WAIT, self.stream.read(&mut buf))
                .await
                .expect("reply in time")
                .ok()?;
            if n == 0 {
                return None;
            }
            self.decoder.feed(&buf[..n]);
        }
    }

    pub async fn read(&mut self) -> Sentence {
        self.try_read().await.expect("connection open")
    }

    /// Sentences up to and including the next `!done`.
    pub async fn until_done(&mut self) -> Vec<Sentence> {
        let mut out = Vec::new();
        loop {
            let s = self.read().await;
            let done = s.command == "!done";
            out.push(s);
            if done {
                return out;
            }
        }
    }

    /// Sends a command and returns its reply sentences.
    pub async fn call(&mut self, words: &[&str]) -> Vec<Sentence> {
        self.send(words).await;
        self.until_done().await
    }
}

pub fn config() -> SimConfig {
    SimConfig {
        password: "secret".to_owned(),
        ..SimConfig::default()
    }
}

pub async fn sim(config: SimConfig) -> SimHandle {
    start(config).await.expect("simulator starts")
}

pub fn commands(reply: &[Sentence]) -> Vec<&str> {
    reply.iter().map(|s| s.command.as_str()).collect()
}
