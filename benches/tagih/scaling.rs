//! (h) Scaling with features: the 8-client command run again on a server that registers
//! 20 extra consumers no event concerns (`projections.idle_consumers`), between two runs on
//! a normal server, so drift between runs shows instead of passing for a cost. The goal:
//! at most 5 % fewer commands/s than the mean of the two normal runs.

use anyhow::Result;

use crate::commands::command_load;
use crate::config::Config;
use crate::gql::Gql;
use crate::load::LoadResult;
use crate::server::{Server, ServerEnv};
use crate::windows::Windows;

pub const IDLE_CONSUMERS: usize = 20;

pub struct Scaling {
    /// Commands/s of the 8-client run of phase (a), before.
    pub before: f64,
    pub with_idle: LoadResult,
    pub after: LoadResult,
}

impl Scaling {
    pub fn baseline(&self) -> f64 {
        (self.before + self.after.rate()) / 2.0
    }

    pub fn ratio(&self) -> f64 {
        self.with_idle.rate() / self.baseline().max(f64::EPSILON)
    }
}

/// Restarts the server with the idle consumers, runs 8 clients, restarts it without, runs
/// 8 clients again. `server` is the normal server again when this returns.
pub async fn phase(
    cfg: &Config,
    env: &ServerEnv,
    server: &mut Server,
    http: &reqwest::Client,
    location: &str,
    before: f64,
    windows: &mut Windows,
) -> Result<Scaling> {
    println!(
        "(h) scaling with features: 8 clients with {IDLE_CONSUMERS} idle consumers, then without …"
    );
    let extra = [(
        "TAGIH__PROJECTIONS__IDLE_CONSUMERS",
        IDLE_CONSUMERS.to_string(),
    )];
    server.stop().await;
    *server = Server::start_with(cfg, env, http, &extra).await?;
    windows.follow(server.pid);
    let gql = Gql::login(http, &server.base).await?;
    let t = windows.start();
    let with_idle = command_load(&gql, location, 8, cfg.load_duration(), "scaled").await?;
    windows.push("commands_8_clients_idle_consumers", t);
    server.stop().await;
    *server = Server::start(cfg, env, http).await?;
    windows.follow(server.pid);
    let gql = Gql::login(http, &server.base).await?;
    let t = windows.start();
    let after = command_load(&gql, location, 8, cfg.load_duration(), "unscaled").await?;
    windows.push("commands_8_clients_again", t);
    let scaling = Scaling {
        before,
        with_idle,
        after,
    };
    println!(
        "    {:.0} commands/s with, {:.0} and {:.0} without ({:+.1} %)",
        scaling.with_idle.rate(),
        scaling.before,
        scaling.after.rate(),
        (scaling.ratio() - 1.0) * 100.0
    );
    Ok(scaling)
}
