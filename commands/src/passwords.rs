//! Admin password policy and argon2id hashing (off the async threads: hashing is slow on
//! purpose).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::rngs::OsRng;

use crate::error::CommandError;

pub fn check_policy(password: &str) -> Result<(), CommandError> {
    let n = password.chars().count();
    if !(8..=128).contains(&n) {
        return Err(CommandError::invalid("password must be 8-128 characters"));
    }
    Ok(())
}

fn argon2() -> Argon2<'static> {
    // OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub async fn hash(password: &str) -> Result<String, CommandError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| CommandError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| CommandError::Internal(e.to_string()))?
}

/// Constant-time verification; a malformed stored hash simply fails.
pub async fn verify(hash: &str, password: &str) -> bool {
    let (hash, password) = (hash.to_string(), password.to_string());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// A valid hash of nothing in particular: verifying against it keeps unknown-user logins as
/// slow as wrong-password logins, so timing does not reveal which usernames exist.
pub const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$ZGVjb3lzYWx0ZGVjb3k$JkxfYBCsgbTsePVjRLZxGgJrPh/yF6ogqA2gtaqHrXY";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let h = hash("correct horse").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "correct horse").await);
        assert!(!verify(&h, "wrong horse").await);
        assert!(!verify("garbage", "x").await);
    }

    #[test]
    fn short_and_huge_passwords_are_refused() {
        assert!(check_policy("short").is_err());
        assert!(check_policy(&"x".repeat(129)).is_err());
        assert!(check_policy("long enough").is_ok());
    }
}
