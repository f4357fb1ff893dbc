//! The ranges every input must fall in: dates, amounts, counts and text lengths. One module,
//! so that what a command accepts is exactly what every read model, time-zone conversion
//! and database column downstream can hold (ADR 0012). A value outside is refused at the
//! command boundary with a message naming the field, before any event is written.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::money::check_amount;

/// The first instant a date given to Tagih may name: 2000-01-01T00:00:00Z. Nothing a
/// billing engine for today's ISPs is told about (a start, a payment, a first login)
/// happened earlier; older values are typing mistakes (a two-digit year, the Unix epoch).
pub fn earliest() -> DateTime<Utc> {
    window_edge(2000)
}

/// The first instant past the window: 2100-01-01T00:00:00Z (exclusive). Far enough for any
/// real plan; near enough that everything derived from an input date (expiries after
/// thousands of renewals, dates in any time zone, `date_trunc`/`to_char` in the read
/// models, chrono's arithmetic) stays in four-digit years, far inside both PostgreSQL's
/// `timestamptz` (4713 BC–294276 AD) and chrono (±262,000 years).
pub fn latest() -> DateTime<Utc> {
    window_edge(2100)
}

fn window_edge(year: i32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .unwrap_or_default()
}

/// A date inside the window.
pub fn date(field: &str, at: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    if at < earliest() || at >= latest() {
        return Err(format!(
            "{field} must be between 2000-01-01 and 2099-12-31 (UTC)"
        ));
    }
    Ok(at)
}

/// An optional date inside the window.
pub fn optional_date(
    field: &str,
    at: Option<DateTime<Utc>>,
) -> Result<Option<DateTime<Utc>>, String> {
    at.map(|at| date(field, at)).transpose()
}

/// An amount of money: not negative, at most 2 decimals, at most one trillion, so it fits
/// every `numeric(16, 2)` column with room for sums. Normalised ("5000.00" = "5000").
pub fn amount(field: &'static str, value: Decimal) -> Result<Decimal, String> {
    check_amount(field, value).map_err(|e| e.to_string())
}

/// A count between `min` and `max` inclusive, as the unsigned type commands use.
pub fn count(field: &str, value: i64, min: u32, max: u32) -> Result<u32, String> {
    u32::try_from(value)
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| format!("{field} must be between {min} and {max}"))
}

/// Text trimmed, 1 to `max` characters.
pub fn text(field: &str, value: &str, max: usize) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(format!("{field} must be 1-{max} characters"));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn dates_inside_the_window_pass_and_the_edges_are_exact() {
        for ok in [
            "2000-01-01T00:00:00Z",
            "2026-11-24T08:00:00+07:00",
            "2099-12-31T23:59:59Z",
        ] {
            assert_eq!(date("start", at(ok)), Ok(at(ok)), "{ok}");
        }
        for bad in [
            "1999-12-31T23:59:59Z",
            "1970-01-01T00:00:00Z",
            "2100-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            let e = date("start", at(bad)).unwrap_err();
            assert!(e.starts_with("start must be between"), "{bad}: {e}");
        }
        assert_eq!(optional_date("expiry", None), Ok(None));
        assert!(optional_date("expiry", Some(at("9999-12-31T23:59:59Z"))).is_err());
    }

    #[test]
    fn every_date_in_the_window_converts_to_any_zone_and_stays_four_digits() {
        use chrono::{Datelike, FixedOffset};
        for edge in [earliest(), latest() - chrono::Duration::seconds(1)] {
            for hours in [-12, 14] {
                let zone = FixedOffset::east_opt(hours * 3600).unwrap();
                let year = edge.with_timezone(&zone).year();
                assert!((1999..=2100).contains(&year), "{edge} {hours}h: {year}");
            }
        }
    }

    #[test]
    fn amounts_counts_and_texts_have_one_rule_each() {
        assert_eq!(amount("price", dec!(150000.00)), Ok(dec!(150000)));
        assert_eq!(
            amount("price", dec!(-1)),
            Err("price must not be negative".into())
        );
        assert!(amount("price", dec!(1000000000000.01)).is_err());
        assert_eq!(count("count", 500, 1, 500), Ok(500));
        assert!(count("count", 0, 1, 500).is_err());
        assert!(count("count", i64::MAX, 1, 500).is_err());
        assert!(count("count", -1, 0, 500).is_err());
        assert_eq!(text("reason", "  rusak ", 10), Ok("rusak".into()));
        assert!(text("reason", " ", 10).is_err());
        assert!(text("reason", &"x".repeat(11), 10).is_err());
    }
}
