//! PPP profiles per location, with Tagih's default price.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::ppp_profile::PppProfile;
use tagih_aggregates::ppp_profile::PppProfileEvent as E;
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_json};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct PppProfileRow {
    pub id: String,
    pub location_id: String,
    pub name: String,
    pub rate_limit: Option<String>,
    pub local_address: Option<String>,
    pub remote_address: Option<String>,
    pub price: Decimal,
    /// Cost price per period (what one period costs the operator).
    pub price_cost: Decimal,
    pub retired: bool,
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
}

const COLUMNS: &[&str] = &[
    "id",
    "location_id",
    "name",
    "rate_limit",
    "local_address",
    "remote_address",
    "price",
    "price_cost",
    "retired",
    "updated_at",
    "last_position",
];

pub struct PppProfiles;

impl RowModel for PppProfiles {
    type Row = PppProfileRow;
    const NAME: &'static str = crate::names::PPP_PROFILES;
    const TABLE: &'static str = "rm_ppp_profiles";

    fn interests() -> Interests {
        Interests::of::<PppProfile>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<PppProfile>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &PppProfileRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<PppProfileRow>,
        ev: &StoredEvent,
    ) -> Result<Option<PppProfileRow>, ProjectionError> {
        let at = ev.recorded_at;
        let mut row = match (ev.decode::<E>()?, row) {
            (E::PppProfileImported(s), r) => PppProfileRow {
                price_cost: r.map_or(Decimal::ZERO, |r| r.price_cost),
                id: ev.aggregate_id.clone(),
                location_id: s.location_id,
                name: s.name,
                rate_limit: s.rate_limit,
                local_address: s.local_address,
                remote_address: s.remote_address,
                price: s.price,
                retired: false,
                updated_at: at,
                last_position: 0,
            },
            (_, None) => return Ok(None),
            (E::PppProfilePriceSet { price }, Some(r)) => PppProfileRow { price, ..r },
            (E::PppProfileCostSet { cost }, Some(r)) => PppProfileRow {
                price_cost: cost,
                ..r
            },
            (E::PppProfileRetired, Some(r)) => PppProfileRow { retired: true, ..r },
        };
        row.updated_at = at;
        row.last_position = ev.position;
        Ok(Some(row))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, PppProfileRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &PppProfileRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<PppProfileRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, COLUMNS, &rows).await
    }
}
