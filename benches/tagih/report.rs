//! The verdict table: each measured number against its goal (docs/benchmarks.md), printed
//! as a Markdown table and kept for the JSON.

use crate::BATCH_SIZE;
use crate::bench::Results;
use crate::lag::LagStats;
use crate::load::LoadResult;
use crate::memory::mib;
use crate::scaling::Scaling;

pub struct Row {
    pub metric: &'static str,
    pub measured: String,
    pub goal: &'static str,
    /// None: informational, no goal.
    pub pass: Option<bool>,
}

fn row(metric: &'static str, measured: String, goal: &'static str, pass: Option<bool>) -> Row {
    Row {
        metric,
        measured,
        goal,
        pass,
    }
}

pub fn verdicts(r: &Results) -> Vec<Row> {
    let mut rows = command_rows(&r.one, &r.eight, &r.bus);
    rows.push(lag_row(&r.lag));
    rows.extend(batch_and_query_rows(r));
    rows.extend(rebuild_rows(r));
    rows.extend(memory_rows(r));
    rows.push(idle_row(r));
    rows.push(idle_cpu_row(r));
    rows.push(scaling_row(&r.scaling));
    rows
}

/// (g): the server's own CPU while idle.
fn idle_cpu_row(r: &Results) -> Row {
    row(
        "idle server CPU (30 s, no load)",
        format!("{:.2} % of a core", r.idle.cpu_percent()),
        "≈ 0",
        Some(r.idle.cpu_percent() <= 1.0),
    )
}

/// (h): what 20 consumers that no event concerns cost the 8-client command run.
fn scaling_row(s: &Scaling) -> Row {
    row(
        "scaling with features: 8-client cmd/s, +20 idle consumers vs none",
        format!(
            "{:.0} vs {:.0} ({:+.1} %)",
            s.with_idle.rate(),
            s.baseline(),
            (s.ratio() - 1.0) * 100.0
        ),
        "≥ 95 % of without",
        Some(s.ratio() >= 0.95),
    )
}

/// (g): what an idle server costs PostgreSQL.
fn idle_row(r: &Results) -> Row {
    row(
        "idle transactions/s (30 s, no load)",
        format!(
            "{:.2} ({} in {:.1} s)",
            r.idle.per_second(),
            r.idle.transactions,
            r.idle.elapsed.as_secs_f64()
        ),
        "≤ 5/s",
        Some(r.idle.per_second() <= 5.0),
    )
}

/// (a): command throughput, latency, errors, and drift as the clients' streams grow;
/// (a′) the write path alone.
pub fn command_rows(one: &LoadResult, eight: &LoadResult, bus: &LoadResult) -> Vec<Row> {
    let mut rows = throughput_rows(one, eight);
    rows.push(drift_row(
        "commands/s first → last second, 1 client (1 stream)",
        one,
    ));
    rows.push(drift_row(
        "commands/s first → last second, 8 clients (8 streams)",
        eight,
    ));
    rows.push(row(
        "write path alone, 1 client in process: cmd/s, p99",
        format!(
            "{:.0}, {:.2} ms ({} errors)",
            bus.rate(),
            bus.p(0.99),
            bus.errors
        ),
        "—",
        None,
    ));
    rows.push(drift_row("  first → last second (1 stream)", bus));
    rows
}

/// Every call of a client appends to the same stream, so a command whose cost grows with
/// its stream shows here: the goal is a last second within 15 % of the first.
fn drift_row(metric: &'static str, run: &LoadResult) -> Row {
    let (first, last) = run.first_and_last_second();
    let ratio = run.drift_ratio();
    row(
        metric,
        format!("{first} → {last} ({:+.1} %)", (ratio - 1.0) * 100.0),
        "last ≥ 85 % of first",
        Some(first > 0 && ratio >= 0.85),
    )
}

fn throughput_rows(one: &LoadResult, eight: &LoadResult) -> Vec<Row> {
    vec![
        row(
            "commands/s, 1 client",
            format!("{:.0}", one.rate()),
            "—",
            None,
        ),
        row(
            "command p50 / p99, 1 client",
            format!("{:.2} / {:.2} ms", one.p(0.5), one.p(0.99)),
            "p99 ≤ 5 ms",
            Some(one.p(0.99) <= 5.0),
        ),
        row(
            "commands/s, 8 clients",
            format!("{:.0}", eight.rate()),
            "≥ 1,200/s",
            Some(eight.rate() >= 1200.0),
        ),
        row(
            "command p50 / p99, 8 clients",
            format!("{:.2} / {:.2} ms", eight.p(0.5), eight.p(0.99)),
            "—",
            None,
        ),
        row(
            "command errors (1 + 8 clients)",
            format!("{}", one.errors + eight.errors),
            "0",
            Some(one.errors + eight.errors == 0),
        ),
    ]
}

/// (b): projection lag over the 8-client run.
pub fn lag_row(stats: &LagStats) -> Row {
    let lag = |q: f64| stats.hist.value_at_quantile(q) as f64 / 1000.0;
    row(
        "projection lag p50 / p99 / max",
        format!(
            "{:.2} / {:.2} / {:.2} ms",
            lag(0.5),
            lag(0.99),
            stats.hist.max() as f64 / 1000.0
        ),
        "p99 ≤ 50 ms",
        Some(!stats.hist.is_empty() && lag(0.99) <= 50.0),
    )
}

/// (c) and (d): the 10,000-voucher mutation, its read model, and the queries.
fn batch_and_query_rows(r: &Results) -> Vec<Row> {
    let sorted = r.batches.sorted();
    let (bmin, bmed, bmax) = (
        sorted.first().copied().unwrap_or(f64::NAN),
        sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN),
        sorted.last().copied().unwrap_or(f64::NAN),
    );
    let rm_ok = r.batches.read_model_growth.iter().all(|g| *g == BATCH_SIZE);
    vec![
        row(
            "10,000 vouchers, 1 mutation min/med/max",
            format!("{bmin:.3} / {bmed:.3} / {bmax:.3} s"),
            "≤ 1.0 s (every run)",
            Some(bmax <= 1.0),
        ),
        row(
            "  read model has the batch on return",
            r.batches
                .read_model_growth
                .iter()
                .map(|g| format!("+{g}"))
                .collect::<Vec<_>>()
                .join(", "),
            "+10000 each",
            Some(rm_ok),
        ),
        row(
            "queries/s, 8 clients",
            format!("{:.0}", r.queries.rate()),
            "≥ 3,000/s",
            Some(r.queries.rate() >= 3000.0),
        ),
        row(
            "query p50 / p99, 8 clients",
            format!("{:.2} / {:.2} ms", r.queries.p(0.5), r.queries.p(0.99)),
            "p99 ≤ 10 ms",
            Some(r.queries.p(0.99) <= 10.0),
        ),
    ]
}

/// (e): rebuild speed and the rebuild process's memory.
fn rebuild_rows(r: &Results) -> Vec<Row> {
    let rebuild_peak = r.rebuild.peak_rss_kib.map(mib);
    vec![
        row(
            "rebuild `vouchers` events/s",
            format!(
                "{:.0} ({} events, {:.2} s)",
                r.rebuild.events_per_s(),
                thousands(r.rebuild.log_events.max(0) as u64),
                r.rebuild.elapsed.as_secs_f64()
            ),
            "≥ 100,000/s on ≥ 1M",
            Some(r.rebuild.events_per_s() >= 100_000.0 && r.rebuild.log_events >= 1_000_000),
        ),
        row(
            "rebuild process peak RSS",
            rebuild_peak.map_or("n/a".into(), |m| format!("{m:.1} MiB")),
            "≤ 512 MiB",
            rebuild_peak.map(|m| m <= 512.0),
        ),
    ]
}

/// (f): the server's memory, steady, during the rebuild and at its peak.
fn memory_rows(r: &Results) -> Vec<Row> {
    vec![
        row(
            "server RSS, steady",
            format!("{:.1} MiB", mib(r.steady.rss_kib)),
            "≤ 256 MiB",
            Some(mib(r.steady.rss_kib) <= 256.0),
        ),
        row(
            "server RSS max during rebuild",
            r.rebuild
                .server_max_rss_kib
                .map_or("n/a (server stopped)".into(), |k| {
                    format!("{:.1} MiB", mib(k))
                }),
            "≤ 512 MiB",
            r.rebuild.server_max_rss_kib.map(|k| mib(k) <= 512.0),
        ),
        row(
            "server peak RSS (VmHWM, whole run)",
            format!("{:.1} MiB", mib(r.server_end.hwm_kib)),
            "≤ 512 MiB",
            Some(mib(r.server_end.hwm_kib) <= 512.0),
        ),
    ]
}

pub fn print_table(rows: &[Row]) {
    let verdict = |p: Option<bool>| match p {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "",
    };
    let w0 = width(rows.iter().map(|r| r.metric), 6);
    let w1 = width(rows.iter().map(|r| r.measured.as_str()), 8);
    let w2 = width(rows.iter().map(|r| r.goal), 4);
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    println!();
    println!(
        "| {} | {} | {} | verdict |",
        pad("metric", w0),
        pad("measured", w1),
        pad("goal", w2)
    );
    println!(
        "|{}|{}|{}|---------|",
        "-".repeat(w0 + 2),
        "-".repeat(w1 + 2),
        "-".repeat(w2 + 2)
    );
    for r in rows {
        println!(
            "| {} | {} | {} | {} |",
            pad(r.metric, w0),
            pad(&r.measured, w1),
            pad(r.goal, w2),
            pad(verdict(r.pass), 7)
        );
    }
}

/// A column's width in characters: its widest cell, at least `min` (the header's).
fn width<'a>(cells: impl Iterator<Item = &'a str>, min: usize) -> usize {
    cells
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(min)
        .max(min)
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
