//! Codec vectors from routeros.md §1.2–§1.3, checked byte for byte.

use super::*;

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn len_bytes(len: usize) -> String {
    let mut out = Vec::new();
    encode_length(len, &mut out);
    hex(&out)
}

#[test]
fn lengths_use_the_minimal_form_of_all_five() {
    let vectors = [
        (0, "00"),
        (5, "05"),
        (127, "7f"),
        (128, "80 80"),
        (300, "81 2c"),
        (16383, "bf ff"),
        (16384, "c0 40 00"),
        (2_097_151, "df ff ff"),
        (2_097_152, "e0 20 00 00"),
        (268_435_455, "ef ff ff ff"),
        (268_435_456, "f0 10 00 00 00"),
    ];
    for (len, expected) in vectors {
        assert_eq!(len_bytes(len), expected, "length {len}");
    }
}

#[test]
fn every_length_form_decodes_back() {
    for len in [
        0usize,
        5,
        127,
        128,
        300,
        16383,
        16384,
        2_097_151,
        2_097_152,
        268_435_455,
    ] {
        let mut out = Vec::new();
        encode_length(len, &mut out);
        let decoded = length::decode_length(&out);
        assert_eq!(decoded, Ok(Some((len, out.len()))), "length {len}");
    }
    assert_eq!(
        length::decode_length(&[0xF0, 0x10, 0, 0, 0]),
        Ok(Some((0x1000_0000, 5)))
    );
    assert_eq!(length::decode_length(&[0xF0, 0x10, 0]), Ok(None));
}

#[test]
fn login_sentence_matches_librouteros_bytes() {
    let bytes = encode_sentence(&["/login", "=name=admin", "=password="]);
    let expected = "06 2f 6c 6f 67 69 6e 0b 3d 6e 61 6d 65 3d 61 64 6d 69 6e \
                    0a 3d 70 61 73 73 77 6f 72 64 3d 00";
    assert_eq!(hex(&bytes), expected);
    let sentence = Sentence {
        command: "/login".into(),
        attributes: vec![
            ("name".into(), "admin".into()),
            ("password".into(), String::new()),
        ],
        ..Sentence::default()
    };
    assert_eq!(sentence.encode(), bytes);
}

#[test]
fn attribute_without_second_equals_has_empty_value() {
    let s = Sentence::parse(&[
        b"/login".to_vec(),
        b"=name=admin".to_vec(),
        b"=password".to_vec(),
    ]);
    assert_eq!(s.get("password"), Some(""));
    assert_eq!(s.get("name"), Some("admin"));
}

#[test]
fn attribute_splits_at_the_second_equals() {
    let s = Sentence::parse(&[b"/ip/hotspot/user/add".to_vec(), b"=name=iu=c3Eeg".to_vec()]);
    assert_eq!(
        s.attributes,
        vec![("name".to_owned(), "iu=c3Eeg".to_owned())]
    );
}

#[test]
fn words_are_classified_by_kind() {
    let words: Vec<Vec<u8>> = [
        "/ip/hotspot/user/print",
        "=.proplist=.id,name",
        "?=name=v1",
        "?#!",
        ".tag=7",
    ]
    .iter()
    .map(|w| w.as_bytes().to_vec())
    .collect();
    let s = Sentence::parse(&words);
    assert_eq!(s.command, "/ip/hotspot/user/print");
    assert_eq!(s.get(".proplist"), Some(".id,name"));
    assert_eq!(s.queries, vec!["?=name=v1".to_owned(), "?#!".to_owned()]);
    assert_eq!(s.tag.as_deref(), Some("7"));
    let fatal = Sentence::parse(&[b"!fatal".to_vec(), b"not logged in".to_vec()]);
    assert_eq!(fatal.get("message"), Some("not logged in"));
}

#[test]
fn non_minimal_prefixes_are_accepted() {
    let mut d = Decoder::new(1024);
    d.feed(&[0x80, 0x03, b'!', b'r', b'e', 0xC0, 0x00, 0x01, b'x', 0x00]);
    assert_eq!(
        d.next_sentence(),
        Ok(Some(vec![b"!re".to_vec(), b"x".to_vec()]))
    );
}

#[test]
fn control_bytes_are_rejected() {
    for byte in [0xF8u8, 0xFA, 0xFF, 0xF1] {
        let mut d = Decoder::new(1024);
        d.feed(&[0x03, b'!', b'r', b'e', byte, 0x00]);
        assert_eq!(d.next_sentence(), Err(ProtoError::ControlByte(byte)));
        assert_eq!(
            d.next_sentence(),
            Err(ProtoError::ControlByte(byte)),
            "errors are sticky"
        );
    }
}

#[test]
fn oversized_word_is_refused_before_buffering() {
    let mut d = Decoder::new(16);
    d.feed(&[0xE0, 0x20, 0x00, 0x00]);
    assert_eq!(d.next_sentence(), Err(ProtoError::TooLong(0x20_0000)));
}

#[test]
fn partial_input_waits_and_empty_sentences_are_skipped() {
    let mut d = Decoder::new(1024);
    let bytes = encode_sentence(&["!done", ".tag=1"]);
    d.feed(&[0x00]);
    d.feed(&bytes[..4]);
    assert_eq!(d.next_sentence(), Ok(None));
    d.feed(&bytes[4..]);
    assert_eq!(
        d.next_sentence(),
        Ok(Some(vec![b"!done".to_vec(), b".tag=1".to_vec()]))
    );
    assert_eq!(d.next_sentence(), Ok(None));
}
