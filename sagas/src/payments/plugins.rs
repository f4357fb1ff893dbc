//! Plugins as the payment flows use them: the installed, active version (compiled lazily
//! and hot-swapped when the installed package changes — so every instance follows an
//! upgrade recorded by any other), its decrypted settings, and installing built-ins and
//! uploaded packages.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Map;
use sqlx::PgPool;
use tagih_aggregates::plugin_install::{
    ChannelSummary, ManifestSummary, PluginPackage as PackageRecord, PluginSource,
};
use tagih_commands::{CommandBus, Metadata, SecretBox, plugins};
use tagih_plugins::manifest::Manifest;
use tagih_plugins::{CallContext, builtin};

use super::registry::{LoadedPlugin, PluginRegistry, sha256_hex};
pub use tagih_app::payments::gateway::{PaymentGateway, PluginUseError, Ready, typed_settings};

pub struct PaymentPlugins {
    pub registry: PluginRegistry,
    pub bus: Arc<CommandBus>,
    pub secrets: SecretBox,
    /// `payments.allow_private_plugin_hosts`: extra hosts may be private or loopback
    /// addresses (development and tests only; ADR 0026).
    pub allow_private_hosts: bool,
}

fn record_of(manifest: &Manifest, sha256: String, source: PluginSource) -> PackageRecord {
    PackageRecord {
        version: manifest.version.clone(),
        sha256,
        manifest: ManifestSummary {
            name: manifest.name.clone(),
            version: manifest.version.clone(),
            author: manifest.author.clone(),
            description: manifest.description.clone(),
            channels: manifest
                .channels
                .iter()
                .map(|c| ChannelSummary {
                    code: c.code.clone(),
                    name: c.name.clone(),
                })
                .collect(),
            hosts: manifest.hosts.iter().cloned().collect(),
            hooks: manifest
                .hooks
                .iter()
                .map(|h| h.as_str().to_string())
                .collect(),
        },
        source,
        signed_by: None,
    }
}

impl PaymentPlugins {
    fn pool(&self) -> &PgPool {
        self.bus.pool()
    }

    /// Every plugin name known here: uploaded packages and the built-ins, sorted.
    pub async fn known_names(&self) -> Result<Vec<String>, PluginUseError> {
        let mut names: Vec<String> =
            sqlx::query_scalar("select distinct name from plugin_packages")
                .fetch_all(self.pool())
                .await?;
        names.extend(builtin::BUILTINS.iter().map(|b| b.name.to_string()));
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// The installed version of `name`, compiled, with its settings.
    pub async fn ready(
        &self,
        name: &str,
        require_active: bool,
        now: DateTime<Utc>,
    ) -> Result<Ready, PluginUseError> {
        let state = plugins::load(&self.bus, name).await?;
        let Some(package) = &state.package else {
            return Err(PluginUseError::NotInstalled(name.into()));
        };
        if require_active && !state.active {
            return Err(PluginUseError::Inactive(name.into()));
        }
        let loaded = match self.registry.get(name) {
            // A built-in is whatever this binary carries.
            Some(l)
                if l.sha256 == package.sha256
                    || (l.builtin && package.source == PluginSource::Builtin) =>
            {
                l
            }
            _ => self.load(name, package).await?,
        };
        let plain = plugins::open_settings(&state, &self.secrets)?;
        let ctx = CallContext::new(typed_settings(loaded.plugin.manifest(), &plain))
            .at(now)
            .with_extra_hosts(state.extra_hosts.clone());
        Ok(Ready { loaded, state, ctx })
    }

    async fn load(
        &self,
        name: &str,
        package: &PackageRecord,
    ) -> Result<Arc<LoadedPlugin>, PluginUseError> {
        if package.source == PluginSource::Builtin {
            return Ok(self.registry.load_builtin(name)?);
        }
        let bytes: Option<Vec<u8>> =
            sqlx::query_scalar("select bytes from plugin_packages where sha256 = $1")
                .bind(&package.sha256)
                .fetch_optional(self.pool())
                .await?;
        let bytes = bytes.ok_or_else(|| PluginUseError::MissingPackage(package.sha256.clone()))?;
        Ok(self.registry.activate_package(&bytes)?)
    }

    /// Records every built-in plugin that is not installed yet (inactive until configured;
    /// `manual` needs no settings and starts active).
    pub async fn install_builtins(&self, meta: &Metadata) -> Result<(), PluginUseError> {
        for name in builtin::BUILTINS.iter().map(|b| b.name) {
            let state = plugins::load(&self.bus, name).await?;
            if state.package.is_some() {
                continue;
            }
            let loaded = self.registry.load_builtin(name)?;
            let manifest = loaded.plugin.manifest().clone();
            let valid = manifest.check_settings(&Map::new()).is_ok();
            let record = record_of(&manifest, loaded.sha256.clone(), PluginSource::Builtin);
            plugins::install(&self.bus, record, valid, meta).await?;
            if valid && name == "manual" {
                plugins::set_active(&self.bus, name, true, meta).await?;
            }
        }
        Ok(())
    }

    /// Checks, stores and records an uploaded package; the new version is used from the next
    /// call on (calls in flight finish on the old one). Returns the plugin's name.
    pub async fn install_upload(
        &self,
        bytes: &[u8],
        meta: &Metadata,
    ) -> Result<String, PluginUseError> {
        let (package, plugin) = self.registry.compile(bytes)?;
        let manifest = package.manifest.clone();
        let sha256 = sha256_hex(bytes);
        sqlx::query(
            "insert into plugin_packages (sha256, name, version, bytes) values ($1, $2, $3, $4)
             on conflict (sha256) do nothing",
        )
        .bind(&sha256)
        .bind(&manifest.name)
        .bind(&manifest.version)
        .bind(bytes)
        .execute(self.pool())
        .await?;
        let current = plugins::load(&self.bus, &manifest.name).await?;
        let plain = plugins::open_settings(&current, &self.secrets)?;
        let typed = typed_settings(&manifest, &plain);
        let problems = plugin
            .validate_settings(
                &typed,
                CallContext::new(typed.clone()).with_extra_hosts(current.extra_hosts.clone()),
            )
            .await
            .unwrap_or_else(|e| vec![e.to_string()]);
        let mut record = record_of(&manifest, sha256, PluginSource::Upload);
        record.signed_by = package.signed_by.map(|k| hex::encode(k.to_bytes()));
        plugins::install(&self.bus, record, problems.is_empty(), meta).await?;
        Ok(manifest.name)
    }
}

/// The plugin registry is the application's payment gateway.
#[async_trait::async_trait]
impl PaymentGateway for PaymentPlugins {
    fn allow_private_hosts(&self) -> bool {
        self.allow_private_hosts
    }

    async fn ready(
        &self,
        name: &str,
        require_active: bool,
        now: DateTime<Utc>,
    ) -> Result<Ready, PluginUseError> {
        PaymentPlugins::ready(self, name, require_active, now).await
    }

    async fn known_names(&self) -> Result<Vec<String>, PluginUseError> {
        PaymentPlugins::known_names(self).await
    }

    async fn install_upload(
        &self,
        bytes: &[u8],
        meta: &Metadata,
    ) -> Result<String, PluginUseError> {
        PaymentPlugins::install_upload(self, bytes, meta).await
    }
}
