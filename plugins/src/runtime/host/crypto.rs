//! Hashes, HMACs, base64 and constant-time comparison for gateway signatures.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use md5::Md5;
use rhai::{Engine, EvalAltResult};
use sha2::{Digest, Sha256, Sha512};
use subtle::ConstantTimeEq;

type HostResult<T> = Result<T, Box<EvalAltResult>>;

pub(super) fn register(engine: &mut Engine) {
    engine.register_fn("md5", |s: &str| hex::encode(Md5::digest(s.as_bytes())));
    engine.register_fn("sha256", |s: &str| {
        hex::encode(Sha256::digest(s.as_bytes()))
    });
    engine.register_fn("sha512", |s: &str| {
        hex::encode(Sha512::digest(s.as_bytes()))
    });
    engine.register_fn(
        "hmac_sha256",
        |key: &str, msg: &str| -> HostResult<String> { Ok(hex::encode(hmac_sha256(key, msg)?)) },
    );
    engine.register_fn(
        "hmac_sha512",
        |key: &str, msg: &str| -> HostResult<String> { Ok(hex::encode(hmac_sha512(key, msg)?)) },
    );
    engine.register_fn(
        "hmac_sha256_base64",
        |key: &str, msg: &str| -> HostResult<String> {
            Ok(STANDARD.encode(hmac_sha256(key, msg)?))
        },
    );
    engine.register_fn(
        "hmac_sha512_base64",
        |key: &str, msg: &str| -> HostResult<String> {
            Ok(STANDARD.encode(hmac_sha512(key, msg)?))
        },
    );
    engine.register_fn("base64_encode", |s: &str| STANDARD.encode(s.as_bytes()));
    engine.register_fn("base64_decode", base64_decode);
    engine.register_fn("constant_time_eq", constant_time_eq);
    engine.register_fn("constant_time_eq_hex", |a: &str, b: &str| {
        // Hex digests are compared case-insensitively: gateways differ in the case they send.
        constant_time_eq(&a.to_ascii_lowercase(), &b.to_ascii_lowercase())
    });
}

pub(crate) fn hmac_sha256(key: &str, msg: &str) -> HostResult<Vec<u8>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).map_err(|e| e.to_string())?;
    mac.update(msg.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

pub(crate) fn hmac_sha512(key: &str, msg: &str) -> HostResult<Vec<u8>> {
    let mut mac = Hmac::<Sha512>::new_from_slice(key.as_bytes()).map_err(|e| e.to_string())?;
    mac.update(msg.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

fn base64_decode(s: &str) -> HostResult<String> {
    let bytes = STANDARD
        .decode(s.trim())
        .map_err(|e| format!("base64_decode: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "base64_decode: the data is not utf-8 text".into())
}

/// Time depends only on the lengths, never on where the first difference is.
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_the_tripay_docs_vector_t1() {
        let sig = hmac_sha256("ytf6ooi2gmlNPfpchd94jDOk8hRWOu", "T0001INV555671500000").unwrap();
        assert_eq!(
            hex::encode(sig),
            "9f167eba844d1fcb369404e2bda53702e2f78f7aa12e91da6715414e65b8c86a"
        );
    }

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert!(!constant_time_eq("", "a"));
    }

    #[test]
    fn base64_decode_refuses_garbage() {
        assert!(base64_decode("!!!").is_err());
        assert_eq!(base64_decode("aGk=").unwrap(), "hi");
    }
}
