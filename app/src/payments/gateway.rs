//! The `PaymentGateway` port: payment plugins as the payment use cases need them — the
//! installed version ready to call, the names known here, installing an uploaded package.
//! Its adapter (the hot-swapping plugin registry and the package store) lives in
//! `tagih-sagas::payments::plugins`.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use tagih_aggregates::plugin_install::PluginInstall;
use tagih_commands::{CommandError, Metadata};
use tagih_plugins::manifest::{Manifest, SettingKind};
use tagih_plugins::package;
use tagih_plugins::{CallContext, Plugin, PluginError};

/// A compiled plugin and the package it came from.
#[derive(Debug)]
pub struct LoadedPlugin {
    pub plugin: Plugin,
    pub sha256: String,
    pub builtin: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("package refused: {0}")]
    Package(#[from] package::PackageError),
    #[error("plugin does not load: {0}")]
    Plugin(#[from] PluginError),
    #[error("no built-in plugin called {0}")]
    UnknownBuiltin(String),
    #[error("built-in plugin {0} does not load: {1}")]
    Builtin(String, String),
}

#[derive(Debug, thiserror::Error)]
pub enum PluginUseError {
    #[error("no plugin called {0}")]
    NotInstalled(String),
    #[error("plugin {0} is not active")]
    Inactive(String),
    #[error("plugin package {0} is missing from storage")]
    MissingPackage(String),
    #[error(transparent)]
    Registry(#[from] RegistryError),
    #[error(transparent)]
    Command(#[from] CommandError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// A plugin ready to call: its compiled version, its state, and a call context.
pub struct Ready {
    pub loaded: Arc<LoadedPlugin>,
    pub state: PluginInstall,
    pub ctx: CallContext,
}

/// Settings as the manifest types them (booleans are stored as text).
pub fn typed_settings(manifest: &Manifest, plain: &BTreeMap<String, String>) -> Map<String, Value> {
    plain
        .iter()
        .map(|(k, v)| {
            let value = match manifest.setting(k).map(|f| f.kind) {
                Some(SettingKind::Bool) => Value::Bool(v == "true" || v == "yes" || v == "1"),
                _ => Value::String(v.clone()),
            };
            (k.clone(), value)
        })
        .collect()
}

#[async_trait]
pub trait PaymentGateway: Send + Sync {
    /// The installed version of `name`, compiled, with its settings.
    async fn ready(
        &self,
        name: &str,
        require_active: bool,
        now: DateTime<Utc>,
    ) -> Result<Ready, PluginUseError>;

    /// Every plugin name known here (uploaded packages and built-ins), sorted.
    async fn known_names(&self) -> Result<Vec<String>, PluginUseError>;

    /// Checks, stores and records an uploaded package; returns the plugin's name.
    async fn install_upload(&self, bytes: &[u8], meta: &Metadata)
    -> Result<String, PluginUseError>;

    /// Whether extra plugin hosts may name private and loopback addresses (ADR 0026).
    fn allow_private_hosts(&self) -> bool;
}
