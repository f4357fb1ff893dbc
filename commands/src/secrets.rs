//! Secrets at rest (router passwords, plugin secrets): AES-256-GCM with a random nonce,
//! stored as base64(nonce ‖ ciphertext).

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    #[error("encryption key must be 32 bytes, base64-encoded")]
    BadKey,
    #[error("secret cannot be decrypted (wrong key or tampered)")]
    Undecryptable,
}

#[derive(Clone)]
pub struct SecretBox {
    cipher: Aes256Gcm,
}

impl SecretBox {
    pub fn from_base64_key(key_b64: &str) -> Result<Self, SecretError> {
        let key = STANDARD
            .decode(key_b64.trim())
            .map_err(|_| SecretError::BadKey)?;
        if key.len() != 32 {
            return Err(SecretError::BadKey);
        }
        Ok(Self {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key)),
        })
    }

    /// A fresh random key, base64-encoded (for `./data/secret.key` in development).
    pub fn generate_key() -> String {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        STANDARD.encode(key)
    }

    pub fn seal(&self, plain: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        // Encryption with a valid key and a 12-byte nonce cannot fail for in-memory input.
        let ct = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        STANDARD.encode(out)
    }

    pub fn open(&self, sealed: &str) -> Result<String, SecretError> {
        let raw = STANDARD
            .decode(sealed)
            .map_err(|_| SecretError::Undecryptable)?;
        if raw.len() < 12 {
            return Err(SecretError::Undecryptable);
        }
        let (nonce, ct) = raw.split_at(12);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), ct)
            .map_err(|_| SecretError::Undecryptable)?;
        String::from_utf8(plain).map_err(|_| SecretError::Undecryptable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_the_same_key() {
        let a = SecretBox::from_base64_key(&SecretBox::generate_key()).unwrap();
        let b = SecretBox::from_base64_key(&SecretBox::generate_key()).unwrap();
        let sealed = a.seal("router-pass");
        assert_ne!(sealed, a.seal("router-pass"), "nonces must differ");
        assert_eq!(a.open(&sealed).unwrap(), "router-pass");
        assert_eq!(b.open(&sealed), Err(SecretError::Undecryptable));
        assert_eq!(a.open("!!"), Err(SecretError::Undecryptable));
    }

    #[test]
    fn keys_must_be_32_bytes() {
        assert!(SecretBox::from_base64_key("c2hvcnQ=").is_err());
    }
}
