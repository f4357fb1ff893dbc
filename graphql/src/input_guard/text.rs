//! Finding text PostgreSQL cannot store: a U+0000 anywhere in a request's strings — in
//! literals of the document (arguments, directive arguments, variable defaults) or in the
//! variables — and how deeply the variables nest.
//!
//! Rust strings are always valid UTF-8, so NUL is the one character that is valid input
//! here and still fails as a `text`/`jsonb` parameter (`invalid byte sequence for encoding
//! "UTF8": 0x00`), surfacing as INTERNAL. Refusing it once, here, covers every argument
//! of every field instead of each resolver remembering to.

use async_graphql::parser::types::{
    Directive, ExecutableDocument, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Pos, Positioned, Value as ConstValue};
use serde::Serialize;

/// Where the first NUL-bearing literal of the document starts.
pub fn nul_in_document(doc: &ExecutableDocument) -> Option<Pos> {
    doc.operations
        .iter()
        .find_map(|(_, op)| in_operation(&op.node))
        .or_else(|| {
            doc.fragments.values().find_map(|f| {
                in_directives(&f.node.directives).or_else(|| in_selections(&f.node.selection_set))
            })
        })
}

fn in_operation(op: &OperationDefinition) -> Option<Pos> {
    op.variable_definitions
        .iter()
        .find_map(|v| {
            let default = v.node.default_value.as_ref();
            default
                .filter(|d| const_has_nul(&d.node))
                .map(|d| d.pos)
                .or_else(|| in_directives(&v.node.directives))
        })
        .or_else(|| in_directives(&op.directives))
        .or_else(|| in_selections(&op.selection_set))
}

/// Selection sets are as deep as the document's brackets, which the nesting guard has
/// already bounded, so recursing here is safe.
fn in_selections(set: &Positioned<SelectionSet>) -> Option<Pos> {
    set.node.items.iter().find_map(|s| match &s.node {
        Selection::Field(f) => in_arguments(&f.node.arguments)
            .or_else(|| in_directives(&f.node.directives))
            .or_else(|| in_selections(&f.node.selection_set)),
        Selection::FragmentSpread(s) => in_directives(&s.node.directives),
        Selection::InlineFragment(i) => {
            in_directives(&i.node.directives).or_else(|| in_selections(&i.node.selection_set))
        }
    })
}

fn in_directives(directives: &[Positioned<Directive>]) -> Option<Pos> {
    directives
        .iter()
        .find_map(|d| in_arguments(&d.node.arguments))
}

/// Argument values may hold variables, a type async-graphql does not export; they are
/// walked through their serde form (a variable serialises as its `$name`).
fn in_arguments<V: Serialize>(arguments: &[(Positioned<Name>, Positioned<V>)]) -> Option<Pos> {
    arguments
        .iter()
        .find(|(_, v)| serde_json::to_value(&v.node).is_ok_and(|j| json_has_nul(&j)))
        .map(|(_, v)| v.pos)
}

/// Whether a JSON value holds a NUL in any string or key.
pub fn json_has_nul(value: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match value {
        J::String(s) => s.contains('\0'),
        J::Array(items) => items.iter().any(json_has_nul),
        J::Object(fields) => fields
            .iter()
            .any(|(k, v)| k.contains('\0') || json_has_nul(v)),
        _ => false,
    }
}

/// Whether a value (a variable, a default) holds a NUL in any string or key.
pub fn const_has_nul(value: &ConstValue) -> bool {
    match value {
        ConstValue::String(s) => s.contains('\0'),
        ConstValue::List(items) => items.iter().any(const_has_nul),
        ConstValue::Object(fields) => fields
            .iter()
            .any(|(k, v)| k.contains('\0') || const_has_nul(v)),
        _ => false,
    }
}

/// Whether a value nests deeper than `limit` lists/objects. Variables arrive through
/// serde_json, whose own recursion limit (128) has already bounded this walk.
pub fn deeper_than(value: &ConstValue, limit: usize) -> bool {
    match value {
        _ if limit == 0 => matches!(value, ConstValue::List(_) | ConstValue::Object(_)),
        ConstValue::List(items) => items.iter().any(|v| deeper_than(v, limit - 1)),
        ConstValue::Object(fields) => fields.values().any(|v| deeper_than(v, limit - 1)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;
    use serde_json::json;

    use super::*;

    fn nul_at(query: &str) -> Option<(usize, usize)> {
        let doc = parse_query(query).unwrap_or_else(|e| panic!("{e}"));
        nul_in_document(&doc).map(|p| (p.line, p.column))
    }

    #[test]
    fn a_nul_literal_is_found_wherever_it_is() {
        assert_eq!(
            nul_at(r#"{ a(x: "ok") { b(y: ["z", "\u0000"]) } }"#),
            Some((1, 21))
        );
        assert_eq!(nul_at(r#"{ a(x: {k: {k: "\u0000"}}) }"#), Some((1, 8)));
        assert!(nul_at(r#"query($v: String = "\u0000") { a }"#).is_some());
        assert!(nul_at(r#"{ a @include(if: "\u0000") }"#).is_some());
        assert!(nul_at(r#"{ ...F } fragment F on Q { a(x: "\u0000") }"#).is_some());
        assert!(nul_at(r#"{ ... on Q { a(x: """bl\u0000ck""") } }"#).is_none());
        assert_eq!(nul_at(r#"{ a(x: "fine \\u0000", y: $v) }"#), None);
    }

    #[test]
    fn nul_in_variables_is_found_in_values_and_keys() {
        let v = |j| ConstValue::from_json(j).unwrap();
        assert!(const_has_nul(&v(json!({"a": [1, {"b": "x\u{0}"}]}))));
        assert!(const_has_nul(&v(json!({"a\u{0}": 1}))));
        assert!(!const_has_nul(&v(json!({"a": ["\\u0000", 1, null]}))));
    }

    #[test]
    fn variable_nesting_is_measured() {
        let v = |j| ConstValue::from_json(j).unwrap();
        assert!(!deeper_than(&v(json!([[1]])), 2));
        assert!(deeper_than(&v(json!([[[1]]])), 2));
        assert!(deeper_than(&v(json!({"a": {"b": {}}})), 2));
        assert!(!deeper_than(&v(json!("flat")), 0));
    }
}
