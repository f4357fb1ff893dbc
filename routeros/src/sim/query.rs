//! `print` queries: the boolean stack machine of routeros.md §1.4.
//!
//! The machine runs over any [`Fields`] (a rendered [`Row`], or a lazy view of a stored
//! row) and over any [`Logic`]: plain booleans select rows, and the three-valued logic
//! of [`super::plan`] finds the words a query cannot do without.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::menus::TIME_FIELDS;
use super::render::Row;
use crate::values::{parse_bool, parse_duration};

/// What a query reads from a row: a property's printed value, if the row has one.
pub(crate) trait Fields {
    fn field(&self, name: &str) -> Option<Cow<'_, str>>;
}

impl Fields for Row {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(|v| Cow::Borrowed(v.as_str()))
    }
}

/// Whether `row` is selected by the query words (each with its leading `?`).
///
/// The stack starts as an infinite stack of `true`, modelled as an empty vector whose
/// missing entries read as `true`; the row is selected when no `false` is left.
pub(crate) fn selects(queries: &[String], row: &impl Fields) -> bool {
    !run(queries, |word| test(word, row)).contains(&false)
}

/// Runs the stack machine, asking `test` for the value of each non-`#` word (given
/// without its leading `?`); returns the stack left at the end.
pub(crate) fn run<L: Logic>(queries: &[String], mut test: impl FnMut(&str) -> L) -> Vec<L> {
    let mut stack = Stack(Vec::new());
    for word in queries {
        let word = word.strip_prefix('?').unwrap_or(word);
        match word.strip_prefix('#') {
            Some(ops) => stack.apply(ops),
            None => stack.0.push(test(word)),
        }
    }
    stack.0
}

/// The property and value of an equality word (`name=x` or `=name=x`, without `?`).
pub(crate) fn equality(word: &str) -> Option<(&str, &str)> {
    if word.starts_with(['-', '<', '>']) {
        return None;
    }
    word.strip_prefix('=').unwrap_or(word).split_once('=')
}

fn test(word: &str, row: &impl Fields) -> bool {
    if let Some(name) = word.strip_prefix('-') {
        return row.field(name).is_none();
    }
    if let Some(pair) = word.strip_prefix('<') {
        return compare(pair, row) == Some(Ordering::Less);
    }
    if let Some(pair) = word.strip_prefix('>') {
        return compare(pair, row) == Some(Ordering::Greater);
    }
    let pair = word.strip_prefix('=').unwrap_or(word);
    match pair.split_once('=') {
        Some((name, wanted)) => {
            let actual = row.field(name);
            equal(name, actual.as_deref().unwrap_or(""), wanted)
        }
        None => row.field(pair).is_some(),
    }
}

/// Equality as the simulator applies it; [`super::plan`] relies on it being plain
/// string equality for `.id`, and for `name` unless the wanted value is a boolean.
pub(crate) fn equal(name: &str, actual: &str, wanted: &str) -> bool {
    if actual == wanted {
        return true;
    }
    // Clients write booleans as yes/no (librouteros) while rows print true/false.
    if let (Some(a), Some(b)) = (parse_bool(actual), parse_bool(wanted)) {
        return a == b;
    }
    is_time(name) && parse_duration(actual).is_some_and(|a| Some(a) == parse_duration(wanted))
}

fn compare(pair: &str, row: &impl Fields) -> Option<Ordering> {
    let (name, wanted) = pair.split_once('=')?;
    let actual = row.field(name)?;
    if let (Ok(a), Ok(b)) = (actual.parse::<i128>(), wanted.parse::<i128>()) {
        return Some(a.cmp(&b));
    }
    if is_time(name)
        && let (Some(a), Some(b)) = (parse_duration(&actual), parse_duration(wanted))
    {
        return Some(a.cmp(&b));
    }
    Some(actual.as_ref().cmp(wanted))
}

fn is_time(name: &str) -> bool {
    name == "uptime" || TIME_FIELDS.contains(&name)
}

/// The values the stack holds: the three operations and the `true` below the bottom.
pub(crate) trait Logic: Copy + PartialEq {
    const TRUE: Self;
    fn not(self) -> Self;
    fn and(self, other: Self) -> Self;
    fn or(self, other: Self) -> Self;
}

impl Logic for bool {
    const TRUE: bool = true;
    fn not(self) -> bool {
        !self
    }
    fn and(self, other: bool) -> bool {
        self && other
    }
    fn or(self, other: bool) -> bool {
        self || other
    }
}

struct Stack<L>(Vec<L>);

impl<L: Logic> Stack<L> {
    /// Index 0 is the top; below the explicit values the stack is all `true`.
    fn peek(&self, index: usize) -> L {
        self.0
            .len()
            .checked_sub(index + 1)
            .and_then(|i| self.0.get(i))
            .copied()
            .unwrap_or(L::TRUE)
    }

    fn pop(&mut self) -> L {
        self.0.pop().unwrap_or(L::TRUE)
    }

    fn apply(&mut self, ops: &str) {
        let mut index: Option<usize> = None;
        for c in ops.chars() {
            if let Some(digit) = c.to_digit(10) {
                let i = index.unwrap_or(0);
                index = Some(i.saturating_mul(10).saturating_add(digit as usize));
                continue;
            }
            let after_index = index.take().map(|i| self.0.push(self.peek(i))).is_some();
            match c {
                '!' => {
                    let top = self.pop();
                    self.0.push(top.not());
                }
                '&' | '|' => {
                    let (a, b) = (self.pop(), self.pop());
                    self.0.push(if c == '&' { a.and(b) } else { a.or(b) });
                }
                '.' if !after_index => self.0.push(self.peek(0)),
                _ => {}
            }
        }
        if let Some(i) = index {
            // An index closing the word replaces the whole stack with that value.
            let value = self.peek(i);
            self.0 = vec![value];
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, &str)]) -> Row {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn q(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn equality_in_both_forms() {
        let r = row(&[("name", "v1"), ("disabled", "false")]);
        assert!(selects(&q(&["?name=v1"]), &r));
        assert!(selects(&q(&["?=name=v1"]), &r));
        assert!(!selects(&q(&["?=name=v2"]), &r));
        assert!(selects(&q(&["?disabled=no"]), &r));
    }

    #[test]
    fn presence_absence_and_order() {
        let r = row(&[("name", "v1"), ("comment", "x"), ("bytes-in", "100")]);
        assert!(selects(&q(&["?comment"]), &r));
        assert!(selects(&q(&["?-email"]), &r));
        assert!(selects(&q(&["?>comment="]), &r));
        assert!(selects(&q(&["?>bytes-in=99"]), &r));
        assert!(!selects(&q(&["?<bytes-in=99"]), &r));
        assert!(
            selects(&q(&["?server="]), &r),
            "an absent field equals the empty value"
        );
    }

    #[test]
    fn stack_operators() {
        let ether = row(&[("type", "ether")]);
        let vlan = row(&[("type", "vlan")]);
        let wlan = row(&[("type", "wlan")]);
        let or = q(&["?type=ether", "?type=vlan", "?#|"]);
        assert!(selects(&or, &ether) && selects(&or, &vlan) && !selects(&or, &wlan));
        let not = q(&["?=type=ether", "?#!"]);
        assert!(!selects(&not, &ether) && selects(&not, &wlan));
        let in3 = q(&["?type=a", "?type=vlan", "?type=c", "?#|", "?#|"]);
        assert!(selects(&in3, &vlan) && !selects(&in3, &ether));
        let and = q(&["?type=ether", "?-comment", "?#&"]);
        assert!(selects(&and, &ether));
        // `1` at the end replaces the stack with the value below the top.
        assert!(selects(&q(&["?type=ether", "?type=vlan", "?#1"]), &ether));
        // `0.` pushes a copy of the top and `.` after an index adds nothing more.
        assert!(!selects(&q(&["?type=vlan", "?#0.|"]), &ether));
        assert!(selects(&q(&["?type=vlan", "?#0.!&!"]), &ether));
    }
}
