//! Subcommands: serve, migrate, admin create, replay (rebuild, verify, export), schema.

mod admin;
mod replay;
mod routeros_sim;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use secrecy::SecretString;

use crate::config::Settings;
use crate::embedded_pg::EmbeddedPostgres;
use crate::startup;

#[derive(Parser)]
#[command(name = "tagih", version, about = "Billing engine for MikroTik ISPs")]
pub struct Cli {
    /// Directory holding base.toml and {TAGIH_ENV}.toml.
    #[arg(long, global = true, default_value = "config")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate and run everything: HTTP, projectors, sagas.
    Serve {
        #[arg(long)]
        bind: Option<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Admin accounts.
    Admin {
        #[command(subcommand)]
        command: admin::AdminCommand,
    },
    /// The event log: rebuild projections, verify the hash chains, export.
    Replay {
        #[command(subcommand)]
        command: replay::ReplayCommand,
    },
    /// Print the GraphQL SDL.
    Schema,
    /// Run the RouterOS API simulator.
    RouterosSim(routeros_sim::SimArgs),
}

/// The settings plus the embedded PostgreSQL when no DATABASE_URL is configured (kept
/// alive by the caller; stopped when dropped).
pub async fn settings_with_database(
    config_dir: &std::path::Path,
) -> anyhow::Result<(Settings, Option<EmbeddedPostgres>)> {
    let mut settings = Settings::load(config_dir)?;
    if settings.database.url.is_some() {
        return Ok((settings, None));
    }
    let dir = settings.database.data_dir.join("pg");
    tracing::info!(dir = %dir.display(), "no DATABASE_URL: starting the embedded PostgreSQL");
    let pg = EmbeddedPostgres::start(&dir)
        .await
        .context("embedded PostgreSQL")?;
    settings.database.url = Some(SecretString::from(pg.database_url()));
    Ok((settings, Some(pg)))
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Schema => {
            println!("{}", tagih_graphql::schema::sdl());
            Ok(())
        }
        Command::Serve { bind } => serve(&cli.config, bind).await,
        Command::Migrate => {
            let (settings, mut pg) = settings_with_database(&cli.config).await?;
            let pool = startup::connect(&settings).await?;
            startup::MIGRATOR.run(&pool).await?;
            println!("migrations applied");
            stop(&mut pg).await
        }
        Command::Admin { command } => admin::run(&cli.config, command).await,
        Command::Replay { command } => replay::run(&cli.config, command).await,
        Command::RouterosSim(args) => routeros_sim::run(args).await,
    }
}

async fn serve(config: &std::path::Path, bind: Option<String>) -> anyhow::Result<()> {
    let (mut settings, mut pg) = settings_with_database(config).await?;
    if let Some(bind) = bind {
        settings.server.bind = bind;
    }
    let mut app = startup::build(settings, startup::Options::default()).await?;
    println!(
        "tagih listening on http://{0}/ (dashboard) and http://{0}/graphql",
        app.address
    );
    shutdown_signal().await;
    tracing::info!("shutting down");
    app.shutdown();
    stop(&mut pg).await
}

async fn stop(pg: &mut Option<EmbeddedPostgres>) -> anyhow::Result<()> {
    if let Some(pg) = pg.as_mut() {
        pg.stop().await?;
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
