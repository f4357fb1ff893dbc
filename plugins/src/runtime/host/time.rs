//! Clock functions. Gateways in Indonesia want WIB (UTC+7, no daylight saving); the
//! instant is fixed per call so a script sees one consistent "now".

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use rhai::{Engine, EvalAltResult, INT};

const WIB_OFFSET_SECS: i32 = 7 * 3600;

pub(super) fn register(engine: &mut Engine, now: DateTime<Utc>) {
    engine.register_fn("now_unix", move || now.timestamp());
    engine.register_fn("now_ms", move || now.timestamp_millis());
    engine.register_fn("now_wib", move || -> Result<String, Box<EvalAltResult>> {
        format_wib(now.timestamp(), "%Y-%m-%d %H:%M:%S").map_err(Into::into)
    });
    engine.register_fn(
        "format_wib",
        |unix: INT, fmt: &str| -> Result<String, Box<EvalAltResult>> {
            format_wib(unix, fmt).map_err(Into::into)
        },
    );
}

/// Formats a unix time in WIB with a chrono `strftime` pattern.
pub(crate) fn format_wib(unix: INT, fmt: &str) -> Result<String, String> {
    let wib = FixedOffset::east_opt(WIB_OFFSET_SECS).ok_or("invalid wib offset")?;
    let at = wib
        .timestamp_opt(unix, 0)
        .single()
        .ok_or_else(|| format!("{unix} is not a valid unix time"))?;
    let mut out = String::new();
    // A bad pattern makes Display fail; `to_string()` would panic on that.
    write!(out, "{}", at.format(fmt)).map_err(|_| format!("invalid time format `{fmt}`"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wib_is_utc_plus_seven() {
        // 2022-01-25 09:23:08 UTC
        assert_eq!(
            format_wib(1_643_102_588, "%Y-%m-%d %H:%M:%S").unwrap(),
            "2022-01-25 16:23:08"
        );
        assert_eq!(
            format_wib(0, "%Y-%m-%d %H:%M:%S %z").unwrap(),
            "1970-01-01 07:00:00 +0700"
        );
    }

    #[test]
    fn bad_patterns_are_errors_not_panics() {
        assert!(format_wib(0, "%Q").is_err());
    }
}
