//! RouterOS value conventions (routeros.md §1.8): `.id` numbers, booleans, time strings —
//! shared by the simulator and by code reading what a router prints.

/// `*` plus upper-case hex without leading zeros, as RouterOS prints internal numbers.
pub fn format_id(id: u64) -> String {
    format!("*{id:X}")
}

/// Parses `*1F`; `None` for anything that is not a well-formed internal number.
pub fn parse_id(text: &str) -> Option<u64> {
    let hex = text.strip_prefix('*')?;
    if hex.is_empty() || hex.len() > 16 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(hex, 16).ok()
}

/// Writes accept `yes`/`no`/`true`/`false`; `print` answers `true`/`false`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

pub fn format_bool(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

const UNITS: [(char, u64); 5] = [
    ('w', 604_800),
    ('d', 86_400),
    ('h', 3_600),
    ('m', 60),
    ('s', 1),
];

/// RouterOS time string for whole seconds: `0s`, `1h`, `1w2d3h4m5s`.
pub fn format_duration(mut secs: u64) -> String {
    if secs == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    for (unit, size) in UNITS {
        if secs >= size {
            out.push_str(&(secs / size).to_string());
            out.push(unit);
            secs %= size;
        }
    }
    out
}

/// Reads the time forms RouterOS accepts on input: `1d2h`, `90m`, `01:30:00`, `3600`.
/// The router stores the value and prints it back canonically (`90m` → `1h30m`).
pub fn parse_duration(text: &str) -> Option<u64> {
    if text.contains(':') {
        return parse_clock_form(text);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let size = UNITS.iter().find(|(unit, _)| *unit == c)?.1;
        let value: u64 = number.parse().ok()?;
        total = total.checked_add(value.checked_mul(size)?)?;
        number.clear();
    }
    if number.is_empty() && !text.is_empty() {
        Some(total)
    } else {
        None
    }
}

fn parse_clock_form(text: &str) -> Option<u64> {
    let (days, clock) = match text.split_once('d') {
        Some((d, rest)) => (d.parse::<u64>().ok()?, rest),
        None => (0, text),
    };
    let parts: Vec<u64> = clock
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, s] = parts.as_slice() else {
        return None;
    };
    days.checked_mul(86_400)?
        .checked_add(h.checked_mul(3_600)?)?
        .checked_add(m.checked_mul(60)?)?
        .checked_add(*s)
}

/// A deterministic locally administered MAC for a simulated client address, so tests can
/// predict `mac-address` without passing one.
pub fn mac_for(address: &str) -> String {
    let hash = address.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let b = hash.to_be_bytes();
    format!(
        "02:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}",
        b[3], b[4], b[5], b[6], b[7]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_as_upper_hex() {
        assert_eq!(format_id(1), "*1");
        assert_eq!(format_id(0x11B), "*11B");
        assert_eq!(parse_id("*1f"), Some(0x1F));
        assert_eq!(parse_id("*"), None);
        assert_eq!(parse_id("1"), None);
        assert_eq!(parse_id("*xyz"), None);
    }

    #[test]
    fn durations_round_trip_canonically() {
        assert_eq!(
            parse_duration("90m").map(format_duration).as_deref(),
            Some("1h30m")
        );
        assert_eq!(parse_duration("1w2d3h4m5s"), Some(788_645));
        assert_eq!(parse_duration("01:00:00"), Some(3600));
        assert_eq!(parse_duration("1d02:00:00"), Some(93_600));
        assert_eq!(
            parse_duration("3600").map(format_duration).as_deref(),
            Some("1h")
        );
        assert_eq!(format_duration(0), "0s");
        assert_eq!(parse_duration("1x"), None);
        assert_eq!(parse_duration("5"), Some(5));
        assert_eq!(parse_duration("1h5"), None);
        assert_eq!(parse_duration(""), None);
    }
}
