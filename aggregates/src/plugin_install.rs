//! Plugin installation aggregate (stream id = plugin name): which package version is
//! installed, whether it is active, its settings (secret values arrive sealed), and whether
//! it is failing.
//!
//! Upgrades only go forward: a lower or equal version is refused, unless it is the very
//! package installed (same hash), which is a no-op. Settings are validated by the caller
//! with the plugin runtime before the command; the aggregate keeps the verdict and lets
//! only validated settings be active.

use std::collections::BTreeMap;

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};
use crate::plugin_hosts::normalize_extra_hosts;
use crate::plugin_version::PluginVersion;

const MAX_SETTINGS: usize = 100;
const MAX_SETTING_VALUE: usize = 8192;
const MAX_ERROR: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PluginSource {
    Builtin,
    Upload,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelSummary {
    pub code: String,
    pub name: String,
}

/// What the manifest says, as the admin UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestSummary {
    pub name: String,
    pub version: String,
    pub author: String,
    pub description: String,
    pub channels: Vec<ChannelSummary>,
    /// Hosts the plugin may reach over HTTP.
    pub hosts: Vec<String>,
    pub hooks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginPackage {
    pub version: String,
    /// sha256 of the package file, lower-case hex.
    pub sha256: String,
    pub manifest: ManifestSummary,
    pub source: PluginSource,
    /// The key id whose ed25519 signature the package carried, when it was signed.
    pub signed_by: Option<String>,
}

/// One setting; a secret's value is ciphertext sealed by the caller, never plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginSetting {
    pub value: String,
    pub secret: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PluginCommand {
    /// `settings_valid`: the caller's verdict on the current settings under this version.
    InstallPlugin {
        package: Box<PluginPackage>,
        settings_valid: bool,
    },
    ActivatePlugin,
    DeactivatePlugin,
    UpdatePluginSettings {
        settings: BTreeMap<String, PluginSetting>,
        validated: bool,
    },
    RecordPluginFailure {
        error: String,
    },
    RecordPluginRecovery,
    /// Replaces the hosts the plugin may reach beyond its manifest (ADR 0026);
    /// `allow_private` is the server's development setting.
    SetPluginExtraHosts {
        hosts: Vec<String>,
        allow_private: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PluginEvent {
    PluginInstalled {
        package: Box<PluginPackage>,
        settings_valid: bool,
    },
    PluginActivated,
    PluginDeactivated,
    PluginSettingsUpdated {
        settings: BTreeMap<String, PluginSetting>,
        valid: bool,
    },
    PluginFailed {
        error: String,
    },
    PluginRecovered,
    /// The whole set of extra hosts from now on (empty = the manifest's hosts only).
    PluginExtraHostsSet {
        hosts: Vec<String>,
    },
}

impl DomainEvent for PluginEvent {
    fn event_type(&self) -> String {
        match self {
            Self::PluginInstalled { .. } => "PluginInstalled",
            Self::PluginActivated => "PluginActivated",
            Self::PluginDeactivated => "PluginDeactivated",
            Self::PluginSettingsUpdated { .. } => "PluginSettingsUpdated",
            Self::PluginFailed { .. } => "PluginFailed",
            Self::PluginRecovered => "PluginRecovered",
            Self::PluginExtraHostsSet { .. } => "PluginExtraHostsSet",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PluginError {
    #[error("{0}")]
    Invalid(String),
    #[error("plugin not installed")]
    NotInstalled,
    #[error("version {installed} is installed; only a newer version can replace it")]
    VersionNotNewer { installed: String },
    #[error("settings must be validated before the plugin is activated")]
    SettingsNotValidated,
    #[error("an active plugin only takes settings that passed validation; deactivate it first")]
    SettingsInvalidWhileActive,
}

impl HasErrorKind for PluginError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::NotInstalled => ErrorKind::NotFound,
            Self::VersionNotNewer { .. } => ErrorKind::Conflict,
            Self::SettingsNotValidated | Self::SettingsInvalidWhileActive => ErrorKind::Rejected,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PluginInstall {
    pub package: Option<PluginPackage>,
    pub active: bool,
    pub settings: BTreeMap<String, PluginSetting>,
    pub settings_valid: bool,
    /// The last error while it is failing.
    pub failing: Option<String>,
    /// Hosts a super admin added to the manifest's, normalised and sorted (ADR 0026).
    #[serde(default)]
    pub extra_hosts: Vec<String>,
}

fn invalid(msg: impl Into<String>) -> PluginError {
    PluginError::Invalid(msg.into())
}

/// 2-40 characters of a-z, 0-9 and `-`, starting with a letter (as manifests require).
pub fn check_plugin_name(name: &str) -> Result<(), PluginError> {
    let ok = (2..=40).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then_some(())
        .ok_or_else(|| invalid("plugin name must be 2-40 characters of a-z, 0-9 and '-'"))
}

fn checked_package(p: &PluginPackage) -> Result<PluginVersion, PluginError> {
    check_plugin_name(&p.manifest.name)?;
    let version = PluginVersion::parse(&p.version).map_err(|e| invalid(e.to_string()))?;
    if p.manifest.version != p.version {
        return Err(invalid("package version differs from its manifest"));
    }
    let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if p.sha256.len() != 64 || !p.sha256.bytes().all(hex) {
        return Err(invalid("sha256 must be 64 lower-case hex digits"));
    }
    Ok(version)
}

fn checked_settings(settings: &BTreeMap<String, PluginSetting>) -> Result<(), PluginError> {
    if settings.len() > MAX_SETTINGS {
        return Err(invalid("a plugin has at most 100 settings"));
    }
    let key_ok = |k: &str| {
        (1..=64).contains(&k.len())
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
    };
    for (key, setting) in settings {
        if !key_ok(key) {
            return Err(invalid(format!("setting key `{key}` is not a valid name")));
        }
        if setting.value.len() > MAX_SETTING_VALUE {
            return Err(invalid(format!("setting `{key}` is too long")));
        }
    }
    Ok(())
}

impl PluginInstall {
    pub fn decide(&self, cmd: PluginCommand) -> Result<Vec<PluginEvent>, PluginError> {
        use PluginCommand as C;
        use PluginEvent as E;
        if let C::InstallPlugin {
            package,
            settings_valid,
        } = cmd
        {
            return self.install(package, settings_valid);
        }
        if self.package.is_none() {
            return Err(PluginError::NotInstalled);
        }
        Ok(match cmd {
            C::InstallPlugin { .. } => vec![],
            C::ActivatePlugin if self.active => vec![],
            C::ActivatePlugin if !self.settings_valid => {
                return Err(PluginError::SettingsNotValidated);
            }
            C::ActivatePlugin => vec![E::PluginActivated],
            C::DeactivatePlugin if self.active => vec![E::PluginDeactivated],
            C::DeactivatePlugin => vec![],
            C::UpdatePluginSettings {
                validated: false, ..
            } if self.active => {
                return Err(PluginError::SettingsInvalidWhileActive);
            }
            C::UpdatePluginSettings {
                settings,
                validated,
            } => {
                checked_settings(&settings)?;
                vec![E::PluginSettingsUpdated {
                    settings,
                    valid: validated,
                }]
            }
            C::RecordPluginFailure { error } => {
                let error: String = error.trim().chars().take(MAX_ERROR).collect();
                if error.is_empty() {
                    return Err(invalid("error must not be empty"));
                }
                if self.failing.as_deref() == Some(error.as_str()) {
                    vec![]
                } else {
                    vec![E::PluginFailed { error }]
                }
            }
            C::RecordPluginRecovery if self.failing.is_some() => vec![E::PluginRecovered],
            C::RecordPluginRecovery => vec![],
            C::SetPluginExtraHosts {
                hosts,
                allow_private,
            } => {
                let hosts = normalize_extra_hosts(&hosts, allow_private).map_err(invalid)?;
                if hosts == self.extra_hosts {
                    vec![]
                } else {
                    vec![E::PluginExtraHostsSet { hosts }]
                }
            }
        })
    }

    fn install(
        &self,
        package: Box<PluginPackage>,
        settings_valid: bool,
    ) -> Result<Vec<PluginEvent>, PluginError> {
        let version = checked_package(&package)?;
        if let Some(installed) = &self.package {
            if installed.manifest.name != package.manifest.name {
                return Err(invalid(format!(
                    "this package is plugin `{}`, not `{}`",
                    package.manifest.name, installed.manifest.name
                )));
            }
            if installed.sha256 == package.sha256 {
                return Ok(vec![]);
            }
            let current = PluginVersion::parse(&installed.version).ok();
            if current.is_some_and(|current| version <= current) {
                return Err(PluginError::VersionNotNewer {
                    installed: installed.version.clone(),
                });
            }
            // Hot swap keeps the plugin active, so its settings must hold under the new code.
            if self.active && !settings_valid {
                return Err(PluginError::SettingsInvalidWhileActive);
            }
        }
        Ok(vec![PluginEvent::PluginInstalled {
            package,
            settings_valid,
        }])
    }
}

impl Aggregate for PluginInstall {
    const TYPE: &'static str = "Plugin";
    type Command = PluginCommand;
    type Event = PluginEvent;
    type Error = PluginError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let events = self.decide(command)?;
        crate::write_all!(self, sink, events)
    }

    fn apply(&mut self, event: Self::Event) {
        use PluginEvent as E;
        match event {
            E::PluginInstalled {
                package,
                settings_valid,
            } => {
                self.package = Some(*package);
                self.settings_valid = settings_valid;
                // New code starts with a clean record.
                self.failing = None;
            }
            E::PluginActivated => self.active = true,
            E::PluginDeactivated => self.active = false,
            E::PluginSettingsUpdated { settings, valid } => {
                self.settings = settings;
                self.settings_valid = valid;
            }
            E::PluginFailed { error } => self.failing = Some(error),
            E::PluginRecovered => self.failing = None,
            E::PluginExtraHostsSet { hosts } => self.extra_hosts = hosts,
        }
    }
}

#[cfg(test)]
#[path = "plugin_install_tests.rs"]
mod tests;
