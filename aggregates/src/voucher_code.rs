//! Voucher code rules: alphabets without look-alike characters, batch parameters, drawing codes.
//!
//! Drawing is pure given the random source, so the rules are testable; uniqueness "per
//! location, forever" is enforced by the database (`voucher_codes`), not here.

use rand::Rng;
use serde::{Deserialize, Serialize};

/// Characters a voucher code may use. Look-alikes (0 O o 1 l I i) are left out so a customer
/// reading a printed voucher cannot mistype it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Charset {
    Digits,
    Lower,
    Upper,
    Mixed,
}

const DIGITS: &str = "23456789";
const LOWER: &str = "abcdefghjkmnpqrstuvwxyz";
const UPPER: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const MIXED: &str = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

impl Charset {
    pub fn alphabet(self) -> &'static [u8] {
        match self {
            Charset::Digits => DIGITS.as_bytes(),
            Charset::Lower => LOWER.as_bytes(),
            Charset::Upper => UPPER.as_bytes(),
            Charset::Mixed => MIXED.as_bytes(),
        }
    }
}

/// Whether the hotspot password equals the username (one code to type) or is drawn apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PasswordMode {
    SameAsUsername,
    Separate,
}

pub const MAX_BATCH: u32 = 10_000;
/// The code space must be this many times larger than the batch, so collisions stay rare.
const SPACE_FACTOR: f64 = 20.0;

/// Checked parameters of one generation request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSpec {
    pub count: u32,
    pub prefix: String,
    pub code_length: u8,
    pub charset: Charset,
    pub password_mode: PasswordMode,
}

/// Why generation parameters were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeSpecError {
    #[error("count must be between 1 and 10000")]
    Count,
    #[error("prefix must be at most 16 letters, digits, '_' or '-'")]
    Prefix,
    #[error("code length must be between 4 and 16")]
    Length,
    #[error("code space too small: use a longer code or a larger charset")]
    SpaceTooSmall,
}

impl CodeSpec {
    pub fn validated(self) -> Result<Self, CodeSpecError> {
        if !(1..=MAX_BATCH).contains(&self.count) {
            return Err(CodeSpecError::Count);
        }
        let prefix_ok = |c: char| c.is_ascii_alphanumeric() || "_-".contains(c);
        if self.prefix.len() > 16 || !self.prefix.chars().all(prefix_ok) {
            return Err(CodeSpecError::Prefix);
        }
        if !(4..=16).contains(&self.code_length) {
            return Err(CodeSpecError::Length);
        }
        let space = (self.charset.alphabet().len() as f64).powi(i32::from(self.code_length));
        if space < SPACE_FACTOR * f64::from(self.count) {
            return Err(CodeSpecError::SpaceTooSmall);
        }
        Ok(self)
    }

    /// One username: prefix + random characters of the alphabet.
    pub fn draw_code<R: Rng + ?Sized>(&self, rng: &mut R) -> String {
        let mut code = String::with_capacity(self.prefix.len() + usize::from(self.code_length));
        code.push_str(&self.prefix);
        code.push_str(&self.draw_random(rng));
        code
    }

    /// The password for a code: the code itself, or a fresh random string of the same shape.
    pub fn draw_password<R: Rng + ?Sized>(&self, rng: &mut R, code: &str) -> String {
        match self.password_mode {
            PasswordMode::SameAsUsername => code.to_string(),
            PasswordMode::Separate => self.draw_random(rng),
        }
    }

    fn draw_random<R: Rng + ?Sized>(&self, rng: &mut R) -> String {
        let alphabet = self.charset.alphabet();
        (0..self.code_length)
            .map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn spec(count: u32, len: u8, charset: Charset) -> CodeSpec {
        CodeSpec {
            count,
            prefix: "HS".into(),
            code_length: len,
            charset,
            password_mode: PasswordMode::SameAsUsername,
        }
    }

    #[test]
    fn no_alphabet_contains_look_alike_characters() {
        for cs in [
            Charset::Digits,
            Charset::Lower,
            Charset::Upper,
            Charset::Mixed,
        ] {
            for bad in "0Oo1lIi".bytes() {
                assert!(
                    !cs.alphabet().contains(&bad),
                    "{cs:?} contains {}",
                    bad as char
                );
            }
        }
    }

    #[test]
    fn codes_carry_the_prefix_and_only_alphabet_characters() {
        let s = spec(10, 8, Charset::Upper);
        let mut rng = StdRng::seed_from_u64(7);
        let code = s.draw_code(&mut rng);
        assert_eq!(code.len(), 10);
        assert!(code.starts_with("HS"));
        assert!(
            code[2..]
                .bytes()
                .all(|b| Charset::Upper.alphabet().contains(&b))
        );
    }

    #[test]
    fn separate_passwords_differ_from_the_code() {
        let mut s = spec(10, 8, Charset::Mixed);
        s.password_mode = PasswordMode::Separate;
        let mut rng = StdRng::seed_from_u64(1);
        let code = s.draw_code(&mut rng);
        assert_ne!(s.draw_password(&mut rng, &code), code);
        s.password_mode = PasswordMode::SameAsUsername;
        assert_eq!(s.draw_password(&mut rng, &code), code);
    }

    #[test]
    fn batch_limits_are_enforced() {
        assert_eq!(
            spec(0, 8, Charset::Mixed).validated(),
            Err(CodeSpecError::Count)
        );
        assert_eq!(
            spec(10_001, 8, Charset::Mixed).validated(),
            Err(CodeSpecError::Count)
        );
        assert_eq!(
            spec(10, 3, Charset::Mixed).validated(),
            Err(CodeSpecError::Length)
        );
        assert_eq!(
            spec(10, 17, Charset::Mixed).validated(),
            Err(CodeSpecError::Length)
        );
        let mut bad_prefix = spec(10, 8, Charset::Mixed);
        bad_prefix.prefix = "a b".into();
        assert_eq!(bad_prefix.validated(), Err(CodeSpecError::Prefix));
        assert!(spec(10_000, 8, Charset::Digits).validated().is_ok());
    }

    #[test]
    fn a_code_space_too_small_for_the_batch_is_refused() {
        // 8 digits ^ 4 = 4096 codes cannot host 10,000 vouchers.
        assert_eq!(
            spec(10_000, 4, Charset::Digits).validated(),
            Err(CodeSpecError::SpaceTooSmall)
        );
    }
}
