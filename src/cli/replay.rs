//! `tagih replay`: rebuild a projection, verify the hash chains, export the log. Progress
//! bars on a terminal, plain log lines otherwise.

use std::io::IsTerminal;

use anyhow::{Context, bail};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use tagih_replay::{export, rebuild, verify};

use super::{settings_with_database, stop};
use crate::startup;

#[derive(Subcommand)]
pub enum ReplayCommand {
    /// Rebuild one projection (or `all`) from the log into shadow tables, then swap.
    Rebuild { projection: String },
    /// Walk every stream's hash chain; names the first broken event.
    Verify,
    /// Write the log as JSON lines in position order.
    Export {
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// List projections that can be rebuilt.
    List,
}

struct Reporter {
    bar: Option<ProgressBar>,
    what: &'static str,
}

impl Reporter {
    fn new(what: &'static str) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} {pos} events ({per_sec})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message(what);
            bar
        });
        Self { bar, what }
    }

    fn tick(&self, n: u64) {
        match &self.bar {
            Some(bar) => bar.set_position(n),
            None => tracing::info!(events = n, "{}", self.what),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

pub async fn run(config: &std::path::Path, command: ReplayCommand) -> anyhow::Result<()> {
    let (settings, mut pg) = settings_with_database(config).await?;
    let pool = startup::connect(&settings).await?;
    startup::MIGRATOR.run(&pool).await?;
    let result = match command {
        ReplayCommand::Rebuild { projection } => rebuild_cmd(&pool, &projection).await,
        ReplayCommand::Verify => verify_cmd(&pool).await,
        ReplayCommand::Export { output } => export_cmd(&pool, output).await,
        ReplayCommand::List => {
            for p in tagih_projections::all()
                .iter()
                .filter(|p| p.read_model().is_some())
            {
                println!("{}", p.name());
            }
            Ok(())
        }
    };
    stop(&mut pg).await?;
    result
}

async fn rebuild_cmd(pool: &sqlx::PgPool, name: &str) -> anyhow::Result<()> {
    let all = tagih_projections::all();
    let chosen: Vec<_> = all
        .iter()
        .filter(|p| p.read_model().is_some() && (name == "all" || p.name() == name))
        .collect();
    if chosen.is_empty() {
        let names: Vec<_> = all
            .iter()
            .filter(|p| p.read_model().is_some())
            .map(|p| p.name())
            .collect();
        bail!(
            "unknown projection '{name}'; rebuildable: {} (or all)",
            names.join(", ")
        );
    }
    for p in chosen {
        let reporter = Reporter::new("rebuilding");
        let report = rebuild::rebuild(pool, p.as_ref(), |n| reporter.tick(n))
            .await
            .with_context(|| format!("rebuilding {}", p.name()))?;
        reporter.finish();
        println!(
            "rebuilt {}: {} events in {:.2}s ({:.0} events/s), checkpoint at position {}",
            p.name(),
            report.events,
            report.elapsed.as_secs_f64(),
            report.events_per_sec(),
            report.checkpoint.position
        );
        println!("  {}", report.phases);
        // Still-poisoned events are skipped, not fatal: the rebuilt model serves the rest.
        for e in &report.poisoned {
            eprintln!(
                "  skipped (poisoned) position {} {}/{} {}: {}",
                e.position, e.aggregate_type, e.aggregate_id, e.event_type, e.error
            );
        }
    }
    Ok(())
}

async fn verify_cmd(pool: &sqlx::PgPool) -> anyhow::Result<()> {
    let reporter = Reporter::new("verifying");
    let report = verify::verify(pool, |n| reporter.tick(n)).await?;
    reporter.finish();
    match report.first_broken {
        None => {
            println!(
                "ok: {} events in {} streams, every hash chain intact",
                report.events, report.streams
            );
            Ok(())
        }
        Some(b) => bail!(
            "hash chain broken at position {} ({}/{} #{}): {}",
            b.position,
            b.aggregate_type,
            b.aggregate_id,
            b.sequence,
            b.reason
        ),
    }
}

async fn export_cmd(pool: &sqlx::PgPool, output: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let reporter = Reporter::new("exporting");
    let n = match output {
        Some(path) => {
            let file = tokio::fs::File::create(&path)
                .await
                .with_context(|| format!("creating {}", path.display()))?;
            let mut out = tokio::io::BufWriter::new(file);
            export::export(pool, &mut out, |n| reporter.tick(n)).await?
        }
        None => {
            let mut out = tokio::io::BufWriter::new(tokio::io::stdout());
            export::export(pool, &mut out, |n| reporter.tick(n)).await?
        }
    };
    reporter.finish();
    eprintln!("exported {n} events");
    Ok(())
}
