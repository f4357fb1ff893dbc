//! Errors that make a byte stream undecodable; a peer cannot resynchronise after either.

/// Why the decoder refuses a stream. Both are fatal for the connection: RouterOS says a
/// peer "cannot proceed" past an unknown control byte, and there is no framing to skip to.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProtoError {
    /// A first length byte in the reserved range (`0xF8`–`0xFF`), or the undefined
    /// `0xF1`–`0xF7` which no encoder produces either.
    #[error("reserved control byte {0:#04x}")]
    ControlByte(u8),
    /// A word longer than the decoder's configured limit; refused before buffering it.
    #[error("word of {0} bytes exceeds the limit")]
    TooLong(usize),
}
