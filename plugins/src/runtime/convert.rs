//! Moves values between serde_json and Rhai without ever going through a float, so
//! money stays exact on both sides of the sandbox.

use rhai::{Array, Dynamic, Map};
use serde_json::{Number, Value};

use super::Limits;
use crate::Limit;

/// Deeper values than this are refused rather than risking the native stack.
const MAX_DEPTH: usize = 64;

/// JSON → Rhai. Integers that fit an `i64` become INT; every other number becomes its
/// decimal text, because a Rhai float would silently round amounts.
pub(crate) fn json_to_dynamic(value: &Value) -> Dynamic {
    match value {
        Value::Null => Dynamic::UNIT,
        Value::Bool(b) => Dynamic::from_bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Dynamic::from_int(i),
            None => Dynamic::from(n.to_string()),
        },
        Value::String(s) => Dynamic::from(s.clone()),
        Value::Array(items) => {
            let array: Array = items.iter().map(json_to_dynamic).collect();
            Dynamic::from_array(array)
        }
        Value::Object(fields) => {
            let map: Map = fields
                .iter()
                .map(|(k, v)| (k.as_str().into(), json_to_dynamic(v)))
                .collect();
            Dynamic::from_map(map)
        }
    }
}

/// Rhai → JSON for what a script returns. Floats are refused: a script that computed
/// an amount in floating point has a bug we want to see, not a rounded invoice.
pub(crate) fn dynamic_to_json(value: &Dynamic) -> Result<Value, String> {
    to_json_at(value, 0)
}

fn to_json_at(value: &Dynamic, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err("value is nested too deeply".into());
    }
    if value.is_unit() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Ok(i) = value.as_int() {
        return Ok(Value::Number(Number::from(i)));
    }
    if value.is_string() || value.is_char() {
        return Ok(Value::String(value.to_string()));
    }
    if value.is_array() {
        let array = value.read_lock::<Array>().ok_or("array is locked")?;
        let items: Result<Vec<Value>, String> =
            array.iter().map(|v| to_json_at(v, depth + 1)).collect();
        return Ok(Value::Array(items?));
    }
    if value.is_map() {
        let map = value.read_lock::<Map>().ok_or("map is locked")?;
        let mut object = serde_json::Map::new();
        for (key, item) in map.iter() {
            object.insert(key.to_string(), to_json_at(item, depth + 1)?);
        }
        return Ok(Value::Object(object));
    }
    if value.is_float() {
        return Err("floating-point numbers are not allowed; use strings for amounts".into());
    }
    Err(format!(
        "values of type {} cannot be returned",
        value.type_name()
    ))
}

/// Checks a returned value against the size limits: Rhai itself only checks values as
/// they are used, so a map built by indexing could otherwise leave the sandbox oversized.
pub(crate) fn check_sizes(value: &Dynamic, limits: &Limits) -> Result<(), Limit> {
    if let Some(text) = value.read_lock::<rhai::ImmutableString>() {
        return if text.len() > limits.max_string_size {
            Err(Limit::StringSize)
        } else {
            Ok(())
        };
    }
    if let Some(array) = value.read_lock::<Array>() {
        if array.len() > limits.max_array_size {
            return Err(Limit::ArraySize);
        }
        return array.iter().try_for_each(|v| check_sizes(v, limits));
    }
    if let Some(map) = value.read_lock::<Map>() {
        if map.len() > limits.max_map_size {
            return Err(Limit::MapSize);
        }
        return map.values().try_for_each(|v| check_sizes(v, limits));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_round_trips_through_rhai_without_floats() {
        let original = json!({"a": 1, "b": "150000.00", "c": [true, null], "d": {"e": "x"}});
        let back = dynamic_to_json(&json_to_dynamic(&original)).unwrap();
        assert_eq!(back, original);
    }

    #[test]
    fn non_integer_json_numbers_arrive_as_text() {
        let dynamic = json_to_dynamic(&json!(10000.5));
        assert_eq!(dynamic.into_string().unwrap(), "10000.5");
    }

    #[test]
    fn floats_returned_by_a_script_are_refused() {
        let err = dynamic_to_json(&Dynamic::from_float(1.5)).unwrap_err();
        assert!(err.contains("floating-point"), "{err}");
    }
}
