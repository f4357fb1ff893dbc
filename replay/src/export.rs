//! Export of the whole log as JSON lines in position order, hashes included, so an
//! auditor can verify it offline or restore it into an empty store.

use futures::TryStreamExt;
use serde_json::json;
use sqlx::{PgPool, Row};
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// Writes every event as one JSON object per line; returns how many were written.
pub async fn export<W: AsyncWrite + Unpin>(
    pool: &PgPool,
    out: &mut W,
    mut on_progress: impl FnMut(u64),
) -> Result<u64, ExportError> {
    let mut rows = sqlx::query(
        "select position, aggregate_type, aggregate_id, sequence, event_type, event_version,
                payload::text as payload, metadata::text as metadata, recorded_at,
                encode(prev_hash, 'hex') as prev_hash, encode(hash, 'hex') as hash
           from events order by position",
    )
    .fetch(pool);
    let mut n = 0u64;
    while let Some(r) = rows.try_next().await? {
        let payload: String = r.try_get("payload")?;
        let metadata: String = r.try_get("metadata")?;
        let line = json!({
            "position": r.try_get::<i64, _>("position")?,
            "aggregate_type": r.try_get::<String, _>("aggregate_type")?,
            "aggregate_id": r.try_get::<String, _>("aggregate_id")?,
            "sequence": r.try_get::<i64, _>("sequence")?,
            "event_type": r.try_get::<String, _>("event_type")?,
            "event_version": r.try_get::<String, _>("event_version")?,
            "recorded_at": r.try_get::<chrono::DateTime<chrono::Utc>, _>("recorded_at")?,
            "payload": serde_json::from_str::<serde_json::Value>(&payload)?,
            "metadata": serde_json::from_str::<serde_json::Value>(&metadata)?,
            "payload_text": payload,
            "metadata_text": metadata,
            "prev_hash": r.try_get::<Option<String>, _>("prev_hash")?,
            "hash": r.try_get::<Option<String>, _>("hash")?,
        });
        let mut text = serde_json::to_string(&line)?;
        text.push('\n');
        out.write_all(text.as_bytes()).await?;
        n += 1;
        if n.is_multiple_of(10_000) {
            on_progress(n);
        }
    }
    out.flush().await?;
    Ok(n)
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
