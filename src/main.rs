//! The `tagih` command line.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tagih::telemetry::init();
    let cli = tagih::cli::Cli::parse();
    match tagih::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
