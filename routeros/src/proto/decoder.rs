//! Incremental sentence decoder: bytes arrive in arbitrary chunks, sentences come out.

use super::ProtoError;
use super::length::decode_length;

/// Incremental decoder: feed bytes as they arrive; never panics on any input.
///
/// Words of a sentence are collected as they complete, so a long sentence arriving in
/// many small reads is scanned once, not once per read.
#[derive(Debug)]
pub struct Decoder {
    buf: Vec<u8>,
    /// Start of the first byte not yet consumed into `words`.
    pos: usize,
    /// Completed words of the sentence in progress.
    words: Vec<Vec<u8>>,
    max_word: usize,
}

impl Decoder {
    /// A decoder refusing words longer than `max_word` bytes, so a hostile or corrupt
    /// length prefix cannot make it buffer gigabytes.
    pub fn new(max_word: usize) -> Self {
        Decoder {
            buf: Vec::new(),
            pos: 0,
            words: Vec::new(),
            max_word,
        }
    }

    /// Appends received bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        // Dropping consumed bytes here, once per read, keeps a burst of pipelined
        // sentences from being shifted once per sentence.
        self.compact();
        self.buf.extend_from_slice(bytes);
    }

    /// A complete sentence (without the empty terminator), or None if more bytes are needed.
    ///
    /// Empty sentences (a lone terminator) are skipped, as RouterOS ignores them. An error
    /// leaves the stream position where it was, so every later call reports it again.
    pub fn next_sentence(&mut self) -> Result<Option<Vec<Vec<u8>>>, ProtoError> {
        loop {
            let rest = self.buf.get(self.pos..).unwrap_or_default();
            let Some((len, prefix)) = decode_length(rest)? else {
                return Ok(None);
            };
            if len > self.max_word {
                return Err(ProtoError::TooLong(len));
            }
            if len == 0 {
                self.pos += prefix;
                if self.words.is_empty() {
                    continue;
                }
                return Ok(Some(std::mem::take(&mut self.words)));
            }
            let Some(word) = rest.get(prefix..prefix.saturating_add(len)) else {
                return Ok(None);
            };
            self.words.push(word.to_vec());
            self.pos += prefix + len;
        }
    }

    /// Drops consumed bytes so the buffer does not grow for the life of a connection.
    fn compact(&mut self) {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
    }
}
