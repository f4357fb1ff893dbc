//! "Simulator at 100k rows" (issue 17): what one `/ip/hotspot/user/print ?name=X` costs
//! as the simulated router's user table grows from 1 to 100,000 rows, measured
//! in-process (`SimHandle::run`, the simulator's own work, with the thread's CPU time)
//! and over the socket (our client, one connection, one lookup per round trip). A
//! `count-only` query that must read every row is timed beside it, for scale.
//!
//! This file uses only std, tokio and `tagih_routeros`, so that
//! `routeros/examples/sim_lookup.rs` can include it and measure the same code with a
//! release build of the routeros crate alone (the bench's release build is the whole
//! workspace).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use tagih_routeros::client::{Command, Connection, RouterConfig};
use tagih_routeros::sim::{self, SimConfig, SimHandle};

/// Table sizes measured: a lone user, the 3,000 of the first report, and an ISP.
pub const SIZES: [usize; 3] = [1, 3_000, 100_000];
/// The goal: one lookup at 100,000 rows costs the simulator at most this.
pub const GOAL_CPU_US: f64 = 1_000.0;
const PASSWORD: &str = "bench-lookup";

/// One table size's results; times are means per command, in microseconds.
#[derive(Debug, Clone)]
pub struct Lookup {
    pub users: usize,
    /// Lookups over the socket; in-process ones repeat them for at least [`MIN_CPU`].
    pub lookups: usize,
    pub in_process_lookups: usize,
    pub in_process_us: f64,
    /// CPU time of the thread running the lookups (Linux), the simulator's own cost.
    pub in_process_cpu_us: Option<f64>,
    pub socket_us: f64,
    /// CPU per `print =count-only= ?comment=batch-3`, which reads every row.
    pub scan_count_cpu_us: Option<f64>,
}

/// Linux updates a running thread's CPU time about once a scheduler tick: timing well
/// over a tick keeps that error to a few per cent.
const MIN_CPU: Duration = Duration::from_millis(500);

pub fn user_name(i: usize) -> String {
    format!("u{i:06}")
}

/// Seeds `users` hotspot users into a fresh simulator and times `lookups` name lookups
/// each way; every answer is checked (one row, the right name).
pub async fn measure(users: usize, lookups: usize) -> Result<Lookup, String> {
    let sim = sim::start(SimConfig {
        password: PASSWORD.to_owned(),
        ..SimConfig::default()
    })
    .await
    .map_err(|e| format!("starting the simulator: {e}"))?;
    let rows = (0..users).map(|i| {
        vec![
            ("name".to_owned(), user_name(i)),
            ("password".to_owned(), format!("p{i}")),
            ("comment".to_owned(), format!("batch-{}", i % 10)),
        ]
    });
    sim.seed("/ip/hotspot/user", rows)?;
    // Spread over the table: a prime stride visits names all over it.
    let names: Vec<String> = (0..lookups).map(|k| user_name(k * 7_919 % users)).collect();
    let (in_process_lookups, wall, cpu) = repeated(|| lookup_all(&sim, &names), names.len())?;
    let (scans, _, scan_cpu) = repeated(|| scan(&sim), 1)?;
    let socket = socket(&sim, &names).await?;
    sim.shutdown().await;
    Ok(Lookup {
        users,
        lookups,
        in_process_lookups,
        in_process_us: per(wall, in_process_lookups),
        in_process_cpu_us: cpu.map(|c| per(c, in_process_lookups)),
        socket_us: per(socket, lookups),
        scan_count_cpu_us: scan_cpu.map(|c| per(c, scans)),
    })
}

fn per(total: Duration, n: usize) -> f64 {
    total.as_secs_f64() * 1e6 / n.max(1) as f64
}

/// Runs `pass` (worth `n` commands) until the thread has spent [`MIN_CPU`] (or as long
/// in wall time where CPU time cannot be read); returns commands run, wall and CPU.
fn repeated(
    mut pass: impl FnMut() -> Result<(), String>,
    n: usize,
) -> Result<(usize, Duration, Option<Duration>), String> {
    let cpu_before = thread_cpu();
    let started = Instant::now();
    let mut done = 0;
    loop {
        pass()?;
        done += n;
        let cpu = thread_cpu()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before));
        if cpu.unwrap_or_else(|| started.elapsed()) >= MIN_CPU {
            return Ok((done, started.elapsed(), cpu));
        }
    }
}

fn lookup_all(sim: &SimHandle, names: &[String]) -> Result<(), String> {
    for name in names {
        let reply = sim.run(&["/ip/hotspot/user/print", &format!("?name={name}")]);
        let found = reply.first().and_then(|words| {
            words
                .iter()
                .find_map(|w| w.strip_prefix("=name="))
                .map(str::to_owned)
        });
        if reply.len() != 2 || found.as_deref() != Some(name.as_str()) {
            return Err(format!("in-process lookup of {name} answered {reply:?}"));
        }
    }
    Ok(())
}

fn scan(sim: &SimHandle) -> Result<(), String> {
    let reply = sim.run(&["/ip/hotspot/user/print", "=count-only=", "?comment=batch-3"]);
    if reply.first().and_then(|w| w.first()).map(String::as_str) != Some("!done") {
        return Err(format!("count-only answered {reply:?}"));
    }
    Ok(())
}

async fn socket(sim: &SimHandle, names: &[String]) -> Result<Duration, String> {
    let config = RouterConfig::new(sim.addr().ip().to_string(), "admin", PASSWORD)
        .with_port(sim.addr().port());
    let conn = Connection::connect(&config)
        .await
        .map_err(|e| format!("connecting: {e}"))?;
    let started = Instant::now();
    for name in names {
        let command = Command::new("/ip/hotspot/user/print").where_eq("name", name);
        let rows = conn
            .call(command)
            .await
            .map_err(|e| format!("lookup of {name}: {e}"))?;
        if rows.len() != 1 {
            return Err(format!("lookup of {name} gave {} rows", rows.len()));
        }
    }
    let elapsed = started.elapsed();
    conn.close();
    Ok(elapsed)
}

/// CPU time of the calling thread so far: the first field of Linux's schedstat.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = text.split_whitespace().next()?.parse::<u64>().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The results as a markdown table, with the goal's verdict.
pub fn table(results: &[Lookup]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| users   | in-process lookups | wall µs | CPU µs | socket lookups | socket µs | count-only scan CPU µs |"
    );
    let _ = writeln!(
        out,
        "|--------:|-------------------:|--------:|-------:|---------------:|----------:|-----------------------:|"
    );
    let cpu = |c: Option<f64>| c.map_or_else(|| "n/a".to_owned(), |c| format!("{c:.1}"));
    for r in results {
        let _ = writeln!(
            out,
            "| {:>7} | {:>18} | {:>7.1} | {:>6} | {:>14} | {:>9.1} | {:>22} |",
            r.users,
            r.in_process_lookups,
            r.in_process_us,
            cpu(r.in_process_cpu_us),
            r.lookups,
            r.socket_us,
            cpu(r.scan_count_cpu_us)
        );
    }
    if let Some(big) = results.iter().max_by_key(|r| r.users) {
        let cost = big.in_process_cpu_us.unwrap_or(big.in_process_us);
        let verdict = if cost <= GOAL_CPU_US {
            "met"
        } else {
            "NOT met"
        };
        let _ = writeln!(
            out,
            "\ngoal print ?name=X at {} rows ≤ {GOAL_CPU_US:.0} µs of simulator CPU: {verdict} ({cost:.1} µs)",
            big.users
        );
    }
    out
}
