//! Voucher profiles with Tagih's prices and limits, per location.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::voucher_profile::VoucherProfile;
use tagih_aggregates::voucher_profile::{VoucherProfileEvent as E, VoucherProfileSpec};
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_sql};

#[derive(Debug, Clone, FromRow)]
pub struct ProfileRow {
    pub id: String,
    pub location_id: String,
    pub name: String,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    pub validity_secs: i64,
    pub rate_limit: Option<String>,
    pub uptime_limit_secs: Option<i64>,
    pub data_quota_bytes: Option<i64>,
    pub retired: bool,
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
}

fn from_spec(id: &str, s: VoucherProfileSpec, at: DateTime<Utc>) -> ProfileRow {
    ProfileRow {
        id: id.to_string(),
        location_id: s.location_id,
        name: s.name,
        price_sell: s.price_sell,
        price_cost: s.price_cost,
        validity_secs: s.validity_secs,
        rate_limit: s.rate_limit,
        uptime_limit_secs: s.uptime_limit_secs,
        data_quota_bytes: s.data_quota_bytes,
        retired: false,
        updated_at: at,
        last_position: 0,
    }
}

pub struct VoucherProfiles;

impl RowModel for VoucherProfiles {
    type Row = ProfileRow;
    const NAME: &'static str = crate::names::VOUCHER_PROFILES;
    const TABLE: &'static str = "rm_voucher_profiles";

    fn interests() -> Interests {
        Interests::of::<VoucherProfile>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<VoucherProfile>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &ProfileRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<ProfileRow>,
        ev: &StoredEvent,
    ) -> Result<Option<ProfileRow>, ProjectionError> {
        let mut row = match (ev.decode::<E>()?, row) {
            (E::VoucherProfileCreated(s) | E::VoucherProfileUpdated(s), _) => {
                from_spec(&ev.aggregate_id, s, ev.recorded_at)
            }
            (E::VoucherProfileRetired, Some(r)) => ProfileRow {
                retired: true,
                updated_at: ev.recorded_at,
                ..r
            },
            (E::VoucherProfileRetired, None) => return Ok(None),
        };
        row.last_position = ev.position;
        Ok(Some(row))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, ProfileRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &ProfileRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<ProfileRow>,
    ) -> sqlx::Result<()> {
        let sql = upsert_sql(
            &table,
            &[
                ("id", "text"),
                ("location_id", "text"),
                ("name", "text"),
                ("price_sell", "numeric"),
                ("price_cost", "numeric"),
                ("validity_secs", "bigint"),
                ("rate_limit", "text"),
                ("uptime_limit_secs", "bigint"),
                ("data_quota_bytes", "bigint"),
                ("retired", "bool"),
                ("updated_at", "timestamptz"),
                ("last_position", "bigint"),
            ],
        );
        sqlx::query(&sql)
            .bind(rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>())
            .bind(
                rows.iter()
                    .map(|r| r.location_id.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.price_sell).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.price_cost).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.validity_secs).collect::<Vec<_>>())
            .bind(
                rows.iter()
                    .map(|r| r.rate_limit.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(rows.iter().map(|r| r.uptime_limit_secs).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.data_quota_bytes).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.retired).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.updated_at).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.last_position).collect::<Vec<_>>())
            .execute(conn)
            .await?;
        Ok(())
    }
}
