//! A sentence split into its kinds of words (routeros.md §1.3).

use super::length::encode_sentence;

/// A parsed sentence: first word (command or reply like "!re"), attributes (=k=v, `=k` → k
/// with empty value), API attributes (.tag), queries (?...).
///
/// Words are opaque bytes on the wire (RouterOS negotiates no charset); this type decodes
/// them with lossy UTF-8, so a non-UTF-8 byte becomes U+FFFD. Code that must preserve raw
/// bytes works on the decoder's `Vec<Vec<u8>>` instead.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// The first word: `/ip/hotspot/user/add`, `!re`, `!done`, …
    pub command: String,
    /// `=key=value` words in order. Other API attributes than `.tag` (a `.proplist=x`
    /// sent without the leading `=`) land here too, keyed with their dot, and a bare
    /// word (the reason of a `!fatal`) lands here keyed `message`.
    pub attributes: Vec<(String, String)>,
    /// The `.tag=` API attribute.
    pub tag: Option<String>,
    /// Query words, each kept whole including its leading `?`.
    pub queries: Vec<String>,
}

impl Sentence {
    /// Classifies the words of one decoded sentence. Never fails: any word is something.
    pub fn parse(words: &[Vec<u8>]) -> Sentence {
        let mut sentence = Sentence::default();
        let mut iter = words.iter().map(|w| String::from_utf8_lossy(w));
        if let Some(first) = iter.next() {
            sentence.command = first.into_owned();
        }
        for word in iter {
            sentence.classify(&word);
        }
        sentence
    }

    fn classify(&mut self, word: &str) {
        if let Some(attr) = word.strip_prefix('=') {
            // Split at the second `=` of the word: the value may itself contain `=`.
            let (key, value) = attr.split_once('=').unwrap_or((attr, ""));
            self.attributes.push((key.to_owned(), value.to_owned()));
        } else if let Some(tag) = word.strip_prefix(".tag=") {
            self.tag = Some(tag.to_owned());
        } else if word.starts_with('.') {
            let (key, value) = word.split_once('=').unwrap_or((word, ""));
            self.attributes.push((key.to_owned(), value.to_owned()));
        } else if word.starts_with('?') {
            self.queries.push(word.to_owned());
        } else {
            self.attributes
                .push(("message".to_owned(), word.to_owned()));
        }
    }

    /// The wire form: command, `=k=v`…, `?q`…, `.tag=…`, terminator.
    ///
    /// A query given without its leading `?` gets one. A `!fatal` must not be built with
    /// this (its reason is a bare word); use [`super::encode_sentence`] for it.
    pub fn encode(&self) -> Vec<u8> {
        let mut words = Vec::with_capacity(2 + self.attributes.len() + self.queries.len());
        words.push(self.command.clone());
        for (key, value) in &self.attributes {
            words.push(format!("={key}={value}"));
        }
        for query in &self.queries {
            if query.starts_with('?') {
                words.push(query.clone());
            } else {
                words.push(format!("?{query}"));
            }
        }
        if let Some(tag) = &self.tag {
            words.push(format!(".tag={tag}"));
        }
        encode_sentence(&words)
    }

    /// The value of the first attribute named `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}
