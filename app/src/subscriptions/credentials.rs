//! Router credentials a subscription gets when the operator gives none: generated
//! passwords, usernames drawn from a pattern, numbered usernames for bulk creation.

use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// Most subscriptions one bulk request creates.
pub const MAX_BULK: i32 = 500;

/// Characters of generated passwords: lower-case letters and digits without the ones people
/// misread (l, o, 0, 1); 32 of them, so each random 5 bits pick one without bias.
const PASSWORD_ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// Random bytes from the OS generator: the bytes of v4 UUIDs, less the two that carry the
/// version and variant bits.
fn random_bytes(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let uuid = Uuid::new_v4();
        let random = uuid.as_bytes().iter().enumerate();
        out.extend(random.filter(|(i, _)| *i != 6 && *i != 8).map(|(_, b)| *b));
    }
    out.truncate(n);
    out
}

/// A 10-character password (50 random bits).
pub fn generated_password() -> String {
    random_bytes(10)
        .iter()
        .map(|b| char::from(PASSWORD_ALPHABET[usize::from(b & 31)]))
        .collect()
}

fn bad(msg: impl Into<String>) -> AppError {
    AppError::BadInput(msg.into())
}

/// A username from a pattern: each `#` becomes a random digit.
pub fn username_from_pattern(pattern: &str) -> AppResult<String> {
    let holes = pattern.chars().filter(|c| *c == '#').count();
    if holes == 0 {
        return Err(bad("usernamePattern needs at least one '#'"));
    }
    let mut digits = random_bytes(holes)
        .into_iter()
        .map(|b| char::from(b'0' + b % 10));
    Ok(pattern
        .chars()
        .map(|c| match c {
            '#' => digits.next().unwrap_or('0'),
            c => c,
        })
        .collect())
}

/// `prefix` + zero-padded numbers `start ..= start + count - 1`.
pub fn numbered_usernames(
    prefix: &str,
    start: i32,
    count: i32,
    digits: Option<i32>,
) -> AppResult<Vec<String>> {
    if !(1..=MAX_BULK).contains(&count) {
        return Err(bad(format!("count must be between 1 and {MAX_BULK}")));
    }
    if start < 0 {
        return Err(bad("start must not be negative"));
    }
    let last = i64::from(start) + i64::from(count) - 1;
    let needed = last.to_string().len();
    let width = match digits {
        None => needed.max(3),
        Some(d) if (1..=9).contains(&d) && d as usize >= needed => d as usize,
        Some(_) => {
            return Err(bad(format!(
                "digits must be between {needed} and 9 to number up to {last}"
            )));
        }
    };
    Ok((i64::from(start)..=last)
        .map(|n| format!("{}{n:0width$}", prefix.trim()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_usernames_are_zero_padded_and_widen_when_needed() {
        let names = numbered_usernames("pel", 1, 10, None).unwrap();
        assert_eq!(names.first().map(String::as_str), Some("pel001"));
        assert_eq!(names.last().map(String::as_str), Some("pel010"));
        let wide = numbered_usernames("x", 995, 10, None).unwrap();
        assert_eq!(wide.last().map(String::as_str), Some("x1004"));
        assert!(numbered_usernames("x", 995, 10, Some(3)).is_err());
        assert!(numbered_usernames("x", 1, 501, None).is_err());
        assert!(numbered_usernames("x", 1, 0, None).is_err());
    }

    #[test]
    fn generated_credentials_follow_their_rules() {
        let p = generated_password();
        assert_eq!(p.len(), 10);
        assert!(p.bytes().all(|b| PASSWORD_ALPHABET.contains(&b)));
        let u = username_from_pattern("pel-####").unwrap();
        assert!(u.starts_with("pel-") && u[4..].chars().all(|c| c.is_ascii_digit()));
        assert!(username_from_pattern("pel").is_err());
    }
}
