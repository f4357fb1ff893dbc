//! The process under test: `tagih serve` as a child process (started, health-checked,
//! stopped, killed on drop) and the environment it shares with `tagih replay rebuild`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::config::Config;
use crate::db::BenchDb;
use crate::memory::{Mem, proc_mem};
use crate::{ADMIN_PASSWORD, ADMIN_USER};

/// Environment shared by `tagih serve` and `tagih replay rebuild`.
pub struct ServerEnv {
    vars: Vec<(&'static str, String)>,
}

impl ServerEnv {
    pub fn new(db: &BenchDb, data_dir: &Path) -> Self {
        let key = tagih_commands::SecretBox::generate_key;
        Self {
            vars: vec![
                ("DATABASE_URL", db.url.clone()),
                ("RUST_LOG", "warn".into()),
                // No config/bench.toml exists: a developer's config/local.toml stays out.
                ("TAGIH_ENV", "bench".into()),
                ("TAGIH__BOOTSTRAP__ADMIN_USERNAME", ADMIN_USER.into()),
                ("TAGIH__BOOTSTRAP__ADMIN_PASSWORD", ADMIN_PASSWORD.into()),
                ("TAGIH__DATABASE__DATA_DIR", data_dir.display().to_string()),
                ("TAGIH__SECURITY__JWT_SECRET", key()),
                ("TAGIH__SECURITY__ENCRYPTION_KEY", key()),
            ],
        }
    }

    pub fn apply(&self, cmd: &mut Command) {
        // Login limiting in memory: the bench does not depend on a Redis being there.
        cmd.env_remove("REDIS_URL");
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
    }
}

/// `tagih serve` as a child process; killed when dropped (error paths, Ctrl-C).
pub struct Server {
    child: Child,
    pub pid: u32,
    pub base: String,
    pub log: PathBuf,
}

impl Server {
    pub async fn start(cfg: &Config, env: &ServerEnv, http: &reqwest::Client) -> Result<Self> {
        Self::start_with(cfg, env, http, &[]).await
    }

    /// As `start`, with extra environment variables (settings of one phase).
    pub async fn start_with(
        cfg: &Config,
        env: &ServerEnv,
        http: &reqwest::Client,
        extra: &[(&str, String)],
    ) -> Result<Self> {
        let port = free_port()?;
        std::fs::create_dir_all(&cfg.out_dir)
            .with_context(|| format!("creating {}", cfg.out_dir.display()))?;
        let log = cfg.out_dir.join(format!("server-{}.log", cfg.unix));
        let out =
            std::fs::File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let err = out.try_clone()?;
        let mut cmd = Command::new(&cfg.bin);
        cmd.args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .current_dir(&cfg.repo)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        env.apply(&mut cmd);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .with_context(|| format!("starting {}", cfg.bin.display()))?;
        let mut server = Self {
            pid: child.id(),
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_healthy(http).await?;
        Ok(server)
    }

    async fn wait_healthy(&mut self, http: &reqwest::Client) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "the server exited during start-up ({status}); its log:\n{}",
                    tail(&self.log, 30)
                );
            }
            if let Ok(r) = http.get(format!("{}/health", self.base)).send().await
                && r.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!(
            "the server did not answer /health within 60 s; its log:\n{}",
            tail(&self.log, 30)
        )
    }

    pub fn memory(&self) -> Result<Mem> {
        proc_mem(self.pid)
    }

    /// SIGTERM (graceful), then SIGKILL after 10 s.
    pub async fn stop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(None)) {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status();
        for _ in 0..100 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(l.local_addr()?.port())
}

/// The last `lines` lines of a log file (empty when it cannot be read).
pub fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
