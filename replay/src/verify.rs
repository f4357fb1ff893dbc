//! Tamper evidence: recompute every stream's hash chain from the stored text and name the
//! first event whose hash or link does not match. Mirrors the `events_chain` trigger.

use chrono::{DateTime, SecondsFormat, Utc};
use futures::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::{FromRow, PgPool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub position: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    pub events: u64,
    pub streams: u64,
    pub first_broken: Option<Broken>,
}

#[derive(FromRow)]
struct ChainRow {
    aggregate_type: String,
    aggregate_id: String,
    sequence: i64,
    event_type: String,
    event_version: String,
    payload: String,
    metadata: String,
    recorded_at: DateTime<Utc>,
    position: i64,
    prev_hash: Option<Vec<u8>>,
    hash: Option<Vec<u8>>,
}

/// The hash the trigger computes for an event, given its predecessor's hash.
pub fn chain_hash(prev: Option<&[u8]>, parts: [&str; 7], recorded_at: DateTime<Utc>) -> Vec<u8> {
    let mut text = parts.join("\n");
    text.push('\n');
    text.push_str(&recorded_at.to_rfc3339_opts(SecondsFormat::Micros, true));
    let mut h = Sha256::new();
    h.update(prev.unwrap_or_default());
    h.update(text.as_bytes());
    h.finalize().to_vec()
}

/// Walks all streams; `on_progress(events)` is called every 10,000 events.
pub async fn verify(pool: &PgPool, mut on_progress: impl FnMut(u64)) -> sqlx::Result<VerifyReport> {
    let mut rows = sqlx::query_as::<_, ChainRow>(
        "select aggregate_type, aggregate_id, sequence, event_type, event_version,
                payload::text as payload, metadata::text as metadata, recorded_at, position,
                prev_hash, hash
           from events order by aggregate_type, aggregate_id, sequence",
    )
    .fetch(pool);
    let mut report = VerifyReport::default();
    let mut prev: Option<ChainRow> = None;
    while let Some(row) = rows.try_next().await? {
        report.events += 1;
        if report.events.is_multiple_of(10_000) {
            on_progress(report.events);
        }
        let same_stream = prev.as_ref().is_some_and(|p| {
            p.aggregate_type == row.aggregate_type && p.aggregate_id == row.aggregate_id
        });
        if !same_stream {
            report.streams += 1;
        }
        let expected_prev = if same_stream {
            prev.as_ref().and_then(|p| p.hash.clone())
        } else {
            None
        };
        if report.first_broken.is_none() {
            report.first_broken = check(&row, expected_prev.as_deref(), same_stream, prev.as_ref());
        }
        prev = Some(row);
    }
    Ok(report)
}

fn check(
    row: &ChainRow,
    expected_prev: Option<&[u8]>,
    same_stream: bool,
    prev: Option<&ChainRow>,
) -> Option<Broken> {
    let broken = |reason: &str| Broken {
        position: row.position,
        aggregate_type: row.aggregate_type.clone(),
        aggregate_id: row.aggregate_id.clone(),
        sequence: row.sequence,
        reason: reason.to_string(),
    };
    let expected_seq = if same_stream {
        prev.map_or(1, |p| p.sequence + 1)
    } else {
        1
    };
    if row.sequence != expected_seq {
        return Some(broken("sequence gap: an event is missing before this one"));
    }
    if row.prev_hash.as_deref() != expected_prev {
        return Some(broken("prev_hash does not match the previous event's hash"));
    }
    let seq = row.sequence.to_string();
    let parts = [
        row.aggregate_type.as_str(),
        row.aggregate_id.as_str(),
        seq.as_str(),
        row.event_type.as_str(),
        row.event_version.as_str(),
        row.payload.as_str(),
        row.metadata.as_str(),
    ];
    let recomputed = chain_hash(expected_prev, parts, row.recorded_at);
    (row.hash.as_deref() != Some(recomputed.as_slice()))
        .then(|| broken("hash does not match the event's content"))
}
