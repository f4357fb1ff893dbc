//! (b) Projection lag: a LISTEN on `events` and `projections` stamps arrival times, and
//! each appended position is matched with the first checkpoint that covers it.

use std::time::Instant;

use anyhow::{Context, Result};
use hdrhistogram::Histogram;
use sqlx::postgres::PgListener;
use tokio::sync::oneshot;

use crate::load::{micros, new_hist};

pub enum Note {
    /// An `events` notification: the highest position one insert statement wrote.
    Event { at: Instant, position: i64 },
    /// A `projections` notification of the watched projection: its new checkpoint.
    Checkpoint { at: Instant, position: i64 },
}

/// Listens on `events` and `projections` from its own connection, stamping arrival times.
pub struct LagProbe {
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<Vec<Note>>>,
}

impl LagProbe {
    /// Returns once LISTEN is in effect, so nothing from the run is missed.
    pub async fn start(url: &str, projection: &'static str) -> Result<Self> {
        let mut listener = PgListener::connect(url)
            .await
            .context("lag probe: connecting")?;
        listener
            .listen_all(["events", "projections"])
            .await
            .context("lag probe: LISTEN")?;
        let (stop, mut stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let mut notes = Vec::new();
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    n = listener.recv() => {
                        let n = n.context("lag probe: receiving")?;
                        if let Some(note) = note(&n, projection) {
                            notes.push(note);
                        }
                    }
                }
            }
            Ok(notes)
        });
        Ok(Self { stop, task })
    }

    pub async fn finish(self) -> Result<Vec<Note>> {
        let _ = self.stop.send(());
        self.task.await.context("lag probe panicked")?
    }
}

/// A notification as a `Note` stamped now; None when it is not one the probe tracks.
fn note(n: &sqlx::postgres::PgNotification, projection: &str) -> Option<Note> {
    let at = Instant::now();
    if n.channel() == "events" {
        let position = n.payload().parse().ok()?;
        Some(Note::Event { at, position })
    } else if let Some((names, cursor)) = n.payload().split_once('=')
        // The projection host notifies a group of checkpoints at once: "a,b,c=tx:position".
        && names.split(',').any(|name| name == projection)
        && let Some(position) = cursor.split_once(':').and_then(|(_, p)| p.parse().ok())
    {
        Some(Note::Checkpoint { at, position })
    } else {
        None
    }
}

pub struct LagStats {
    pub hist: Histogram<u64>,
    pub events: usize,
    pub checkpoints: usize,
    pub unmatched: usize,
}

/// For each `events` notification (t_e, p): the first checkpoint notification that
/// arrived at or after t_e with position ≥ p, at t_p; lag = t_p − t_e.
pub fn projection_lags(notes: &[Note]) -> Result<LagStats> {
    let mut events = Vec::new();
    let mut checkpoints = Vec::new();
    for n in notes {
        match *n {
            Note::Event { at, position } => events.push((at, position)),
            Note::Checkpoint { at, position } => checkpoints.push((at, position)),
        }
    }
    let mut hist = new_hist()?;
    let mut unmatched = 0;
    let mut from = 0;
    for &(t_e, p) in &events {
        while from < checkpoints.len() && checkpoints[from].0 < t_e {
            from += 1;
        }
        match checkpoints[from..].iter().find(|(_, q)| *q >= p) {
            Some(&(t_p, _)) => hist.saturating_record(micros(t_p - t_e)),
            None => unmatched += 1,
        }
    }
    Ok(LagStats {
        hist,
        events: events.len(),
        checkpoints: checkpoints.len(),
        unmatched,
    })
}
