//! The phases' time windows: when each began and ended, the CPU each party used in it,
//! and (with the activity samples) the `phases` section of the JSON.

use std::time::Instant;

use serde_json::{Value, json};

use crate::activity::Sample;
use crate::cpu::{Cpu, cpu_now};

/// Where a phase began.
pub struct PhaseStart {
    at: Instant,
    cpu: Cpu,
}

/// Each phase: its time span, the load average when it ended and the CPU its parties used.
struct Phase {
    name: &'static str,
    from: Instant,
    to: Instant,
    loadavg: String,
    /// Percent of one core, averaged over the phase.
    server_cpu: f64,
    postgres_cpu: f64,
    bench_cpu: f64,
    machine_cpu: f64,
    steal_cpu: f64,
}

pub struct Windows {
    server_pid: u32,
    phases: Vec<Phase>,
}

impl Windows {
    pub fn new(server_pid: u32) -> Self {
        Self {
            server_pid,
            phases: Vec::new(),
        }
    }

    /// The server was restarted: its CPU is read from the new process from now on.
    pub fn follow(&mut self, server_pid: u32) {
        self.server_pid = server_pid;
    }

    pub fn start(&self) -> PhaseStart {
        PhaseStart {
            at: Instant::now(),
            cpu: cpu_now(self.server_pid),
        }
    }

    pub fn push(&mut self, name: &'static str, start: PhaseStart) {
        let to = Instant::now();
        let cpu = cpu_now(self.server_pid);
        let secs = (to - start.at).as_secs_f64().max(1e-9);
        let pct = |a: f64, b: f64| ((a - b) / secs * 100.0).max(0.0);
        self.phases.push(Phase {
            name,
            from: start.at,
            to,
            loadavg: std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .trim()
                .to_string(),
            server_cpu: pct(cpu.server, start.cpu.server),
            postgres_cpu: pct(cpu.postgres, start.cpu.postgres),
            bench_cpu: pct(cpu.bench, start.cpu.bench),
            machine_cpu: pct(cpu.machine_busy, start.cpu.machine_busy),
            steal_cpu: pct(cpu.steal, start.cpu.steal),
        });
    }
}

/// Per phase: CPU of each party, the load average, how often another database had a
/// writing transaction open, and the longest statement seen running in the bench database.
pub fn phase_summary(samples: &[Sample], windows: &Windows) -> Value {
    let mut out = serde_json::Map::new();
    for p in &windows.phases {
        let inside: Vec<&Sample> = samples
            .iter()
            .filter(|s| s.at >= p.from && s.at <= p.to)
            .collect();
        out.insert(p.name.to_string(), phase_json(p, &inside));
    }
    Value::Object(out)
}

fn phase_json(p: &Phase, inside: &[&Sample]) -> Value {
    let n = inside.len().max(1) as f64;
    let busy = inside.iter().filter(|s| s.foreign_writers > 0).count();
    let long = inside.iter().filter(|s| s.long_statements > 0).count();
    let longest = inside
        .iter()
        .max_by(|a, b| a.longest_s.total_cmp(&b.longest_s));
    json!({
        "seconds": (p.to - p.from).as_secs_f64(),
        "loadavg_at_end": p.loadavg,
        "cpu_percent_of_one_core": {
            "server": p.server_cpu,
            "postgres_all": p.postgres_cpu,
            "bench_client": p.bench_cpu,
            "machine_busy": p.machine_cpu,
            "others": (p.machine_cpu - p.server_cpu - p.postgres_cpu - p.bench_cpu).max(0.0),
            "stolen_by_hypervisor": p.steal_cpu,
        },
        "activity_samples": inside.len(),
        "foreign_writers_fraction": busy as f64 / n,
        "longest_foreign_transaction_s": inside.iter().map(|s| s.foreign_oldest_s).fold(0.0, f64::max),
        "long_statement_fraction": long as f64 / n,
        "long_statements_max": inside.iter().map(|s| s.long_statements).max().unwrap_or(0),
        "longest_statement_s": longest.map_or(0.0, |s| s.longest_s),
        "longest_statement": longest.and_then(|s| s.longest_query.clone()),
    })
}
