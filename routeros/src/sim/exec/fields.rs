//! Validation and normalisation of written values, with the router's error texts.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::proto::Sentence;

use super::super::menus::{BOOL_FIELDS, Menu, TIME_FIELDS, Unique};
use super::super::reply::Trap;
use super::super::state::{State, Table};
use crate::values::{format_bool, format_duration, parse_bool, parse_duration};

/// Attributes that address rows or shape output rather than set a property.
const ADDRESSING: &[&str] = &[".id", "numbers"];

/// The property writes of `sentence`, checked and normalised: `Some(value)` to store,
/// `None` to clear (an empty value such as `=comment=` clears the property).
pub(super) fn writes(
    state: &State,
    menu: &Menu,
    sentence: &Sentence,
) -> Result<Vec<(String, Option<String>)>, Trap> {
    let mut out = Vec::new();
    for (key, value) in &sentence.attributes {
        if ADDRESSING.contains(&key.as_str()) || key.starts_with('.') {
            continue;
        }
        if !menu.fields.contains(&key.as_str()) {
            // Inferred wording (seen in client test fixtures, not in a router trace).
            return Err(Trap::new(format!("unknown parameter {key}")));
        }
        out.push((key.clone(), normalise(state, menu, key, value)?));
    }
    Ok(out)
}

fn normalise(state: &State, menu: &Menu, key: &str, value: &str) -> Result<Option<String>, Trap> {
    let invalid = || Trap::argument(format!("invalid value for argument {key}"));
    if BOOL_FIELDS.contains(&key) {
        return parse_bool(value)
            .map(|b| Some(format_bool(b).to_owned()))
            .ok_or_else(invalid);
    }
    if TIME_FIELDS.contains(&key) {
        if value == "none" {
            return Ok(Some(value.to_owned()));
        }
        return parse_duration(value)
            .map(|s| Some(format_duration(s)))
            .ok_or_else(invalid);
    }
    if key == "profile"
        && let Some(profiles) = menu.profiles
        && !state.has_name(profiles, value)
    {
        return Err(Trap::argument("input does not match any value of profile"));
    }
    if key == "ranges" && !value.is_empty() && !valid_ranges(value) {
        return Err(invalid());
    }
    if key == "name" && value.is_empty() {
        return Err(invalid());
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

/// `/ip/pool` ranges: a comma list of `from-to` (not reversed), `address/prefix` or a
/// single address, as the pool menu documents them.
fn valid_ranges(value: &str) -> bool {
    let ip = |s: &str| s.trim().parse::<Ipv4Addr>().ok();
    value.split(',').all(|range| {
        if let Some((from, to)) = range.split_once('-') {
            return matches!((ip(from), ip(to)), (Some(a), Some(b)) if a <= b);
        }
        if let Some((address, prefix)) = range.split_once('/') {
            return ip(address).is_some() && prefix.parse::<u8>().is_ok_and(|p| p <= 32);
        }
        ip(range).is_some()
    })
}

/// Applies validated writes to a row's fields.
pub(super) fn apply(fields: &mut BTreeMap<String, String>, writes: &[(String, Option<String>)]) {
    for (key, value) in writes {
        match value {
            Some(value) => fields.insert(key.clone(), value.clone()),
            None => fields.remove(key),
        };
    }
}

/// Whether a row with these fields would clash by name with another row of the table.
pub(super) fn clashes(
    menu: &Menu,
    table: &Table,
    fields: &BTreeMap<String, String>,
    except: Option<u64>,
) -> bool {
    let Some(name) = fields.get("name") else {
        return false;
    };
    let server =
        |f: &BTreeMap<String, String>| f.get("server").cloned().unwrap_or_else(|| "all".to_owned());
    let mine = server(fields);
    table
        .by_name(name)
        .filter(|other| Some(other.id) != except)
        .any(|other| match menu.unique {
            Unique::Nothing => false,
            Unique::Name => true,
            Unique::NamePerServer => {
                let theirs = server(&other.fields);
                theirs == mine || theirs == "all" || mine == "all"
            }
        })
}
