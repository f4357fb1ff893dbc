//! Voucher batches: what was generated, by whom, at what price.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::voucher_batch::VoucherBatch;
use tagih_aggregates::voucher_batch::VoucherBatchEvent as E;
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_sql};

#[derive(Debug, Clone, FromRow)]
pub struct BatchRow {
    pub id: String,
    pub location_id: String,
    pub profile_id: String,
    pub profile_name: String,
    pub count: i32,
    pub prefix: String,
    pub code_length: i32,
    pub charset: String,
    pub password_mode: String,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    pub generated_by: Option<String>,
    pub generated_at: DateTime<Utc>,
    pub last_position: i64,
    /// ACTIVATION or HANDOVER: when its vouchers' sales are revenue.
    pub sale_on: String,
    /// The current sale to a reseller, if any.
    pub reseller: Option<String>,
    pub agreed_price: Option<Decimal>,
    pub sold_vouchers: Option<i32>,
    pub sold_at: Option<DateTime<Utc>>,
}

fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub struct VoucherBatches;

impl RowModel for VoucherBatches {
    type Row = BatchRow;
    const NAME: &'static str = crate::names::VOUCHER_BATCHES;
    const TABLE: &'static str = "rm_voucher_batches";

    fn interests() -> Interests {
        Interests::of::<VoucherBatch>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<VoucherBatch>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &BatchRow) -> i64 {
        row.last_position
    }

    fn apply(row: Option<BatchRow>, ev: &StoredEvent) -> Result<Option<BatchRow>, ProjectionError> {
        let r = match (ev.decode::<E>()?, row) {
            (E::VoucherBatchGenerated(r), _) => r,
            (_, None) => return Ok(None),
            (E::VoucherBatchSold(sale), Some(row)) => {
                return Ok(Some(BatchRow {
                    reseller: Some(sale.reseller),
                    agreed_price: sale.agreed_price,
                    sold_vouchers: Some(i32::try_from(sale.vouchers).unwrap_or(i32::MAX)),
                    sold_at: Some(sale.sold_at),
                    last_position: ev.position,
                    ..row
                }));
            }
            (E::VoucherBatchSaleRefunded { .. }, Some(row)) => {
                return Ok(Some(BatchRow {
                    reseller: None,
                    agreed_price: None,
                    sold_vouchers: None,
                    sold_at: None,
                    last_position: ev.position,
                    ..row
                }));
            }
        };
        Ok(Some(BatchRow {
            sale_on: r.sale_on.as_str().to_string(),
            reseller: None,
            agreed_price: None,
            sold_vouchers: None,
            sold_at: None,
            id: ev.aggregate_id.clone(),
            location_id: r.location_id,
            profile_id: r.profile_id,
            profile_name: r.profile_name,
            count: i32::try_from(r.spec.count).unwrap_or(i32::MAX),
            prefix: r.spec.prefix.clone(),
            code_length: i32::from(r.spec.code_length),
            charset: enum_name(&r.spec.charset),
            password_mode: enum_name(&r.spec.password_mode),
            price_sell: r.price_sell,
            price_cost: r.price_cost,
            generated_by: ev.meta("actor_id"),
            generated_at: ev.recorded_at,
            last_position: ev.position,
        }))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, BatchRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &BatchRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<BatchRow>,
    ) -> sqlx::Result<()> {
        let sql = upsert_sql(
            &table,
            &[
                ("id", "text"),
                ("location_id", "text"),
                ("profile_id", "text"),
                ("profile_name", "text"),
                ("count", "int"),
                ("prefix", "text"),
                ("code_length", "int"),
                ("charset", "text"),
                ("password_mode", "text"),
                ("price_sell", "numeric"),
                ("price_cost", "numeric"),
                ("generated_by", "text"),
                ("generated_at", "timestamptz"),
                ("last_position", "bigint"),
                ("sale_on", "text"),
                ("reseller", "text"),
                ("agreed_price", "numeric"),
                ("sold_vouchers", "int"),
                ("sold_at", "timestamptz"),
            ],
        );
        sqlx::query(&sql)
            .bind(rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>())
            .bind(
                rows.iter()
                    .map(|r| r.location_id.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(
                rows.iter()
                    .map(|r| r.profile_id.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(
                rows.iter()
                    .map(|r| r.profile_name.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(rows.iter().map(|r| r.count).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.prefix.clone()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.code_length).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.charset.clone()).collect::<Vec<_>>())
            .bind(
                rows.iter()
                    .map(|r| r.password_mode.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(rows.iter().map(|r| r.price_sell).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.price_cost).collect::<Vec<_>>())
            .bind(
                rows.iter()
                    .map(|r| r.generated_by.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(rows.iter().map(|r| r.generated_at).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.last_position).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.sale_on.clone()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.reseller.clone()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.agreed_price).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.sold_vouchers).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.sold_at).collect::<Vec<_>>())
            .execute(conn)
            .await?;
        Ok(())
    }
}
