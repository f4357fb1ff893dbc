//! Phone: an Indonesian WhatsApp number, normalised to international digits (`628…`).
//!
//! Operators type numbers the way customers say them (`0812-3456-7890`, `+62 812 3456 7890`,
//! `(0812) 345.678`); WhatsApp gateways want `6281234567890`. Parsing once at the edge means
//! every stored number is already in the one form the gateways and lookups use.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Shortest and longest number accepted, counted in digits of the `628…` form.
const MIN_DIGITS: usize = 10;
const MAX_DIGITS: usize = 15;

/// Separators people write inside numbers; they carry no meaning and are dropped.
const SEPARATORS: &str = " -.()";

/// A normalised Indonesian mobile number: digits only, starting with `628`, 10–15 digits.
///
/// Deserialisation trusts the stored value: events are facts checked when they were written,
/// so replaying them must never fail because a rule changed later.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(String);

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone number is empty")]
    Empty,
    #[error(
        "phone number contains '{0}'; only digits, spaces, '-', '.', '(', ')' and a leading '+' are allowed"
    )]
    BadCharacter(char),
    #[error("phone number must start with 08, 62 or +62 (only Indonesian numbers are supported)")]
    NotIndonesian,
    #[error("phone number must be a mobile number (08… or 628…)")]
    NotMobile,
    #[error("phone number has {0} digits; a mobile number written as 628… has 10-15")]
    Length(usize),
}

impl Phone {
    /// Normalises `08…`, `62…` and `+62…` (with separators) to `628…`.
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (plus, rest) = match raw.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !SEPARATORS.contains(c) {
                return Err(PhoneError::BadCharacter(c));
            }
        }
        let national = if let Some(n) = digits.strip_prefix("62") {
            n
        } else if let (false, Some(n)) = (plus, digits.strip_prefix('0')) {
            n
        } else if digits.is_empty() {
            return Err(PhoneError::Empty);
        } else {
            return Err(PhoneError::NotIndonesian);
        };
        if !national.starts_with('8') {
            return Err(PhoneError::NotMobile);
        }
        let normalised = format!("62{national}");
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&normalised.len()) {
            return Err(PhoneError::Length(normalised.len()));
        }
        Ok(Self(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Phone {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> Result<String, PhoneError> {
        Phone::parse(raw).map(|p| p.as_str().to_string())
    }

    #[test]
    fn local_and_international_forms_normalise_to_628() {
        for raw in [
            "081234567890",
            "+6281234567890",
            "6281234567890",
            "+62 812 3456 7890",
            "62 812-3456-7890",
            "0812.3456.7890",
            "(0812) 3456-7890",
            "  0812 3456 7890  ",
        ] {
            assert_eq!(parsed(raw), Ok("6281234567890".into()), "{raw}");
        }
    }

    #[test]
    fn the_shortest_and_longest_mobile_numbers_are_accepted() {
        assert_eq!(parsed("081234567"), Ok("6281234567".into()));
        assert_eq!(parsed("08123456789012"), Ok("628123456789012".into()));
        assert_eq!(parsed("+62 8123 4567 8901 2"), Ok("628123456789012".into()));
    }

    #[test]
    fn too_short_or_too_long_numbers_name_their_length() {
        assert_eq!(parsed("08123456"), Err(PhoneError::Length(9)));
        assert_eq!(parsed("081234567890123"), Err(PhoneError::Length(16)));
    }

    #[test]
    fn landlines_and_foreign_numbers_are_refused() {
        assert_eq!(parsed("021 5550 1234"), Err(PhoneError::NotMobile));
        assert_eq!(parsed("+62 21 5550 1234"), Err(PhoneError::NotMobile));
        assert_eq!(parsed("+60 12 345 6789"), Err(PhoneError::NotIndonesian));
        assert_eq!(parsed("812345678"), Err(PhoneError::NotIndonesian));
        // A leading zero after +62 is a common typo; it is not silently repaired.
        assert_eq!(parsed("+62 0812 3456 789"), Err(PhoneError::NotMobile));
        assert_eq!(parsed("+0812345678"), Err(PhoneError::NotIndonesian));
    }

    #[test]
    fn letters_and_stray_symbols_are_named() {
        assert_eq!(parsed(""), Err(PhoneError::Empty));
        assert_eq!(parsed("  - "), Err(PhoneError::Empty));
        assert_eq!(parsed("0812-ABC"), Err(PhoneError::BadCharacter('A')));
        assert_eq!(parsed("62+812345678"), Err(PhoneError::BadCharacter('+')));
        assert_eq!(parsed("0812/3456789"), Err(PhoneError::BadCharacter('/')));
    }

    #[test]
    fn errors_read_as_lowercase_sentences() {
        let message = PhoneError::Length(9).to_string();
        assert_eq!(
            message,
            "phone number has 9 digits; a mobile number written as 628… has 10-15"
        );
    }
}
