//! Length prefixes (all five forms of routeros.md §1.2) and word/sentence encoding.

use super::ProtoError;

/// Appends the minimal length prefix for `len`; RouterOS peers are only guaranteed to
/// understand minimal prefixes, so the encoder never emits any other.
pub fn encode_length(len: usize, out: &mut Vec<u8>) {
    // Lengths beyond u32 cannot be expressed at all; saturate instead of wrapping so a
    // bogus caller produces a detectable oversize word rather than a corrupt stream.
    let n = u32::try_from(len).unwrap_or(u32::MAX);
    let b = n.to_be_bytes();
    match n {
        0..=0x7F => out.push(b[3]),
        0x80..=0x3FFF => out.extend_from_slice(&(n | 0x8000).to_be_bytes()[2..]),
        0x4000..=0x1F_FFFF => out.extend_from_slice(&(n | 0xC0_0000).to_be_bytes()[1..]),
        0x20_0000..=0x0FFF_FFFF => out.extend_from_slice(&(n | 0xE000_0000).to_be_bytes()),
        _ => {
            out.push(0xF0);
            out.extend_from_slice(&b);
        }
    }
}

/// Appends one word: its length prefix, then its bytes.
pub fn encode_word(word: &[u8], out: &mut Vec<u8>) {
    encode_length(word.len(), out);
    out.extend_from_slice(word);
}

/// Encodes a whole sentence including the empty terminating word.
pub fn encode_sentence<W: AsRef<[u8]>>(words: &[W]) -> Vec<u8> {
    let mut out = Vec::with_capacity(words.iter().map(|w| w.as_ref().len() + 2).sum::<usize>() + 1);
    for word in words {
        encode_word(word.as_ref(), &mut out);
    }
    out.push(0);
    out
}

/// Decodes a length prefix at the start of `buf`.
///
/// Returns `(length, prefix size)`, or `None` when the prefix is incomplete. Non-minimal
/// prefixes (`80 05` for 5) are accepted: RouterOS's own behaviour is unverified, and
/// being liberal on input costs nothing here.
pub(crate) fn decode_length(buf: &[u8]) -> Result<Option<(usize, usize)>, ProtoError> {
    let Some(&first) = buf.first() else {
        return Ok(None);
    };
    let (extra, high) = match first {
        0x00..=0x7F => (0, u32::from(first)),
        0x80..=0xBF => (1, u32::from(first & 0x3F)),
        0xC0..=0xDF => (2, u32::from(first & 0x1F)),
        0xE0..=0xEF => (3, u32::from(first & 0x0F)),
        0xF0 => (4, 0),
        _ => return Err(ProtoError::ControlByte(first)),
    };
    let Some(rest) = buf.get(1..=extra) else {
        return Ok(None);
    };
    let len = rest.iter().fold(high, |acc, &b| (acc << 8) | u32::from(b));
    let len = usize::try_from(len).map_err(|_| ProtoError::TooLong(usize::MAX))?;
    Ok(Some((len, 1 + extra)))
}
