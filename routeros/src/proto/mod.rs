//! The RouterOS API wire format (routeros.md §1.2–§1.3): word lengths, words, sentences.
//!
//! Pure and synchronous so that both the client and the simulator share one codec and it
//! can be property-tested without sockets.

mod decoder;
mod error;
mod length;
mod sentence;

pub use decoder::Decoder;
pub use error::ProtoError;
pub use length::{encode_length, encode_sentence, encode_word};
pub use sentence::Sentence;

#[cfg(test)]
mod tests;
