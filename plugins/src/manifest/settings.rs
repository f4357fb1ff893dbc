//! The settings schema: validated when the manifest loads, and used to check what an
//! admin saves and to fill in defaults before a call.

use std::collections::BTreeSet;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::{Manifest, ManifestError, SettingField, SettingKind};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("setting `{0}` is required")]
    Missing(String),
    #[error("setting `{0}` is not defined by the plugin")]
    Unknown(String),
    #[error("setting `{key}` {reason}")]
    Invalid { key: String, reason: String },
}

fn schema_error(key: &str, part: &str, reason: impl Into<String>) -> ManifestError {
    ManifestError::Invalid {
        field: format!("settings.{key}{part}"),
        reason: reason.into(),
    }
}

pub(super) fn fields(fields: Vec<SettingField>) -> Result<Vec<SettingField>, ManifestError> {
    let mut seen = BTreeSet::new();
    for field in &fields {
        let key = field.key.as_str();
        let key_ok = (1..=64).contains(&key.len())
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !key_ok {
            return Err(schema_error(
                key,
                ".key",
                "must be a-z, 0-9 and `_`, starting with a letter",
            ));
        }
        if !seen.insert(key) {
            return Err(schema_error(key, ".key", "is defined twice"));
        }
        if field.label.trim().is_empty() {
            return Err(schema_error(key, ".label", "must not be empty"));
        }
        check_options(field)?;
        if let Some(default) = &field.default {
            value_error(field, default)
                .map_or(Ok(()), |r| Err(schema_error(key, ".default", r)))?;
        }
    }
    Ok(fields)
}

fn check_options(field: &SettingField) -> Result<(), ManifestError> {
    let unique: BTreeSet<&String> = field.options.iter().collect();
    match field.kind {
        SettingKind::Select if field.options.is_empty() => Err(schema_error(
            &field.key,
            ".options",
            "a select needs at least one option",
        )),
        SettingKind::Select if unique.len() != field.options.len() => {
            Err(schema_error(&field.key, ".options", "has duplicates"))
        }
        SettingKind::Select => Ok(()),
        _ if !field.options.is_empty() => Err(schema_error(
            &field.key,
            ".options",
            "is only allowed for a select",
        )),
        _ => Ok(()),
    }
}

/// Why `value` does not fit `field`, if it does not.
fn value_error(field: &SettingField, value: &Value) -> Option<String> {
    match (field.kind, value) {
        (SettingKind::String, Value::String(_)) | (SettingKind::Bool, Value::Bool(_)) => None,
        (SettingKind::Number, Value::Number(_)) => None,
        (SettingKind::Number, Value::String(s)) if Decimal::from_str(s.trim()).is_ok() => None,
        (SettingKind::Select, Value::String(s)) if field.options.contains(s) => None,
        (SettingKind::Select, _) => Some(format!("must be one of {}", field.options.join(", "))),
        (SettingKind::String, _) => Some("must be a string".into()),
        (SettingKind::Number, _) => Some("must be a number".into()),
        (SettingKind::Bool, _) => Some("must be true or false".into()),
    }
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

impl Manifest {
    /// Checks settings an admin wants to save against the schema.
    pub fn check_settings(&self, values: &Map<String, Value>) -> Result<(), SettingsError> {
        if let Some(key) = values.keys().find(|k| self.setting(k).is_none()) {
            return Err(SettingsError::Unknown(key.clone()));
        }
        for field in &self.settings {
            let value = values.get(&field.key).filter(|v| !is_blank(v));
            match value.or(field.default.as_ref()) {
                None if field.required => return Err(SettingsError::Missing(field.key.clone())),
                None => {}
                Some(value) => {
                    if let Some(reason) = value_error(field, value) {
                        let key = field.key.clone();
                        return Err(SettingsError::Invalid { key, reason });
                    }
                }
            }
        }
        Ok(())
    }

    /// The values a script sees: saved values, with defaults for blanks. Keys the
    /// schema does not know are dropped so scripts cannot depend on them.
    pub fn resolve_settings(&self, values: &Map<String, Value>) -> Map<String, Value> {
        self.settings
            .iter()
            .filter_map(|field| {
                let value = values.get(&field.key).filter(|v| !is_blank(v));
                let value = value.or(field.default.as_ref())?;
                Some((field.key.clone(), value.clone()))
            })
            .collect()
    }
}
