//! The manifest exactly as written (TOML or JSON), before validation.

use serde::Deserialize;

use crate::fees::ChargedTo;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawManifest {
    pub name: String,
    pub version: String,
    pub author: String,
    pub description: String,
    #[serde(default = "default_entry")]
    pub entry: String,
    #[serde(default)]
    pub hosts: Vec<String>,
    #[serde(default)]
    pub hooks: Vec<String>,
    #[serde(default)]
    pub channels: Vec<RawChannel>,
    #[serde(default)]
    pub settings: Vec<RawSetting>,
}

fn default_entry() -> String {
    "main.rhai".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChannel {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub fee: Option<RawFee>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFee {
    pub flat: Option<RawNumber>,
    pub percent: Option<RawNumber>,
    pub min: Option<RawNumber>,
    pub max: Option<RawNumber>,
    pub charged_to: ChargedTo,
}

/// Money may be written as a string (`"0.7"`) or an integer; a float is accepted by the
/// parser only so that validation can refuse it with a useful message.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawNumber {
    Int(i64),
    Text(String),
    Float(f64),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSetting {
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub secret: bool,
    pub default: Option<serde_json::Value>,
    #[serde(default)]
    pub options: Vec<String>,
    pub help: Option<String>,
}
