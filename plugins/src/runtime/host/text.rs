//! URL and form encoding for query strings and `x-www-form-urlencoded` bodies.

use std::fmt::Write as _;

use rhai::{Dynamic, Engine, Map};

pub(super) fn register(engine: &mut Engine) {
    engine.register_fn("url_encode", |s: &str| url_encode(s));
    engine.register_fn("url_decode", |s: &str| form_component_decode(s));
    engine.register_fn("form_encode", |map: Map| {
        let pairs: Vec<String> = map
            .iter()
            .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(&v.to_string())))
            .collect();
        pairs.join("&")
    });
    engine.register_fn("form_decode", |s: &str| {
        let map: Map = form_decode(s)
            .into_iter()
            .map(|(k, v)| (k.into(), Dynamic::from(v)))
            .collect();
        map
    });
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Decodes `a=1&b=x+y`; later duplicates win. Values stay strings: Duitku signs the
/// amount exactly as sent.
pub(crate) fn form_decode(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_component_decode(k), form_component_decode(v))
        })
        .collect()
}

fn form_component_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding_round_trips() {
        let text = "a b/c?d=é&";
        assert_eq!(url_encode(text), "a%20b%2Fc%3Fd%3D%C3%A9%26");
        assert_eq!(form_component_decode(&url_encode(text)), text);
    }

    #[test]
    fn form_bodies_decode_to_raw_strings() {
        let pairs = form_decode("merchantCode=D0001&amount=150000&name=Budi+S%20x&bad=%zz&flag");
        assert_eq!(
            pairs,
            [
                ("merchantCode".into(), "D0001".into()),
                ("amount".into(), "150000".into()),
                ("name".into(), "Budi S x".into()),
                ("bad".into(), "%zz".into()),
                ("flag".into(), String::new()),
            ]
        );
    }
}
