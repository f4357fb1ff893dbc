//! Closed-loop load generation: `clients` concurrent clients each calling an operation
//! back to back for a fixed time, with latencies in HDR histograms (microseconds).

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use hdrhistogram::Histogram;
use serde_json::{Value, json};
use tokio::sync::Barrier;

use crate::WARMUP_OPS;

pub fn new_hist() -> Result<Histogram<u64>> {
    // Microseconds from 1 µs to 10 min, 3 significant digits.
    Histogram::new_with_bounds(1, 600_000_000, 3).map_err(|e| anyhow!("histogram: {e}"))
}

pub fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX).max(1)
}

/// p50/p90/p99/max/mean of a microsecond histogram, in milliseconds.
pub fn latency_json(h: &Histogram<u64>) -> Value {
    let q = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    json!({
        "samples": h.len(),
        "p50_ms": q(0.50),
        "p90_ms": q(0.90),
        "p99_ms": q(0.99),
        "max_ms": h.max() as f64 / 1000.0,
        "mean_ms": h.mean() / 1000.0,
    })
}

pub struct LoadResult {
    pub clients: usize,
    pub ops: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    pub hist: Histogram<u64>,
    /// Completions in each second of the run: shows whether throughput drifts.
    pub per_second: Vec<u64>,
    /// Whole seconds the run was asked to last.
    pub seconds: usize,
}

impl LoadResult {
    pub fn rate(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
    pub fn p(&self, q: f64) -> f64 {
        self.hist.value_at_quantile(q) as f64 / 1000.0
    }
    /// Completions in the first and in the last second of the run (a second with none
    /// counts 0, so a run that stalled at the end shows it).
    pub fn first_and_last_second(&self) -> (u64, u64) {
        let at = |i: usize| self.per_second.get(i).copied().unwrap_or(0);
        (at(0), at(self.seconds.max(1) - 1))
    }
    /// The last second's completions over the first's (1.0: no drift).
    pub fn drift_ratio(&self) -> f64 {
        let (first, last) = self.first_and_last_second();
        last as f64 / first.max(1) as f64
    }
    pub fn to_json(&self) -> Value {
        json!({
            "clients": self.clients,
            "ops": self.ops,
            "errors": self.errors,
            "first_error": self.first_error,
            "elapsed_s": self.elapsed.as_secs_f64(),
            "ops_per_s": self.rate(),
            "latency": latency_json(&self.hist),
            "ops_per_second_timeline": self.per_second,
            "first_second_ops": self.first_and_last_second().0,
            "last_second_ops": self.first_and_last_second().1,
            "last_over_first": self.drift_ratio(),
        })
    }

    /// Adds one client's numbers to the total.
    fn absorb(&mut self, r: ClientResult) -> Result<()> {
        self.ops += r.ops;
        self.errors += r.errors;
        self.first_error = self.first_error.take().or(r.first_error);
        self.elapsed = self.elapsed.max(r.elapsed);
        self.hist.add(&r.hist).map_err(|e| anyhow!("{e:?}"))?;
        if self.per_second.len() < r.per_second.len() {
            self.per_second.resize(r.per_second.len(), 0);
        }
        for (i, n) in r.per_second.iter().enumerate() {
            self.per_second[i] += n;
        }
        Ok(())
    }
}

struct ClientResult {
    ops: u64,
    errors: u64,
    first_error: Option<String>,
    elapsed: Duration,
    hist: Histogram<u64>,
    per_second: Vec<u64>,
}

impl ClientResult {
    fn new() -> Result<Self> {
        Ok(Self {
            ops: 0,
            errors: 0,
            first_error: None,
            elapsed: Duration::ZERO,
            hist: new_hist()?,
            per_second: Vec::new(),
        })
    }

    /// One measured request that started at `started` and ended at `done`.
    fn record(
        &mut self,
        result: Result<()>,
        started: Instant,
        done: Instant,
        t0: Instant,
        last_second: usize,
    ) {
        match result {
            Ok(()) => {
                self.ops += 1;
                self.hist.saturating_record(micros(done - started));
                // The last request may finish after the deadline: count it in the last second.
                let second = ((done - t0).as_secs() as usize).min(last_second);
                if self.per_second.len() <= second {
                    self.per_second.resize(second + 1, 0);
                }
                self.per_second[second] += 1;
            }
            Err(e) => {
                self.errors += 1;
                self.first_error.get_or_insert_with(|| format!("{e:#}"));
            }
        }
    }
}

/// `clients` concurrent closed-loop clients calling `op(client, seq)` for `duration` after a
/// short warm-up. Errors are counted, not fatal: a run that fails often says so in the table.
pub async fn run_load<F, Fut>(clients: usize, duration: Duration, op: F) -> Result<LoadResult>
where
    F: Fn(usize, u64) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let barrier = Arc::new(Barrier::new(clients));
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let op = op.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move { client_loop(c, duration, op, barrier).await })
        })
        .collect();
    let mut total = LoadResult {
        clients,
        ops: 0,
        errors: 0,
        first_error: None,
        elapsed: Duration::ZERO,
        hist: new_hist()?,
        per_second: Vec::new(),
        seconds: duration.as_secs().max(1) as usize,
    };
    for t in tasks {
        total.absorb(t.await.context("a load client panicked")??)?;
    }
    if total.ops == 0 {
        bail!(
            "no request succeeded: {}",
            total.first_error.unwrap_or_default()
        );
    }
    Ok(total)
}

async fn client_loop<F, Fut>(
    c: usize,
    duration: Duration,
    op: F,
    barrier: Arc<Barrier>,
) -> Result<ClientResult>
where
    F: Fn(usize, u64) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let mut r = ClientResult::new()?;
    let mut seq = 0u64;
    // A failing warm-up must still reach the barrier, or the other clients wait forever.
    let mut warm = Ok(());
    while seq < WARMUP_OPS && warm.is_ok() {
        warm = op(c, seq).await.context("warm-up request failed");
        seq += 1;
    }
    barrier.wait().await;
    if let Err(e) = warm {
        r.errors = 1;
        r.first_error = Some(format!("{e:#}"));
        return Ok(r);
    }
    let t0 = Instant::now();
    let deadline = t0 + duration;
    let last_second = (duration.as_secs() as usize).max(1) - 1;
    while Instant::now() < deadline {
        let started = Instant::now();
        let result = op(c, seq).await;
        seq += 1;
        r.record(result, started, Instant::now(), t0, last_second);
    }
    r.elapsed = t0.elapsed();
    Ok(r)
}
