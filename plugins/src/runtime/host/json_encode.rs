//! `json_encode` and `json_encode_php`: compact JSON from Rhai values, keys in byte
//! order (Rhai maps are sorted), the PHP flavour escaping `/` and non-ASCII like PHP's
//! default `json_encode` — the bytes some gateways sign.

use std::fmt::Write as _;

use rhai::{Array, Dynamic, Engine, EvalAltResult, Map};

const MAX_DEPTH: usize = 64;

pub(super) fn register(engine: &mut Engine) {
    engine.register_fn(
        "json_encode",
        |value: Dynamic| -> Result<String, Box<EvalAltResult>> {
            encode(&value, false).map_err(|e| format!("json_encode: {e}").into())
        },
    );
    engine.register_fn(
        "json_encode_php",
        |value: Dynamic| -> Result<String, Box<EvalAltResult>> {
            encode(&value, true).map_err(|e| format!("json_encode_php: {e}").into())
        },
    );
}

/// Encodes a value; `php` selects PHP's escaping of `/` and of non-ASCII characters.
pub(crate) fn encode(value: &Dynamic, php: bool) -> Result<String, String> {
    let mut out = String::new();
    write_value(&mut out, value, php, 0)?;
    Ok(out)
}

fn write_value(out: &mut String, value: &Dynamic, php: bool, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("value is nested too deeply".into());
    }
    if value.is_unit() {
        out.push_str("null");
    } else if let Ok(b) = value.as_bool() {
        out.push_str(if b { "true" } else { "false" });
    } else if let Ok(i) = value.as_int() {
        out.push_str(&i.to_string());
    } else if value.is_string() || value.is_char() {
        write_string(out, &value.to_string(), php);
    } else if value.is_array() {
        let array = value.read_lock::<Array>().ok_or("array is locked")?;
        write_array(out, &array, php, depth)?;
    } else if value.is_map() {
        let map = value.read_lock::<Map>().ok_or("map is locked")?;
        write_map(out, &map, php, depth)?;
    } else if value.is_float() {
        return Err("floating-point numbers are not allowed; use strings or integers".into());
    } else {
        return Err(format!(
            "cannot encode a value of type {}",
            value.type_name()
        ));
    }
    Ok(())
}

fn write_array(out: &mut String, array: &Array, php: bool, depth: usize) -> Result<(), String> {
    out.push('[');
    for (i, item) in array.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_value(out, item, php, depth + 1)?;
    }
    out.push(']');
    Ok(())
}

fn write_map(out: &mut String, map: &Map, php: bool, depth: usize) -> Result<(), String> {
    out.push('{');
    for (i, (key, item)) in map.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, key, php);
        out.push(':');
        write_value(out, item, php, depth + 1)?;
    }
    out.push('}');
    Ok(())
}

fn write_string(out: &mut String, text: &str, php: bool) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' if php => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (php && !c.is_ascii()) => {
                // PHP writes UTF-16 code units in lowercase hex.
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::host::json_parse::parse;

    #[test]
    fn php_flavour_escapes_slashes_and_non_ascii() {
        let value = parse(r#"{"ref":"INV/2025/0001","name":"café 😀","n":"1"}"#).unwrap();
        assert_eq!(
            encode(&value, true).unwrap(),
            r#"{"n":"1","name":"caf\u00e9 \ud83d\ude00","ref":"INV\/2025\/0001"}"#
        );
        assert_eq!(
            encode(&value, false).unwrap(),
            r#"{"n":"1","name":"café 😀","ref":"INV/2025/0001"}"#
        );
    }

    #[test]
    fn integers_booleans_null_and_control_characters_encode() {
        let mut map = Map::new();
        map.insert("a".into(), Dynamic::from_int(150000));
        map.insert("b".into(), Dynamic::TRUE);
        map.insert("c".into(), Dynamic::UNIT);
        map.insert("d".into(), Dynamic::from("x\ny\u{1}\"\\"));
        let text = encode(&Dynamic::from_map(map), false).unwrap();
        assert_eq!(
            text,
            r#"{"a":150000,"b":true,"c":null,"d":"x\ny\u0001\"\\"}"#
        );
    }

    #[test]
    fn floats_are_refused() {
        let array: Array = vec![Dynamic::from_float(0.1)];
        assert!(encode(&Dynamic::from_array(array), false).is_err());
    }
}
