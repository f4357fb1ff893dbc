//! (e) The projection rebuild: `tagih replay rebuild vouchers` as a child process against
//! the live server's database, timed from spawn to exit, its memory and CPU sampled.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::REBUILD_PROJECTION;
use crate::config::Config;
use crate::cpu::postgres_cpu_by_pid;
use crate::db::count;
use crate::diag::terminate_others;
use crate::growth::Growth;
use crate::memory::{Mem, proc_mem};
use crate::report::thousands;
use crate::server::{Server, ServerEnv};
use crate::windows::Windows;

pub struct Rebuild {
    pub log_events: i64,
    pub elapsed: Duration,
    pub peak_rss_kib: Option<u64>,
    pub rss_method: &'static str,
    /// The rebuild process's own CPU (from `/usr/bin/time -v`), not PostgreSQL's.
    pub process_cpu: Option<Value>,
    /// CPU seconds all `postgres` processes used meanwhile (sampled every 250 ms).
    pub postgres_cpu_s: f64,
    /// None when the server was not running (diagnostic mode).
    pub server_max_rss_kib: Option<u64>,
    pub reported: Option<String>,
    pub read_model_rows_before: i64,
    pub read_model_rows_after: i64,
}

impl Rebuild {
    pub fn events_per_s(&self) -> f64 {
        self.log_events as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// The phase: the rebuild, and the server's memory at its end (taken before the rebuild
/// when BENCH_DIAG_QUIET stops the server for it).
pub async fn phase(
    cfg: &Config,
    env: &ServerEnv,
    server: &mut Server,
    pool: &PgPool,
    growth: &Growth,
    windows: &mut Windows,
) -> Result<(Rebuild, Mem)> {
    println!(
        "    rebuilding `{REBUILD_PROJECTION}` over {} events …",
        thousands(growth.events_after.max(0) as u64)
    );
    let mut server_end = server.memory()?;
    if cfg.diag_quiet {
        // Diagnostic: the rebuild alone, without the server's background work.
        server.stop().await;
        terminate_others(pool).await?;
    }
    let t = windows.start();
    let rebuild = rebuild(cfg, env, server, pool).await?;
    windows.push("rebuild", t);
    println!(
        "    {:.2} s, {:.0} events/s",
        rebuild.elapsed.as_secs_f64(),
        rebuild.events_per_s()
    );
    if !cfg.diag_quiet {
        server_end = server.memory()?;
    }
    Ok((rebuild, server_end))
}

/// The rebuild itself; wall time from spawn to exit (start-up and migration check included).
async fn rebuild(cfg: &Config, env: &ServerEnv, server: &Server, pool: &PgPool) -> Result<Rebuild> {
    let log_events = count(pool, "select count(*) from events").await?;
    let rows_before = count(pool, "select count(*) from rm_vouchers").await?;
    let mut spawned = spawn(cfg, env)?;
    let watched = watch(&mut spawned.child, spawned.started, server).await?;
    let stdout = std::fs::read_to_string(&spawned.out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&spawned.err_path).unwrap_or_default();
    let status = watched.status;
    if !status.success() {
        bail!("tagih replay rebuild failed ({status}):\n{stdout}\n{stderr}");
    }
    let (peak, method, cpu) = time_report(&stderr, spawned.use_time, watched.polled_hwm);
    Ok(Rebuild {
        log_events,
        elapsed: watched.elapsed,
        peak_rss_kib: peak,
        rss_method: method,
        process_cpu: cpu,
        postgres_cpu_s: watched.postgres_cpu_s,
        server_max_rss_kib: watched.server_max_rss_kib,
        reported: stdout
            .lines()
            .find(|l| l.starts_with("rebuilt"))
            .map(str::to_string),
        read_model_rows_before: rows_before,
        read_model_rows_after: count(pool, "select count(*) from rm_vouchers").await?,
    })
}

/// The running rebuild, under `/usr/bin/time -v` when there is one.
struct Spawned {
    child: Child,
    started: Instant,
    use_time: bool,
    out_path: PathBuf,
    err_path: PathBuf,
}

fn spawn(cfg: &Config, env: &ServerEnv) -> Result<Spawned> {
    let time_v = Path::new("/usr/bin/time");
    let use_time = time_v.is_file();
    let mut cmd = if use_time {
        let mut c = Command::new(time_v);
        c.arg("-v").arg(&cfg.bin);
        c
    } else {
        Command::new(&cfg.bin)
    };
    // Files, not pipes: nobody reads while it runs, and a full pipe would stall the child.
    let out_path = cfg.out_dir.join(format!("rebuild-{}.out", cfg.unix));
    let err_path = cfg.out_dir.join(format!("rebuild-{}.err", cfg.unix));
    cmd.args(["replay", "rebuild", REBUILD_PROJECTION])
        .current_dir(&cfg.repo)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path)?)
        .stderr(std::fs::File::create(&err_path)?);
    env.apply(&mut cmd);
    let started = Instant::now();
    let child = cmd.spawn().context("starting tagih replay rebuild")?;
    Ok(Spawned {
        child,
        started,
        use_time,
        out_path,
        err_path,
    })
}

/// What was sampled while the rebuild ran.
struct Watched {
    status: ExitStatus,
    elapsed: Duration,
    polled_hwm: u64,
    server_max_rss_kib: Option<u64>,
    postgres_cpu_s: f64,
}

/// Polls the child every 50 ms until it exits (an hour at most): its memory, the server's,
/// and every 250 ms the CPU of each `postgres` process.
async fn watch(child: &mut Child, started: Instant, server: &Server) -> Result<Watched> {
    let pid = child.id();
    let mut polled_hwm = 0u64;
    let server_running = server.memory().is_ok();
    let mut server_max = 0u64;
    let mut pg = PgCpu::start();
    let mut polls = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        polls += 1;
        if polls.is_multiple_of(5) {
            pg.sample();
        }
        // With /usr/bin/time this pid is `time` itself; its -v report gives the real peak.
        if let Ok(m) = proc_mem(pid) {
            polled_hwm = polled_hwm.max(m.hwm_kib);
        }
        if let Ok(m) = server.memory() {
            server_max = server_max.max(m.rss_kib);
        }
        if started.elapsed() > Duration::from_secs(3600) {
            let _ = child.kill();
            let _ = child.wait();
            bail!("the rebuild did not finish within an hour");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let elapsed = started.elapsed();
    Ok(Watched {
        status,
        elapsed,
        polled_hwm,
        server_max_rss_kib: server_running.then_some(server_max),
        postgres_cpu_s: pg.used(),
    })
}

/// PostgreSQL's side of the rebuild runs in a backend that starts and ends with it, so
/// it is sampled while alive: per pid, the last CPU reading minus the one at the start.
struct PgCpu {
    start: HashMap<String, f64>,
    last: HashMap<String, f64>,
}

impl PgCpu {
    fn start() -> Self {
        let start = postgres_cpu_by_pid();
        Self {
            last: start.clone(),
            start,
        }
    }

    fn sample(&mut self) {
        self.last.extend(postgres_cpu_by_pid());
    }

    /// CPU seconds all `postgres` processes used since `start`.
    fn used(&self) -> f64 {
        self.last
            .iter()
            .map(|(pid, last)| last - self.start.get(pid).copied().unwrap_or(0.0))
            .sum()
    }
}

/// Peak RSS, how it was measured, and the process's CPU: from the `/usr/bin/time -v`
/// report when there is one, else the polled VmHWM (and no CPU figure).
fn time_report(
    stderr: &str,
    use_time: bool,
    polled_hwm: u64,
) -> (Option<u64>, &'static str, Option<Value>) {
    // `/usr/bin/time -v` lines look like "\tMaximum resident set size (kbytes): 92344".
    let time_field = |name: &str| -> Option<f64> {
        stderr.lines().find_map(|l| {
            l.trim()
                .strip_prefix(name)
                .and_then(|v| v.trim().trim_end_matches('%').parse().ok())
        })
    };
    let cpu = use_time
        .then(|| {
            Some(json!({
                "user_s": time_field("User time (seconds):")?,
                "system_s": time_field("System time (seconds):")?,
                "percent_of_one_core": time_field("Percent of CPU this job got:")?,
            }))
        })
        .flatten();
    if use_time {
        let peak = time_field("Maximum resident set size (kbytes):").map(|k| k as u64);
        (peak, "/usr/bin/time -v", cpu)
    } else {
        (Some(polled_hwm), "VmHWM polled every 50 ms", cpu)
    }
}
