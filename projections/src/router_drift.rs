//! Drift report per location: what the last router sync found, and its last repair.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::types::Json;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::router_drift::{
    DriftItem, RepairFailure, RouterDrift as Drift, RouterDriftEvent as E,
};
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::location_health::location_of;
use crate::row_model::{RowModel, load_by_key, upsert_json};

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct RepairSummary {
    pub repaired: Vec<DriftItem>,
    pub failed: Vec<RepairFailure>,
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct DriftRow {
    pub location_id: String,
    pub checked_at: DateTime<Utc>,
    pub users_on_router: i32,
    pub items: Json<Vec<DriftItem>>,
    pub repaired_at: Option<DateTime<Utc>>,
    pub repair: Option<Json<RepairSummary>>,
    pub last_position: i64,
}

const COLUMNS: &[&str] = &[
    "location_id",
    "checked_at",
    "users_on_router",
    "items",
    "repaired_at",
    "repair",
    "last_position",
];

pub struct RouterDrift;

impl RowModel for RouterDrift {
    type Row = DriftRow;
    const NAME: &'static str = crate::names::ROUTER_DRIFT;
    const TABLE: &'static str = "rm_router_drift";

    fn interests() -> Interests {
        Interests::of::<Drift>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<Drift>().then(|| location_of(ev))
    }
    fn last_position(row: &DriftRow) -> i64 {
        row.last_position
    }

    fn apply(row: Option<DriftRow>, ev: &StoredEvent) -> Result<Option<DriftRow>, ProjectionError> {
        let mut row = match (ev.decode::<E>()?, row) {
            (
                E::RouterDriftChecked {
                    location_id,
                    at,
                    users_on_router,
                    items,
                },
                base,
            ) => DriftRow {
                location_id,
                checked_at: at,
                users_on_router: i32::try_from(users_on_router).unwrap_or(i32::MAX),
                items: Json(items),
                repaired_at: base.as_ref().and_then(|b| b.repaired_at),
                repair: base.and_then(|b| b.repair),
                last_position: 0,
            },
            (E::RouterDriftRepaired { .. }, None) => return Ok(None),
            (
                E::RouterDriftRepaired {
                    at,
                    repaired,
                    failed,
                    ..
                },
                Some(r),
            ) => DriftRow {
                repaired_at: Some(at),
                repair: Some(Json(RepairSummary { repaired, failed })),
                ..r
            },
        };
        row.last_position = ev.position;
        Ok(Some(row))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, DriftRow)>> {
        load_by_key(conn, &table, "location_id", keys, |r: &DriftRow| {
            r.location_id.clone()
        })
        .await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<DriftRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, COLUMNS, &rows).await
    }
}
