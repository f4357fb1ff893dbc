//! The loaded payment plugins: one compiled `Plugin` per name, swapped atomically when a new
//! version is installed (hot-swap: a call in flight keeps the `Arc` of the version it
//! started with and finishes on it). Built-ins are compiled from the binary; uploaded
//! packages from their stored bytes (content-addressed by SHA-256).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sha2::{Digest, Sha256};
pub use tagih_app::payments::gateway::{LoadedPlugin, RegistryError};
use tagih_plugins::package::{self, PluginPackage, TrustPolicy};
use tagih_plugins::{Limits, Plugin, Runtime, builtin};

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub struct PluginRegistry {
    runtime: Runtime,
    trust: TrustPolicy,
    loaded: RwLock<HashMap<String, Arc<LoadedPlugin>>>,
}

impl PluginRegistry {
    pub fn new(limits: Limits, trust: TrustPolicy) -> Result<Self, RegistryError> {
        Ok(Self {
            runtime: Runtime::new(limits)?,
            trust,
            loaded: RwLock::new(HashMap::new()),
        })
    }

    /// The current version of `name`, if loaded.
    pub fn get(&self, name: &str) -> Option<Arc<LoadedPlugin>> {
        self.loaded
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned()
    }

    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .loaded
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }

    fn swap(&self, loaded: LoadedPlugin) -> Arc<LoadedPlugin> {
        let name = loaded.plugin.manifest().name.clone();
        let loaded = Arc::new(loaded);
        self.loaded
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name, loaded.clone());
        loaded
    }

    /// Compiles a built-in plugin and makes it current.
    pub fn load_builtin(&self, name: &str) -> Result<Arc<LoadedPlugin>, RegistryError> {
        let source =
            builtin::source(name).ok_or_else(|| RegistryError::UnknownBuiltin(name.into()))?;
        let plugin = builtin::load(&self.runtime, name)
            .map_err(|e| RegistryError::Builtin(name.into(), e.to_string()))?;
        let sha256 = sha256_hex(format!("{}\n{}", source.manifest, source.script).as_bytes());
        Ok(self.swap(LoadedPlugin {
            plugin,
            sha256,
            builtin: true,
        }))
    }

    /// Checks and compiles an uploaded package without making it current (validation
    /// before the install is recorded).
    pub fn compile(&self, bytes: &[u8]) -> Result<(PluginPackage, Plugin), RegistryError> {
        let package = package::load(bytes, &self.trust)?;
        let plugin = self
            .runtime
            .load(package.manifest.clone(), &package.script)?;
        Ok((package, plugin))
    }

    /// Makes an uploaded package current (after its install was recorded).
    pub fn activate_package(&self, bytes: &[u8]) -> Result<Arc<LoadedPlugin>, RegistryError> {
        let (_, plugin) = self.compile(bytes)?;
        Ok(self.swap(LoadedPlugin {
            plugin,
            sha256: sha256_hex(bytes),
            builtin: false,
        }))
    }
}
