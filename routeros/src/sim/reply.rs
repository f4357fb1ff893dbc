//! Reply sentences of one command and their encoding with the command's tag.

use crate::proto::encode_sentence;

use super::render::Row;

/// One `!trap`: the message, and a category only where routers were seen sending one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Trap {
    pub message: String,
    pub category: Option<u8>,
}

impl Trap {
    pub(crate) fn new(message: impl Into<String>) -> Trap {
        Trap {
            message: message.into(),
            category: None,
        }
    }

    /// Argument value failures carry `=category=1` (the doc's example does).
    pub(crate) fn argument(message: impl Into<String>) -> Trap {
        Trap {
            message: message.into(),
            category: Some(1),
        }
    }

    pub(crate) fn words(&self) -> Vec<String> {
        let mut words = vec!["!trap".to_owned()];
        if let Some(category) = self.category {
            words.push(format!("=category={category}"));
        }
        words.push(format!("=message={}", self.message));
        words
    }
}

/// All reply sentences of one command, ending with `!done`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    pub sentences: Vec<Vec<String>>,
}

impl Reply {
    pub(crate) fn done() -> Reply {
        Reply {
            sentences: vec![vec!["!done".to_owned()]],
        }
    }

    pub(crate) fn done_ret(ret: impl std::fmt::Display) -> Reply {
        Reply {
            sentences: vec![vec!["!done".to_owned(), format!("=ret={ret}")]],
        }
    }

    /// Every `!trap` is followed by the command's `!done` (routeros.md §1.5).
    pub(crate) fn traps(traps: &[Trap]) -> Reply {
        let mut sentences: Vec<Vec<String>> = traps.iter().map(Trap::words).collect();
        sentences.push(vec!["!done".to_owned()]);
        Reply { sentences }
    }

    pub(crate) fn trap(trap: Trap) -> Reply {
        Reply::traps(&[trap])
    }

    /// `!re` per row, then `!done`; with no rows, `!empty` first when the simulated
    /// version has it (7.18+).
    pub(crate) fn rows(rows: &[Row], with_empty: bool) -> Reply {
        let mut sentences: Vec<Vec<String>> = rows.iter().map(re_words).collect();
        if sentences.is_empty() && with_empty {
            sentences.push(vec!["!empty".to_owned()]);
        }
        sentences.push(vec!["!done".to_owned()]);
        Reply { sentences }
    }

    /// The wire bytes, each sentence carrying the tag, as one buffer so the whole reply
    /// goes out in one write (clients like Mikhmon's stop reading at a pause).
    pub(crate) fn encode(&self, tag: Option<&str>) -> Vec<u8> {
        let mut out = Vec::new();
        for sentence in &self.sentences {
            out.extend(encode_tagged(sentence.clone(), tag));
        }
        out
    }
}

pub(crate) fn re_words(row: &Row) -> Vec<String> {
    let mut words = Vec::with_capacity(row.len() + 2);
    words.push("!re".to_owned());
    words.extend(row.iter().map(|(k, v)| format!("={k}={v}")));
    words
}

pub(crate) fn encode_tagged(mut words: Vec<String>, tag: Option<&str>) -> Vec<u8> {
    if let Some(tag) = tag {
        words.push(format!(".tag={tag}"));
    }
    encode_sentence(&words)
}
