//! Whatever bytes a router sends, the client never panics and never hangs: a pending call
//! always ends, with a reply or an error.

use std::time::Duration;

use tokio::io::AsyncWriteExt;

use super::command::Command;
use super::error::RouterError;
use super::mux::Mux;
use crate::proto::encode_sentence;

/// xorshift64*: deterministic, so a failing case can be replayed by its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = self.below(max + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const REPLIES: &[&str] = &[
    "!re", "!done", "!trap", "!empty", "!fatal", "!bogus", "", "/x",
];
const WORDS: &[&str] = &[
    ".tag=1",
    ".tag=2",
    ".tag=",
    "=message=no such item",
    "=message=",
    "=category=x",
    "=category=999",
    "=ret=*1",
    "=",
    "==",
    "?q",
    "bare",
];

/// One sentence-shaped reply, mostly well-formed words in a random order.
fn sentence(rng: &mut Rng) -> Vec<u8> {
    let mut words: Vec<Vec<u8>> = vec![rng.pick(REPLIES).as_bytes().to_vec()];
    for _ in 0..rng.below(5) {
        if rng.below(4) == 0 {
            words.push(rng.bytes(12));
        } else {
            words.push(rng.pick(WORDS).as_bytes().to_vec());
        }
    }
    encode_sentence(&words)
}

/// A plausible reply to tag 1: rows, traps, `!empty`, then `!done`, all well-formed.
fn plausible(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..rng.below(4) {
        let word = rng.pick(&["!re", "!trap", "!empty", "!re"]);
        let attr = rng.pick(&["=name=v1", "=message=no such item", "=category=1", "=a=b=c"]);
        out.extend(encode_sentence(&[word, attr, ".tag=1"]));
    }
    out.extend(encode_sentence(&["!done", ".tag=1"]));
    out
}

/// A reply stream: plausible replies, random sentences, raw noise, over-long length
/// prefixes, then perhaps a truncation or a flipped bit.
fn reply_stream(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..rng.below(6) {
        match rng.below(6) {
            0 => out.extend(rng.bytes(40)),
            // A length prefix promising more than the client accepts.
            1 => out.extend([0xF0, 0x7F, 0xFF, 0xFF, 0xFF]),
            2 | 3 => out.extend(plausible(rng)),
            _ => out.extend(sentence(rng)),
        }
    }
    if !out.is_empty() && rng.below(4) == 0 {
        let cut = rng.below(out.len());
        out.truncate(cut);
    }
    if !out.is_empty() && rng.below(4) == 0 {
        let at = rng.below(out.len());
        out[at] ^= 1 << rng.below(8);
    }
    out
}

#[tokio::test]
async fn arbitrary_reply_bytes_end_the_call_without_panic_or_hang() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut outcomes = std::collections::BTreeMap::<&str, usize>::new();
    for case in 0..600 {
        let bytes = reply_stream(&mut rng);
        let (client, server) = tokio::io::duplex(1 << 16);
        let mux = Mux::start(Box::new(client), 4);
        let call = tokio::spawn({
            let mux = mux.clone();
            async move { mux.call(&Command::new("/x"), Duration::from_secs(5)).await }
        });
        // Let the call register as tag 1 before the reply bytes arrive.
        tokio::task::yield_now().await;
        let (_keep_reading_side, mut write) = tokio::io::split(server);
        write.write_all(&bytes).await.unwrap();
        write.shutdown().await.unwrap();
        let result = call
            .await
            .unwrap_or_else(|e| panic!("case {case} panicked: {e}"));
        assert!(
            !matches!(result, Err(RouterError::Timeout)),
            "case {case}: the reader stalled on {bytes:02x?}"
        );
        assert_eq!(mux.in_flight(), 0, "case {case}");
        *outcomes.entry(outcome(&result)).or_default() += 1;
    }
    // The generator must reach every way a call can end, or it proves little.
    for kind in ["ok", "fatal", "lost", "trap"] {
        assert!(
            outcomes.contains_key(kind),
            "no {kind:?} case in {outcomes:?}"
        );
    }
}

fn outcome(result: &Result<Vec<super::Record>, RouterError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(RouterError::Fatal(_)) => "fatal",
        Err(RouterError::ConnectionLost(_)) => "lost",
        Err(_) => "trap",
    }
}
