//! Custom scalars: `Duration` (seconds as Int, or text like "30m", "12h", "1d", "1d12h").

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationSecs(pub i64);

/// Parses "90", "30m", "12h", "7d", "1w", "1d12h30m".
pub fn parse_duration(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        let n: i64 = digits.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        digits.clear();
    }
    digits.is_empty().then_some(total)
}

#[Scalar(name = "Duration")]
impl ScalarType for DurationSecs {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::Number(n) => n
                .as_i64()
                .map(DurationSecs)
                .ok_or_else(|| InputValueError::custom("duration must be whole seconds")),
            Value::String(s) => parse_duration(s).map(DurationSecs).ok_or_else(|| {
                InputValueError::custom("duration must look like 3600, 30m, 12h or 1d")
            }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_from_seconds_and_units() {
        assert_eq!(parse_duration("3600"), Some(3600));
        assert_eq!(parse_duration("30m"), Some(1800));
        assert_eq!(parse_duration("1d12h"), Some(129_600));
        assert_eq!(parse_duration("1w"), Some(604_800));
        assert_eq!(parse_duration("12x"), None);
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("5d3"), None);
    }
}
