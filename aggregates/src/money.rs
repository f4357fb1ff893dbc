//! Money: exact decimals in rupiah (or the configured currency), never floating point.

use rust_decimal::Decimal;

/// Largest amount accepted anywhere (one trillion): catches typos and overflow games.
const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("{0} must not be negative")]
    Negative(&'static str),
    #[error("{0} has more than 2 decimal places")]
    TooPrecise(&'static str),
    #[error("{0} is too large")]
    TooLarge(&'static str),
}

/// Checks an amount for a field: not negative, at most 2 decimals, below one trillion.
/// Returns the amount normalised (trailing zeros removed), so "5000.00" and "5000" are one value.
pub fn check_amount(field: &'static str, amount: Decimal) -> Result<Decimal, MoneyError> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(MoneyError::Negative(field));
    }
    if amount.normalize().scale() > 2 {
        return Err(MoneyError::TooPrecise(field));
    }
    if amount > Decimal::from(MAX_AMOUNT) {
        return Err(MoneyError::TooLarge(field));
    }
    Ok(amount.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_are_normalised() {
        assert_eq!(check_amount("price", dec!(5000.00)), Ok(dec!(5000)));
        assert_eq!(check_amount("price", dec!(0)), Ok(dec!(0)));
    }

    #[test]
    fn negative_overprecise_and_huge_amounts_are_refused() {
        assert_eq!(
            check_amount("price", dec!(-1)),
            Err(MoneyError::Negative("price"))
        );
        assert_eq!(
            check_amount("price", dec!(1.005)),
            Err(MoneyError::TooPrecise("price"))
        );
        assert_eq!(
            check_amount("price", dec!(1000000000001)),
            Err(MoneyError::TooLarge("price"))
        );
    }
}
