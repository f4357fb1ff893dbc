//! The sandboxed Rhai runtime: limits, engine construction, host functions, value
//! conversion and error mapping. [`Runtime`] is the entry point: it loads plugins.

mod convert;
mod egress;
mod engine;
mod fault;
pub(crate) mod host;
mod invoke;
mod limits;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_extra_hosts;

use std::sync::Arc;

use rhai::Shared;

pub use egress::AddressFilter;
pub use limits::Limits;

pub(crate) use convert::{check_sizes, dynamic_to_json, json_to_dynamic};
pub(crate) use invoke::{Invocation, invoke};

use crate::PluginError;
use crate::manifest::Manifest;
use crate::package::PluginPackage;
use crate::plugin::Plugin;

/// Shared by every plugin a runtime loads.
pub(crate) struct RuntimeInner {
    pub limits: Limits,
    pub http: reqwest::Client,
    pub std_lib: Shared<rhai::Module>,
}

/// Loads plugins and owns what their calls share: the limits, one HTTP client
/// (connection pool) and the Rhai standard library. Cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<RuntimeInner>,
}

impl Runtime {
    pub fn new(limits: Limits) -> Result<Self, PluginError> {
        let mut http = reqwest::Client::builder()
            // A redirect could lead to a host the manifest does not declare.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("tagih-plugins/", env!("CARGO_PKG_VERSION")));
        if let Some(allowed) = limits.egress {
            http = http.dns_resolver(egress::resolver(allowed));
        }
        let http = http
            .build()
            .map_err(|e| PluginError::HttpClient(e.to_string()))?;
        let inner = RuntimeInner {
            limits,
            http,
            std_lib: engine::standard_library(),
        };
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Compiles `script` once for this manifest and checks the plugin contract.
    pub fn load(&self, manifest: Manifest, script: &str) -> Result<Plugin, PluginError> {
        let ast = engine::compile(&self.inner.limits, &self.inner.std_lib, script)?;
        Plugin::new(self.inner.clone(), manifest, ast)
    }

    pub fn load_package(&self, package: PluginPackage) -> Result<Plugin, PluginError> {
        self.load(package.manifest, &package.script)
    }
}
