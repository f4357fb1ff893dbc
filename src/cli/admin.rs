//! `tagih admin create`: the first (or any) admin from the command line. The password comes
//! from `TAGIH_ADMIN_PASSWORD` or standard input, never from an argument (shell history).

use std::io::Read;

use anyhow::{Context, bail};
use clap::Subcommand;
use tagih_aggregates::Role;
use tagih_commands::admins::{self, NewAdmin};
use tagih_commands::{CommandBus, Metadata};

use super::{settings_with_database, stop};
use crate::startup;

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create an admin account.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "super_admin", value_parser = ["super_admin", "admin", "operator"])]
        role: String,
        #[arg(long)]
        email: Option<String>,
    },
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("TAGIH_ADMIN_PASSWORD") {
        return Ok(p);
    }
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("reading the password from stdin")?;
    let password = input.lines().next().unwrap_or_default().to_string();
    if password.is_empty() {
        bail!("no password: pipe it on stdin or set TAGIH_ADMIN_PASSWORD");
    }
    Ok(password)
}

pub async fn run(config: &std::path::Path, command: AdminCommand) -> anyhow::Result<()> {
    let AdminCommand::Create {
        username,
        role,
        email,
    } = command;
    let role = Role::parse(&role).context("unknown role")?;
    let password = read_password()?;
    let (settings, mut pg) = settings_with_database(config).await?;
    let pool = startup::connect(&settings).await?;
    startup::MIGRATOR.run(&pool).await?;
    let bus = CommandBus::new(pool);
    let new = NewAdmin {
        username: &username,
        email,
        password: &password,
        role,
    };
    let result = admins::create(&bus, new, &Metadata::system("cli")).await;
    stop(&mut pg).await?;
    let (id, _) = result.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("created {} '{id}'", role.as_str());
    Ok(())
}
