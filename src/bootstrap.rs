//! The first admin: from `TAGIH__BOOTSTRAP__ADMIN_USERNAME/PASSWORD` at start, only while no
//! admin has ever existed (so a later restart never resurrects or resets an account).

use anyhow::Context;
use secrecy::ExposeSecret;
use tagih_aggregates::Role;
use tagih_commands::admins::{self, NewAdmin};
use tagih_commands::{CommandBus, Metadata};

use crate::config::Settings;

pub async fn admin_from_settings(bus: &CommandBus, settings: &Settings) -> anyhow::Result<()> {
    let b = &settings.bootstrap;
    let (Some(username), Some(password)) = (b.admin_username.as_deref(), b.admin_password.as_ref())
    else {
        return Ok(());
    };
    if admins::any_exists(bus.pool()).await? {
        return Ok(());
    }
    let new = NewAdmin {
        username,
        email: None,
        password: password.expose_secret(),
        role: Role::SuperAdmin,
    };
    admins::create(bus, new, &Metadata::system("bootstrap"))
        .await
        .context("creating the bootstrap admin")?;
    tracing::info!(
        username,
        "created the first super admin from bootstrap settings"
    );
    Ok(())
}
