//! Exact amount helpers for scripts: amounts travel as strings and are compared or
//! converted with rust_decimal, never as floats.

use std::str::FromStr;

use rhai::{Engine, EvalAltResult, INT};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

type HostResult<T> = Result<T, Box<EvalAltResult>>;

pub(super) fn register(engine: &mut Engine) {
    engine.register_fn("amount_to_int", |s: &str| -> HostResult<INT> {
        amount_to_int(s).map_err(Into::into)
    });
    engine.register_fn("amount_eq", |a: &str, b: &str| -> HostResult<bool> {
        Ok(parse_amount(a)? == parse_amount(b)?)
    });
    engine.register_fn("is_amount", |s: &str| parse_amount(s).is_ok());
}

/// Strict decimal text: digits, optionally a dot and more digits. No sign, exponent,
/// spaces or thousands separators — anything else from a gateway deserves a look.
pub(crate) fn parse_amount(text: &str) -> Result<Decimal, String> {
    let (int, frac) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) {
        return Err(format!("`{text}` is not an amount"));
    }
    Decimal::from_str(text).map_err(|e| format!("`{text}` is not an amount: {e}"))
}

/// Whole rupiah as an integer; `"150000.00"` is fine, `"150000.50"` is refused because
/// the gateways that want integers would otherwise be sent a different amount.
pub(crate) fn amount_to_int(text: &str) -> Result<INT, String> {
    let amount = parse_amount(text)?;
    if !amount.fract().is_zero() {
        return Err(format!("`{text}` is not a whole amount"));
    }
    amount
        .to_i64()
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_amounts_convert_and_fractions_are_refused() {
        assert_eq!(amount_to_int("150000").unwrap(), 150000);
        assert_eq!(amount_to_int("150000.00").unwrap(), 150000);
        assert!(amount_to_int("150000.50").is_err());
        for bad in ["", "-1", "1e5", "1,000", " 1", "1.", ".5", "abc"] {
            assert!(parse_amount(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn amounts_compare_by_value() {
        assert_eq!(
            parse_amount("150000.00").unwrap(),
            parse_amount("150000").unwrap()
        );
    }
}
