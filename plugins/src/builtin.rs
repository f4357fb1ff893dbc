//! The built-in plugins, written in Rhai on this runtime and embedded in the binary.

use crate::manifest::{Manifest, ManifestError};
use crate::{Plugin, PluginError, Runtime};

/// A built-in plugin's sources.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinSource {
    pub name: &'static str,
    pub manifest: &'static str,
    pub script: &'static str,
}

macro_rules! builtin {
    ($name:literal) => {
        BuiltinSource {
            name: $name,
            manifest: include_str!(concat!("../builtin/", $name, "/plugin.toml")),
            script: include_str!(concat!("../builtin/", $name, "/main.rhai")),
        }
    };
}

pub const BUILTINS: [BuiltinSource; 5] = [
    builtin!("manual"),
    builtin!("duitku"),
    builtin!("midtrans"),
    builtin!("tripay"),
    builtin!("xendit"),
];

#[derive(Debug, thiserror::Error)]
pub enum BuiltinError {
    #[error("there is no built-in plugin `{0}`")]
    Unknown(String),
    #[error("built-in plugin `{name}`: {source}")]
    Manifest { name: String, source: ManifestError },
    #[error("built-in plugin `{name}`: {source}")]
    Load { name: String, source: PluginError },
}

pub fn source(name: &str) -> Option<BuiltinSource> {
    BUILTINS.into_iter().find(|b| b.name == name)
}

/// Loads one built-in plugin.
pub fn load(runtime: &Runtime, name: &str) -> Result<Plugin, BuiltinError> {
    let source = source(name).ok_or_else(|| BuiltinError::Unknown(name.to_string()))?;
    let manifest =
        Manifest::from_toml(source.manifest).map_err(|source| BuiltinError::Manifest {
            name: name.to_string(),
            source,
        })?;
    runtime
        .load(manifest, source.script)
        .map_err(|source| BuiltinError::Load {
            name: name.to_string(),
            source,
        })
}

/// Loads every built-in plugin.
pub fn load_all(runtime: &Runtime) -> Result<Vec<Plugin>, BuiltinError> {
    BUILTINS.iter().map(|b| load(runtime, b.name)).collect()
}

#[cfg(test)]
mod tests;
