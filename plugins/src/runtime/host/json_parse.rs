//! `json_parse`: JSON text → Rhai values with every number kept as its original text.
//!
//! serde_json (without `arbitrary_precision`, which we may not switch on for the whole
//! workspace) turns `10000.00` into a float and loses digits of large integers, and the
//! exact text is what gateways sign. So this is a small RFC 8259 parser of our own.

use rhai::{Array, Dynamic, Engine, EvalAltResult, Map};

/// Nesting bound, so hostile input cannot exhaust the native stack.
const MAX_DEPTH: usize = 64;

pub(super) fn register(engine: &mut Engine) {
    engine.register_fn(
        "json_parse",
        |text: &str| -> Result<Dynamic, Box<EvalAltResult>> {
            parse(text).map_err(|e| format!("json_parse: {e}").into())
        },
    );
}

/// Parses a JSON document; numbers become strings holding their exact source text.
pub(crate) fn parse(text: &str) -> Result<Dynamic, String> {
    let mut parser = Parser { text, pos: 0 };
    parser.skip_ws();
    let value = parser.value(0)?;
    parser.skip_ws();
    if parser.pos != text.len() {
        return Err(format!("unexpected trailing data at byte {}", parser.pos));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.pos))
    }

    fn value(&mut self, depth: usize) -> Result<Dynamic, String> {
        if depth > MAX_DEPTH {
            return self.fail("nesting too deep");
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Ok(Dynamic::from(self.string()?)),
            Some(b't') => self.literal("true", Dynamic::TRUE),
            Some(b'f') => self.literal("false", Dynamic::FALSE),
            Some(b'n') => self.literal("null", Dynamic::UNIT),
            Some(b'-' | b'0'..=b'9') => Ok(Dynamic::from(self.number()?.to_string())),
            _ => self.fail("expected a value"),
        }
    }

    fn literal(&mut self, word: &str, value: Dynamic) -> Result<Dynamic, String> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            self.fail("invalid literal")
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), String> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.fail(what)
        }
    }

    fn array(&mut self, depth: usize) -> Result<Dynamic, String> {
        self.pos += 1;
        let mut items = Array::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Dynamic::from_array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Dynamic::from_array(items));
                }
                _ => return self.fail("expected `,` or `]`"),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Dynamic, String> {
        self.pos += 1;
        let mut map = Map::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Dynamic::from_map(map));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return self.fail("expected a string key");
            }
            let key = self.string()?;
            self.skip_ws();
            self.expect(b':', "expected `:`")?;
            self.skip_ws();
            map.insert(key.into(), self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Dynamic::from_map(map));
                }
                _ => return self.fail("expected `,` or `}`"),
            }
        }
    }

    /// Validates the JSON number grammar and returns the exact source slice.
    fn number(&mut self) -> Result<&str, String> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.fail("invalid number"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        Ok(&self.text[start..self.pos])
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), String> {
        let before = self.pos;
        self.digits();
        if self.pos == before {
            return self.fail("invalid number");
        }
        Ok(())
    }

    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            match self.peek() {
                None => return self.fail("unterminated string"),
                Some(b'"') => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    self.escape(&mut out)?;
                    run_start = self.pos;
                }
                Some(0..0x20) => return self.fail("control character in string"),
                // Multi-byte UTF-8 sequences are copied as part of the run: the input
                // is a &str, so they are valid and never contain `"` or `\`.
                Some(_) => self.pos += 1,
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), String> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                out.push(self.unicode_escape()?);
                return Ok(());
            }
            _ => return self.fail("invalid escape"),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    /// After `\u`: one code unit, or a surrogate pair written as two escapes.
    fn unicode_escape(&mut self) -> Result<char, String> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return char::from_u32(high).map_or_else(|| self.fail("invalid \\u escape"), Ok);
        }
        if !self.text[self.pos..].starts_with("\\u") {
            return self.fail("unpaired surrogate");
        }
        self.pos += 2;
        let low = self.hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return self.fail("invalid low surrogate");
        }
        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        char::from_u32(code).map_or_else(|| self.fail("invalid surrogate pair"), Ok)
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.text.get(self.pos..self.pos + 4);
        let value = digits
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok());
        match value {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => self.fail("invalid \\u escape"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(value: &Dynamic, key: &str) -> Dynamic {
        value.read_lock::<Map>().unwrap().get(key).cloned().unwrap()
    }

    #[test]
    fn numbers_keep_their_exact_text() {
        let v =
            parse(r#"{"a": 10000.00, "b": 12345678901234567890, "c": -0.5e-3, "d": 7}"#).unwrap();
        assert_eq!(field(&v, "a").into_string().unwrap(), "10000.00");
        assert_eq!(
            field(&v, "b").into_string().unwrap(),
            "12345678901234567890"
        );
        assert_eq!(field(&v, "c").into_string().unwrap(), "-0.5e-3");
        assert_eq!(field(&v, "d").into_string().unwrap(), "7");
    }

    #[test]
    fn strings_decode_escapes_and_surrogate_pairs() {
        let v = parse(r#"["INV\/2025", "caf\u00e9 \ud83d\ude00", "tab\there", "日本"]"#).unwrap();
        let items = v.into_array().unwrap();
        let texts: Vec<String> = items
            .into_iter()
            .map(|d| d.into_string().unwrap())
            .collect();
        assert_eq!(texts, ["INV/2025", "café 😀", "tab\there", "日本"]);
    }

    #[test]
    fn literals_and_empty_containers_parse() {
        let v = parse(r#" {"t": true, "f": false, "n": null, "a": [], "o": {}} "#).unwrap();
        assert!(field(&v, "t").as_bool().unwrap());
        assert!(!field(&v, "f").as_bool().unwrap());
        assert!(field(&v, "n").is_unit());
        assert!(field(&v, "a").is_array());
        assert!(field(&v, "o").is_map());
    }

    #[test]
    fn malformed_documents_are_refused() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "-",
            "\"abc",
            "tru",
            "[1] x",
            "\"\\x\"",
            "\"\\ud800\"",
            "{a:1}",
            "\"a\u{1}\"",
        ] {
            assert!(parse(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing() {
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).unwrap_err().contains("too deep"));
    }
}
