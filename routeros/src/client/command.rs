//! The [`Command`] builder, and [`Record`], the rows a reply carries.

use std::collections::BTreeMap;

use crate::proto::encode_sentence;

/// One reply row: the `=key=value` words of a `!re` (or of a `!done` that carries data,
/// such as `ret` after `add`).
pub type Record = BTreeMap<String, String>;

/// A command sentence to send: a menu path, attributes, queries and a property list.
///
/// ```ignore
/// Command::new("/ip/hotspot/user/print").query("?name=x").proplist(&[".id", "name"])
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    path: String,
    attrs: Vec<(String, String)>,
    queries: Vec<String>,
    proplist: Option<String>,
}

impl Command {
    /// A command on the given path, e.g. `/ip/hotspot/user/add`.
    pub fn new(path: impl Into<String>) -> Self {
        Command {
            path: path.into(),
            attrs: Vec::new(),
            queries: Vec::new(),
            proplist: None,
        }
    }

    /// Sets `=key=value`, replacing an earlier value for the same key (which value a
    /// router takes from a repeated attribute is undocumented, so none is ever sent). An
    /// empty value is sent as `=key=`, which clears a field or sets a flag such as
    /// `count-only`.
    pub fn attr(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let (key, value) = (key.into(), value.into());
        match self.attrs.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((key, value)),
        }
        self
    }

    /// Sets every `(key, value)` pair as by [`Command::attr`], in order.
    pub fn attrs<K, V>(self, pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        pairs
            .into_iter()
            .fold(self, |command, (k, v)| command.attr(k, v))
    }

    /// Adds a query word (`?name=x`, `?-name`, `?#|`…); the leading `?` is added when
    /// missing. Query order is significant to the router (routeros.md §1.4).
    pub fn query(mut self, query: impl Into<String>) -> Self {
        let query = query.into();
        if query.starts_with('?') {
            self.queries.push(query);
        } else {
            self.queries.push(format!("?{query}"));
        }
        self
    }

    /// Adds the equality query `?key=value`.
    pub fn where_eq(self, key: &str, value: &str) -> Self {
        self.query(format!("?{key}={value}"))
    }

    /// Limits the returned properties (`=.proplist=a,b`); the doc recommends it because
    /// unlisted slow properties are then not computed.
    pub fn proplist(mut self, props: &[&str]) -> Self {
        self.proplist = Some(props.join(","));
        self
    }

    /// The menu path, e.g. `/ip/hotspot/user/add`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The value of the first attribute named `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The wire form with the given `.tag`.
    pub(crate) fn encode(&self, tag: &str) -> Vec<u8> {
        let mut words = Vec::with_capacity(3 + self.attrs.len() + self.queries.len());
        words.push(self.path.clone());
        words.extend(self.attrs.iter().map(|(k, v)| format!("={k}={v}")));
        if let Some(props) = &self.proplist {
            words.push(format!("=.proplist={props}"));
        }
        words.extend(self.queries.iter().cloned());
        words.push(format!(".tag={tag}"));
        encode_sentence(&words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::Decoder;

    fn words(command: &Command) -> Vec<String> {
        let mut decoder = Decoder::new(1 << 20);
        decoder.feed(&command.encode("7"));
        let sentence = decoder.next_sentence().unwrap().unwrap();
        sentence
            .into_iter()
            .map(|w| String::from_utf8(w).unwrap())
            .collect()
    }

    #[test]
    fn a_command_encodes_path_attributes_proplist_queries_and_tag_in_that_order() {
        let command = Command::new("/ip/hotspot/user/print")
            .attr("count-only", "")
            .query("?name=x")
            .where_eq("server", "all")
            .query("#|")
            .proplist(&[".id", "name"]);
        assert_eq!(
            words(&command),
            [
                "/ip/hotspot/user/print",
                "=count-only=",
                "=.proplist=.id,name",
                "?name=x",
                "?server=all",
                "?#|",
                ".tag=7"
            ]
        );
    }

    #[test]
    fn setting_an_attribute_twice_keeps_one_word_with_the_last_value() {
        let command = Command::new("/x/add")
            .attr("profile", "a")
            .attr("name", "n")
            .attr("profile", "b");
        assert_eq!(words(&command)[1..3], ["=profile=b", "=name=n"]);
    }

    #[test]
    fn attribute_values_may_contain_equals_signs() {
        let command = Command::new("/x/add").attrs([("name", "a=b")]);
        assert_eq!(words(&command)[1], "=name=a=b");
        assert_eq!(command.get("name"), Some("a=b"));
    }
}
