//! CPU seconds from /proc: the server's, every `postgres` process's, the bench's own, and
//! the whole machine's (busy and stolen).

use std::collections::HashMap;

/// Cumulative CPU seconds (user + system) of the server, of every `postgres` process, and
/// of this bench process.
#[derive(Clone, Copy, Default)]
pub struct Cpu {
    pub server: f64,
    pub postgres: f64,
    pub bench: f64,
    /// Every process on the machine (from /proc/stat), and time stolen by the hypervisor:
    /// what is left after the three above is someone else's work.
    pub machine_busy: f64,
    pub steal: f64,
}

/// Busy and steal seconds of the whole machine, from the first line of /proc/stat.
fn machine_cpu() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let f: Vec<f64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let at = |i: usize| f.get(i).copied().unwrap_or(0.0) / 100.0;
    // user nice system idle iowait irq softirq steal
    let busy = at(0) + at(1) + at(2) + at(5) + at(6);
    (busy, at(7))
}

fn cpu_seconds(pid: &str) -> f64 {
    // Fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised command name.
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // USER_HZ is 100 on every Linux this runs on.
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU seconds of every `postgres` process, by pid.
pub fn postgres_cpu_by_pid() -> HashMap<String, f64> {
    let mut out = HashMap::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    for entry in dir.flatten() {
        let Ok(pid) = entry.file_name().into_string() else {
            continue;
        };
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        if comm.trim() == "postgres" {
            let cpu = cpu_seconds(&pid);
            out.insert(pid, cpu);
        }
    }
    out
}

pub fn cpu_now(server_pid: u32) -> Cpu {
    let (machine_busy, steal) = machine_cpu();
    Cpu {
        server: cpu_seconds(&server_pid.to_string()),
        postgres: postgres_cpu_by_pid().values().sum(),
        bench: cpu_seconds("self"),
        machine_busy,
        steal,
    }
}
