//! The plugin manifest (`plugin.toml` or `plugin.json`): identity, payment channels with
//! their fees, the settings schema, declared hosts, hooks and the entry script.

mod raw;
mod settings;
mod text;
mod validate;

pub(crate) use text::json_has_nul;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::fees::Fee;

pub use settings::SettingsError;

/// Events a plugin may subscribe to; each maps to a script function `on_<hook>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Hook {
    #[serde(rename = "payment.created")]
    PaymentCreated,
    #[serde(rename = "payment.completed")]
    PaymentCompleted,
    #[serde(rename = "payment.failed")]
    PaymentFailed,
    #[serde(rename = "user.created")]
    UserCreated,
    #[serde(rename = "user.expired")]
    UserExpired,
}

impl Hook {
    pub const ALL: [Hook; 5] = [
        Hook::PaymentCreated,
        Hook::PaymentCompleted,
        Hook::PaymentFailed,
        Hook::UserCreated,
        Hook::UserExpired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Hook::PaymentCreated => "payment.created",
            Hook::PaymentCompleted => "payment.completed",
            Hook::PaymentFailed => "payment.failed",
            Hook::UserCreated => "user.created",
            Hook::UserExpired => "user.expired",
        }
    }

    /// The script function that receives this hook.
    pub fn function_name(self) -> String {
        format!("on_{}", self.as_str().replace('.', "_"))
    }

    pub fn parse(text: &str) -> Option<Hook> {
        Hook::ALL.into_iter().find(|h| h.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Channel {
    pub code: String,
    pub name: String,
    pub fee: Fee,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SettingKind {
    String,
    Number,
    Bool,
    Select,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingField {
    pub key: String,
    pub label: String,
    pub kind: SettingKind,
    pub required: bool,
    /// Stored encrypted and never shown back in the admin UI.
    pub secret: bool,
    pub default: Option<serde_json::Value>,
    /// The allowed values of a `select`.
    pub options: Vec<String>,
    pub help: Option<String>,
}

/// A validated manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    pub name: String,
    pub version: String,
    pub author: String,
    pub description: String,
    pub entry: String,
    /// Exact host names `http_request` may reach.
    pub hosts: BTreeSet<String>,
    pub hooks: BTreeSet<Hook>,
    pub channels: Vec<Channel>,
    pub settings: Vec<SettingField>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    #[error("manifest is not valid {format}: {message}")]
    Syntax {
        format: &'static str,
        message: String,
    },
    #[error("manifest field `{field}` {reason}")]
    Invalid { field: String, reason: String },
    #[error("manifest file must be named plugin.toml or plugin.json, not `{0}`")]
    UnknownFormat(String),
}

impl Manifest {
    pub fn from_toml(text: &str) -> Result<Self, ManifestError> {
        let syntax = |e: toml::de::Error| ManifestError::Syntax {
            format: "toml",
            message: e.to_string().trim().to_string(),
        };
        let value: toml::Value = toml::from_str(text).map_err(syntax)?;
        if text::toml_has_nul(&value) {
            return Err(text::nul_error());
        }
        validate::manifest(value.try_into().map_err(syntax)?)
    }

    pub fn from_json(text: &str) -> Result<Self, ManifestError> {
        let syntax = |e: serde_json::Error| ManifestError::Syntax {
            format: "json",
            message: e.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
        if text::json_has_nul(&value) {
            return Err(text::nul_error());
        }
        validate::manifest(serde_json::from_value(value).map_err(syntax)?)
    }

    /// Parses by file name: `plugin.toml` or `plugin.json`.
    pub fn from_file(file_name: &str, text: &str) -> Result<Self, ManifestError> {
        match file_name {
            "plugin.toml" => Self::from_toml(text),
            "plugin.json" => Self::from_json(text),
            other => Err(ManifestError::UnknownFormat(other.to_string())),
        }
    }

    pub fn channel(&self, code: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.code == code)
    }

    pub fn setting(&self, key: &str) -> Option<&SettingField> {
        self.settings.iter().find(|s| s.key == key)
    }

    /// `name@version`, the identity an AST is compiled for.
    pub fn id(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }
}

#[cfg(test)]
mod tests;
