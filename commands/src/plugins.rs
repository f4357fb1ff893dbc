//! Plugins: install/upgrade a package, activate/deactivate, settings with secrets sealed at
//! rest, and the failing/recovered marks the runtime reports. Stream id = plugin name.
//!
//! Settings flow: `prepare_settings` merges the admin's form with what is stored (a secret
//! left blank keeps its stored value, as the UI never shows secrets back) and returns both
//! the plain values, for the caller to check with the runtime's `validate_settings`, and
//! the sealed values; `update_settings` then stores the sealed ones with that verdict.

use std::collections::{BTreeMap, BTreeSet};

use tagih_aggregates::plugin_install::{
    PluginCommand as C, PluginInstall, PluginPackage, PluginSetting, check_plugin_name,
};

use crate::bus::{CommandBus, Written};
use crate::error::CommandError;
use crate::metadata::Metadata;
use crate::secrets::SecretBox;

/// The admin's settings form: every value as typed, and which keys the schema marks secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsForm {
    pub values: BTreeMap<String, String>,
    pub secret_keys: BTreeSet<String>,
}

/// Settings ready to validate (plain) and to store (secrets sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedSettings {
    pub plain: BTreeMap<String, String>,
    pub sealed: BTreeMap<String, PluginSetting>,
}

fn undecryptable(key: &str) -> CommandError {
    CommandError::Internal(format!("plugin setting {key} cannot be decrypted"))
}

pub async fn load(bus: &CommandBus, name: &str) -> Result<PluginInstall, CommandError> {
    bus.load(name.trim()).await
}

/// Installs or upgrades; `settings_valid` is the runtime's verdict on the current settings
/// under this package (an empty map for a first install).
pub async fn install(
    bus: &CommandBus,
    package: PluginPackage,
    settings_valid: bool,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let name = package.manifest.name.clone();
    check_plugin_name(&name).map_err(CommandError::from_domain)?;
    let cmd = C::InstallPlugin {
        package: Box::new(package),
        settings_valid,
    };
    bus.execute::<PluginInstall>(&name, cmd, &meta.with_command("InstallPlugin"))
        .await
}

pub async fn set_active(
    bus: &CommandBus,
    name: &str,
    active: bool,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let (cmd, command) = if active {
        (C::ActivatePlugin, "ActivatePlugin")
    } else {
        (C::DeactivatePlugin, "DeactivatePlugin")
    };
    bus.execute::<PluginInstall>(name.trim(), cmd, &meta.with_command(command))
        .await
}

/// Merges the form with the stored settings and seals the secrets (pure but for the nonce).
pub fn prepare_settings(
    current: &PluginInstall,
    form: SettingsForm,
    secrets: &SecretBox,
) -> Result<PreparedSettings, CommandError> {
    let mut plain = BTreeMap::new();
    let mut sealed = BTreeMap::new();
    for (key, value) in form.values {
        if form.secret_keys.contains(&key) && value.is_empty() {
            continue;
        }
        let setting = if form.secret_keys.contains(&key) {
            PluginSetting {
                value: secrets.seal(&value),
                secret: true,
            }
        } else {
            PluginSetting {
                value: value.clone(),
                secret: false,
            }
        };
        plain.insert(key.clone(), value);
        sealed.insert(key, setting);
    }
    for key in &form.secret_keys {
        let Some(kept) = current
            .settings
            .get(key)
            .filter(|_| !plain.contains_key(key))
        else {
            continue;
        };
        let value = if kept.secret {
            secrets.open(&kept.value).map_err(|_| undecryptable(key))?
        } else {
            kept.value.clone()
        };
        let setting = PluginSetting {
            value: secrets.seal(&value),
            secret: true,
        };
        plain.insert(key.clone(), value);
        sealed.insert(key.clone(), setting);
    }
    Ok(PreparedSettings { plain, sealed })
}

/// Stores settings prepared by `prepare_settings` with the runtime's verdict on them.
pub async fn update_settings(
    bus: &CommandBus,
    name: &str,
    sealed: BTreeMap<String, PluginSetting>,
    validated: bool,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::UpdatePluginSettings {
        settings: sealed,
        validated,
    };
    let meta = meta.with_command("UpdatePluginSettings");
    bus.execute::<PluginInstall>(name.trim(), cmd, &meta).await
}

/// Replaces the hosts the plugin may reach beyond its manifest (ADR 0026); an empty list
/// removes them all. `allow_private` is the server's `payments.allow_private_plugin_hosts`.
pub async fn set_extra_hosts(
    bus: &CommandBus,
    name: &str,
    hosts: Vec<String>,
    allow_private: bool,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::SetPluginExtraHosts {
        hosts,
        allow_private,
    };
    let meta = meta.with_command("SetPluginExtraHosts");
    bus.execute::<PluginInstall>(name.trim(), cmd, &meta).await
}

/// The settings in plain text, for the runtime.
pub fn open_settings(
    plugin: &PluginInstall,
    secrets: &SecretBox,
) -> Result<BTreeMap<String, String>, CommandError> {
    plugin
        .settings
        .iter()
        .map(|(key, s)| {
            let value = if s.secret {
                secrets.open(&s.value).map_err(|_| undecryptable(key))?
            } else {
                s.value.clone()
            };
            Ok((key.clone(), value))
        })
        .collect()
}

/// Marks the plugin failing (once per distinct error); the server carries on without it.
pub async fn record_failure(
    bus: &CommandBus,
    name: &str,
    error: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::RecordPluginFailure {
        error: error.to_string(),
    };
    let meta = meta.with_command("RecordPluginFailure");
    bus.execute::<PluginInstall>(name.trim(), cmd, &meta).await
}

pub async fn record_recovery(
    bus: &CommandBus,
    name: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let meta = meta.with_command("RecordPluginRecovery");
    bus.execute::<PluginInstall>(name.trim(), C::RecordPluginRecovery, &meta)
        .await
}

#[cfg(test)]
mod tests {
    use cqrs_es::Aggregate;
    use tagih_aggregates::plugin_install::PluginEvent;

    use super::*;

    fn secrets() -> SecretBox {
        SecretBox::from_base64_key(&SecretBox::generate_key()).unwrap()
    }

    fn form(api_key: &str) -> SettingsForm {
        SettingsForm {
            values: [("merchant_code", "D0001"), ("api_key", api_key)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            secret_keys: ["api_key".to_string()].into(),
        }
    }

    fn stored(sealed: BTreeMap<String, PluginSetting>) -> PluginInstall {
        let mut plugin = PluginInstall::default();
        let valid = true;
        plugin.apply(PluginEvent::PluginSettingsUpdated {
            settings: sealed,
            valid,
        });
        plugin
    }

    #[test]
    fn secret_settings_are_sealed_and_plain_ones_kept_as_typed() {
        let secrets = secrets();
        let prepared =
            prepare_settings(&PluginInstall::default(), form("k-123"), &secrets).unwrap();
        assert_eq!(prepared.plain["api_key"], "k-123");
        let api_key = &prepared.sealed["api_key"];
        assert!(api_key.secret && api_key.value != "k-123");
        assert_eq!(secrets.open(&api_key.value).unwrap(), "k-123");
        assert_eq!(prepared.sealed["merchant_code"].value, "D0001");
        let opened = open_settings(&stored(prepared.sealed), &secrets).unwrap();
        assert_eq!(opened, prepared.plain);
    }

    #[test]
    fn a_secret_left_blank_keeps_its_stored_value() {
        let secrets = secrets();
        let first = prepare_settings(&PluginInstall::default(), form("k-123"), &secrets).unwrap();
        let current = stored(first.sealed);
        let again = prepare_settings(&current, form(""), &secrets).unwrap();
        assert_eq!(again.plain["api_key"], "k-123");
        assert_eq!(
            open_settings(&stored(again.sealed), &secrets).unwrap()["api_key"],
            "k-123"
        );
    }

    #[test]
    fn settings_sealed_with_another_key_are_reported_not_leaked() {
        let prepared =
            prepare_settings(&PluginInstall::default(), form("k-1"), &secrets()).unwrap();
        let err = open_settings(&stored(prepared.sealed), &secrets()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "internal error: plugin setting api_key cannot be decrypted"
        );
    }
}
