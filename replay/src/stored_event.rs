//! One row of the event store as readers see it, and typed decoding of its payload.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use sqlx::postgres::PgRow;
use sqlx::{FromRow, Row};

use crate::cursor::LogCursor;
use crate::projector::ProjectionError;

/// Columns every reader selects, in this order (payload and metadata as their stored text).
pub const EVENT_COLUMNS: &str = "aggregate_type, aggregate_id, sequence, event_type, event_version, \
     payload::text as payload, metadata::text as metadata, position, tx_id::text::bigint as tx_id, \
     recorded_at";

#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    /// The payload exactly as stored (JSON text); decode with [`StoredEvent::decode`].
    pub payload: String,
    pub metadata: String,
    pub position: i64,
    pub tx_id: i64,
    pub recorded_at: DateTime<Utc>,
}

impl FromRow<'_, PgRow> for StoredEvent {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(Self {
            aggregate_type: row.try_get("aggregate_type")?,
            aggregate_id: row.try_get("aggregate_id")?,
            sequence: row.try_get("sequence")?,
            event_type: row.try_get("event_type")?,
            event_version: row.try_get("event_version")?,
            payload: row.try_get("payload")?,
            metadata: row.try_get("metadata")?,
            position: row.try_get("position")?,
            tx_id: row.try_get("tx_id")?,
            recorded_at: row.try_get("recorded_at")?,
        })
    }
}

impl StoredEvent {
    pub fn cursor(&self) -> LogCursor {
        LogCursor::new(self.tx_id, self.position)
    }

    /// Whether this is an event of aggregate `A` (typed: a renamed type is a compile error,
    /// never a silently empty match).
    pub fn is<A: cqrs_es::Aggregate>(&self) -> bool {
        self.aggregate_type == A::TYPE
    }

    /// Whether this is an event of aggregate `A` named `event_type`.
    pub fn is_event<A: cqrs_es::Aggregate>(&self, event_type: &str) -> bool {
        self.is::<A>() && self.event_type == event_type
    }

    /// Decodes the payload into the aggregate's event enum.
    pub fn decode<E: DeserializeOwned>(&self) -> Result<E, ProjectionError> {
        serde_json::from_str(&self.payload).map_err(|e| ProjectionError::Decode {
            position: self.position,
            message: e.to_string(),
        })
    }

    pub fn payload_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.payload).unwrap_or(serde_json::Value::Null)
    }

    pub fn metadata_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.metadata).unwrap_or(serde_json::Value::Null)
    }

    /// A metadata field (actor, ip, request_id, …) if present.
    pub fn meta(&self, key: &str) -> Option<String> {
        self.metadata_json()
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    }
}
