//! Which rows a `print` query can select, found without a scan when the query cannot
//! select a row unless its `name` or `.id` equals a given value (ADR 0015).
//!
//! A query is answered from the table's indexes when every row it selects must satisfy
//! one of its indexable words: `name=X` (X non-empty and not a boolean) or `.id=X`. To
//! find out, the stack machine runs in three-valued logic with the indexable words
//! `false` and every other word unknown: a `false` left on the stack means no row
//! failing all of them is selected, so the rows that pass one of them (the index
//! answers) are the only candidates. The full query is then applied to each candidate,
//! so the index only narrows the rows and never decides what is printed.

use std::collections::BTreeSet;

use super::menus::Menu;
use super::query::{self, Logic};
use super::render::View;
use super::state::{Item, State, Table};
use crate::values::parse_bool;

/// How to find the rows a query may select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Every row of the table.
    Scan,
    /// Only the rows these lookups return (their union, in `.id` order).
    Lookup(Vec<Key>),
}

/// One index lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    Name(String),
    /// `None` for a value that is no well-formed `.id`: no row prints it.
    Id(Option<u64>),
}

impl Plan {
    /// The plan for these query words (each with its leading `?`).
    pub(crate) fn of(queries: &[String]) -> Plan {
        let mut keys = Vec::new();
        let stack = query::run(queries, |word| match key(word) {
            Some(k) => {
                keys.push(k);
                Tri::False
            }
            None => Tri::Unknown,
        });
        if keys.is_empty() || !stack.contains(&Tri::False) {
            return Plan::Scan;
        }
        Plan::Lookup(keys)
    }

    /// The rows to test against the query, in `.id` order.
    pub(crate) fn candidates<'t>(
        &self,
        table: &'t Table,
    ) -> Box<dyn Iterator<Item = &'t Item> + 't> {
        let Plan::Lookup(keys) = self else {
            return Box::new(table.rows());
        };
        let mut ids = BTreeSet::new();
        for key in keys {
            match key {
                Key::Name(name) => ids.extend(table.by_name(name).map(|item| item.id)),
                Key::Id(Some(id)) => {
                    ids.insert(*id);
                }
                Key::Id(None) => {}
            }
        }
        Box::new(ids.into_iter().filter_map(|id| table.get(id)))
    }
}

/// The rows of `menu` that `queries` select, in `.id` order, found through `plan`.
pub(crate) fn select<'s>(
    state: &'s State,
    menu: &'s Menu,
    queries: &[String],
    now: u64,
    plan: &Plan,
) -> Vec<View<'s>> {
    let Some(table) = state.table(menu.path) else {
        return Vec::new();
    };
    plan.candidates(table)
        .map(|item| View {
            state,
            menu,
            item,
            now,
        })
        .filter(|view| query::selects(queries, view))
        .collect()
}

/// The lookup that finds every row an equality word can be true for, if there is one.
///
/// `name=` (empty) is true for rows without a name, which no index holds, and a boolean
/// value also equals its other spellings (`yes` = `true`); both need a scan. `.id` is
/// always printed and never a boolean, so its equality is plain string equality, and
/// only the number it parses to can print as that string.
fn key(word: &str) -> Option<Key> {
    let (property, wanted) = query::equality(word)?;
    match property {
        ".id" => Some(Key::Id(crate::values::parse_id(wanted))),
        "name" if !wanted.is_empty() && parse_bool(wanted).is_none() => {
            Some(Key::Name(wanted.to_owned()))
        }
        _ => None,
    }
}

/// Kleene's three-valued logic: `Unknown` stands for either value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tri {
    True,
    False,
    Unknown,
}

impl Logic for Tri {
    const TRUE: Tri = Tri::True;

    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }

    fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        }
    }

    fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(words: &[&str]) -> Plan {
        Plan::of(&words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>())
    }

    fn name(n: &str) -> Key {
        Key::Name(n.to_owned())
    }

    #[test]
    fn equality_on_name_or_id_is_a_lookup() {
        assert_eq!(plan(&["?name=v1"]), Plan::Lookup(vec![name("v1")]));
        assert_eq!(plan(&["?=name=v1"]), Plan::Lookup(vec![name("v1")]));
        assert_eq!(
            plan(&["?=.id=*1A"]),
            Plan::Lookup(vec![Key::Id(Some(0x1A))])
        );
        assert_eq!(plan(&["?.id=x"]), Plan::Lookup(vec![Key::Id(None)]));
    }

    #[test]
    fn a_required_word_among_others_is_a_lookup() {
        // librouteros: `.where(name == "v1", disabled == False)` is a conjunction.
        let and = plan(&["?=name=v1", "?=disabled=no", "?#&"]);
        assert_eq!(and, Plan::Lookup(vec![name("v1")]));
        // `In("a", "b")` is a disjunction of lookups.
        let any = plan(&["?=name=a", "?=name=b", "?#|"]);
        assert_eq!(any, Plan::Lookup(vec![name("a"), name("b")]));
        let not_c = plan(&["?name=a", "?name=c", "?#!"]);
        assert_eq!(not_c, Plan::Lookup(vec![name("a"), name("c")]));
    }

    #[test]
    fn queries_a_row_may_pass_without_the_equality_scan() {
        assert_eq!(plan(&[]), Plan::Scan);
        assert_eq!(plan(&["?disabled=true"]), Plan::Scan);
        assert_eq!(plan(&["?name=v1", "?#!"]), Plan::Scan, "name != v1");
        assert_eq!(plan(&["?name=a", "?comment", "?#|"]), Plan::Scan);
        assert_eq!(plan(&["?name="]), Plan::Scan, "rows without a name match");
        assert_eq!(plan(&["?name=yes"]), Plan::Scan, "a row named true matches");
        assert_eq!(plan(&["?>name=a"]), Plan::Scan);
        // `?#1` leaves only the value below the top: the `true` under the stack.
        assert_eq!(plan(&["?name=a", "?#1"]), Plan::Scan);
    }
}
