//! Addressing rows by `=.id=` or `=numbers=`: internal numbers, comma lists, and names.

use crate::proto::Sentence;

use super::super::reply::Trap;
use super::super::state::Table;
use crate::values::parse_id;

/// The rows a `set`/`remove`/`enable`/`disable` names, all resolved before any change so
/// that a bad entry in a list changes nothing.
pub(super) fn resolve(table: &Table, sentence: &Sentence) -> Result<Vec<u64>, Trap> {
    let Some(list) = sentence.get(".id").or_else(|| sentence.get("numbers")) else {
        // Inferred wording of the router's complaint about a missing argument.
        return Err(Trap::new("missing value(s) of argument(s) numbers"));
    };
    let mut ids = Vec::new();
    for token in list.split(',').map(str::trim) {
        for id in resolve_one(table, token)? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

fn resolve_one(table: &Table, token: &str) -> Result<Vec<u64>, Trap> {
    if token.starts_with('*') {
        let id = parse_id(token).ok_or_else(|| Trap::new("invalid internal item number"))?;
        return if table.contains(id) {
            Ok(vec![id])
        } else {
            Err(Trap::new("no such item"))
        };
    }
    // RouterOS lets a name stand in for the id where the table has names (§1.8).
    let ids: Vec<u64> = table.by_name(token).map(|i| i.id).collect();
    if ids.is_empty() {
        Err(Trap::new("invalid internal item number"))
    } else {
        Ok(ids)
    }
}
