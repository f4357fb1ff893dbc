//! Property tests: the decoder survives any byte stream, and encode→decode round-trips
//! sentences however the bytes are chunked on arrival.

use proptest::prelude::*;
use tagih_routeros::proto::{Decoder, Sentence};

fn sentence() -> impl Strategy<Value = Sentence> {
    let key = "[a-z.][a-z0-9.-]{0,12}";
    let value = proptest::collection::vec(any::<char>(), 0..40)
        .prop_map(|c| c.into_iter().collect::<String>());
    let value = prop_oneof![value, "[ -~]{0,300}"];
    (
        "[/!][a-z/!]{0,30}",
        proptest::collection::vec((key, value), 0..8),
        proptest::option::of("[0-9a-z]{1,8}"),
        proptest::collection::vec("\\?[#=<>a-z0-9|&!.-]{0,20}", 0..4),
    )
        .prop_map(|(command, attributes, tag, queries)| Sentence {
            command,
            attributes,
            tag,
            queries,
        })
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), cut in 0usize..2048) {
        let mut d = Decoder::new(4096);
        let cut = cut.min(bytes.len());
        d.feed(&bytes[..cut]);
        while let Ok(Some(_)) = d.next_sentence() {}
        d.feed(&bytes[cut..]);
        while let Ok(Some(words)) = d.next_sentence() {
            let _ = Sentence::parse(&words);
        }
    }

    #[test]
    fn sentences_round_trip_in_random_chunks(
        sentences in proptest::collection::vec(sentence(), 1..6),
        chunks in proptest::collection::vec(1usize..64, 1..32),
    ) {
        let stream: Vec<u8> = sentences.iter().flat_map(Sentence::encode).collect();
        let mut d = Decoder::new(1 << 20);
        let mut decoded = Vec::new();
        let mut offset = 0;
        let mut sizes = chunks.iter().cycle();
        while offset < stream.len() {
            let size = sizes.next().copied().unwrap_or(1);
            let end = (offset + size).min(stream.len());
            d.feed(&stream[offset..end]);
            offset = end;
            while let Some(words) = d.next_sentence().unwrap() {
                decoded.push(Sentence::parse(&words));
            }
        }
        prop_assert_eq!(decoded, sentences);
    }
}
