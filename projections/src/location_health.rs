//! Router health per location: the newest probe the health job recorded, plus when the
//! router was last seen answering.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::router_health::RouterHealth;
use tagih_aggregates::router_health::RouterHealthEvent as E;
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_json};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct HealthRow {
    pub location_id: String,
    pub online: bool,
    pub checked_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub latency_ms: Option<i64>,
    pub identity: Option<String>,
    pub version: Option<String>,
    pub board: Option<String>,
    pub uptime_secs: Option<i64>,
    pub cpu_load: Option<i32>,
    pub free_memory: Option<i64>,
    pub total_memory: Option<i64>,
    pub error: Option<String>,
    pub last_position: i64,
}

const COLUMNS: &[&str] = &[
    "location_id",
    "online",
    "checked_at",
    "last_seen_at",
    "latency_ms",
    "identity",
    "version",
    "board",
    "uptime_secs",
    "cpu_load",
    "free_memory",
    "total_memory",
    "error",
    "last_position",
];

/// The location a day stream (`{location}@{day}`) belongs to.
pub(crate) fn location_of(ev: &StoredEvent) -> String {
    ev.aggregate_id
        .rsplit_once('@')
        .map_or(ev.aggregate_id.clone(), |(l, _)| l.to_string())
}

pub struct LocationHealth;

impl RowModel for LocationHealth {
    type Row = HealthRow;
    const NAME: &'static str = crate::names::LOCATION_HEALTH;
    const TABLE: &'static str = "rm_location_health";

    fn interests() -> Interests {
        Interests::of::<RouterHealth>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<RouterHealth>().then(|| location_of(ev))
    }
    fn last_position(row: &HealthRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<HealthRow>,
        ev: &StoredEvent,
    ) -> Result<Option<HealthRow>, ProjectionError> {
        let E::RouterHealthChecked(c) = ev.decode::<E>()?;
        let last_seen_at = if c.online {
            Some(c.at)
        } else {
            row.and_then(|r| r.last_seen_at)
        };
        Ok(Some(HealthRow {
            location_id: c.location_id,
            online: c.online,
            checked_at: c.at,
            last_seen_at,
            latency_ms: c.latency_ms,
            identity: c.identity,
            version: c.version,
            board: c.board,
            uptime_secs: c.uptime_secs,
            cpu_load: c.cpu_load,
            free_memory: c.free_memory,
            total_memory: c.total_memory,
            error: c.error,
            last_position: ev.position,
        }))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, HealthRow)>> {
        load_by_key(conn, &table, "location_id", keys, |r: &HealthRow| {
            r.location_id.clone()
        })
        .await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<HealthRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, COLUMNS, &rows).await
    }
}
