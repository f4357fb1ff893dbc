//! (f) Memory: resident set sizes read from /proc, and the server's steady reading taken
//! after the command and query phases.

use anyhow::{Context, Result};

use crate::server::Server;

/// Resident memory of a process, KiB, from /proc/<pid>/status.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mem {
    pub rss_kib: u64,
    pub hwm_kib: u64,
}

pub fn proc_mem(pid: u32) -> Result<Mem> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
    };
    Ok(Mem {
        rss_kib: field("VmRSS:").context("no VmRSS")?,
        hwm_kib: field("VmHWM:").context("no VmHWM")?,
    })
}

pub fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// (f) The server's memory once commands and queries have run, printed as it is taken.
pub fn steady(server: &Server) -> Result<Mem> {
    let steady = server.memory()?;
    println!(
        "(f) server RSS after commands and queries: {:.1} MiB (peak so far {:.1} MiB)",
        mib(steady.rss_kib),
        mib(steady.hwm_kib)
    );
    Ok(steady)
}
