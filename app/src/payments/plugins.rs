//! Payment plugins administered: every plugin known here with its state, installing an
//! uploaded package, activation, and settings the plugin itself validated (secrets are
//! sealed at rest).

use tagih_aggregates::plugin_install::PluginInstall;
use tagih_commands::plugins::{self, SettingsForm};
use tagih_commands::{CommandError, Metadata};

use super::{PluginUseError, typed_settings};
use crate::App;
use crate::error::{AppError, AppResult};

/// Every plugin known here (built-ins and uploads), each with its state.
pub async fn list(app: &App) -> AppResult<Vec<(String, PluginInstall)>> {
    let names = app.payments.gateway.known_names().await.map_err(|e| {
        tracing::error!(error = %e, "plugin names");
        AppError::Internal("plugin names".into())
    })?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let state = plugins::load(&app.bus, &name).await?;
        out.push((name, state));
    }
    Ok(out)
}

/// The plugin's recorded state.
pub async fn state(app: &App, name: &str) -> Result<PluginInstall, CommandError> {
    plugins::load(&app.bus, name).await
}

/// Checks, stores and records an uploaded package (a ZIP); returns the plugin's name.
pub async fn install(app: &App, package: &[u8], meta: &Metadata) -> Result<String, PluginUseError> {
    app.payments.gateway.install_upload(package, meta).await
}

/// Replaces the plugin's extra hosts (ADR 0026); the plugin as it now stands.
pub async fn set_extra_hosts(
    app: &App,
    name: &str,
    hosts: Vec<String>,
    meta: &Metadata,
) -> AppResult<PluginInstall> {
    let allow_private = app.payments.gateway.allow_private_hosts();
    plugins::set_extra_hosts(&app.bus, name, hosts, allow_private, meta).await?;
    Ok(state(app, name).await?)
}

pub async fn set_active(
    app: &App,
    name: &str,
    active: bool,
    meta: &Metadata,
) -> AppResult<PluginInstall> {
    plugins::set_active(&app.bus, name, active, meta).await?;
    Ok(state(app, name).await?)
}

/// Saves settings after the plugin validated them; a secret left empty keeps the stored
/// one.
pub async fn update_settings(
    app: &App,
    name: &str,
    settings: Vec<(String, String)>,
    meta: &Metadata,
) -> AppResult<PluginInstall> {
    let now = app.clock.now();
    let ready = app
        .payments
        .gateway
        .ready(name, false, now)
        .await
        .map_err(|e| AppError::NotFound(e.to_string()))?;
    let manifest = ready.loaded.plugin.manifest();
    let form = SettingsForm {
        secret_keys: manifest
            .settings
            .iter()
            .filter(|f| f.secret)
            .map(|f| f.key.clone())
            .collect(),
        values: settings.into_iter().collect(),
    };
    let prepared = plugins::prepare_settings(&ready.state, form, &app.secrets)?;
    let typed = typed_settings(manifest, &prepared.plain);
    let problems = ready
        .loaded
        .plugin
        .validate_settings(&typed, ready.ctx.clone())
        .await
        .unwrap_or_else(|e| vec![e.to_string()]);
    if !problems.is_empty() {
        return Err(AppError::BadInput(problems.join("; ")));
    }
    plugins::update_settings(&app.bus, name, prepared.sealed, true, meta).await?;
    Ok(state(app, name).await?)
}
