//! Text must be storable: manifest fields and plugin return values end up in events and
//! read models, and PostgreSQL text cannot hold U+0000. Checked once over the whole parsed
//! document, so every field (labels, help, defaults, options…) is covered without a check
//! per field.

use super::ManifestError;

pub(super) fn nul_error() -> ManifestError {
    ManifestError::Invalid {
        field: "manifest".into(),
        reason: "must not contain the NUL character (U+0000)".into(),
    }
}

pub(super) fn toml_has_nul(value: &toml::Value) -> bool {
    match value {
        toml::Value::String(s) => s.contains('\0'),
        toml::Value::Array(items) => items.iter().any(toml_has_nul),
        toml::Value::Table(t) => t.iter().any(|(k, v)| k.contains('\0') || toml_has_nul(v)),
        _ => false,
    }
}

pub(crate) fn json_has_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(json_has_nul),
        serde_json::Value::Object(m) => m.iter().any(|(k, v)| k.contains('\0') || json_has_nul(v)),
        _ => false,
    }
}
