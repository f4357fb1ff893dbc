//! Vouchers: one row per voucher with its lifecycle status, for lists, look-ups by code,
//! printing and live updates (rows keep the position of their last change).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::voucher::Voucher;
use tagih_aggregates::voucher::{VoucherEvent as E, VoucherIssue, VoucherStatus as S};
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::copy_rows::CopyRows;
use crate::row_model::{RowModel, load_by_key, upsert_sql};

#[derive(Debug, Clone, FromRow)]
pub struct VoucherRow {
    pub id: String,
    pub batch_id: String,
    pub location_id: String,
    pub profile_id: String,
    pub profile_name: String,
    pub code: String,
    pub password: String,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    pub validity_secs: i64,
    pub rate_limit: Option<String>,
    pub uptime_limit_secs: Option<i64>,
    pub data_quota_bytes: Option<i64>,
    pub status: String,
    pub first_login_at: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
    pub activation_source: Option<String>,
    pub router_disabled: bool,
    pub provisioning_failures: i32,
    pub last_error: Option<String>,
    pub generated_at: DateTime<Utc>,
    pub generated_position: i64,
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
    pub expired_at: Option<DateTime<Utc>>,
    /// When its sale was recognised, at what price and to whom (reseller sales).
    pub sold_at: Option<DateTime<Utc>>,
    pub sale_price: Option<Decimal>,
    pub reseller: Option<String>,
    pub sale_refunded: bool,
}

fn generated(ev: &StoredEvent, i: VoucherIssue) -> VoucherRow {
    VoucherRow {
        id: ev.aggregate_id.clone(),
        batch_id: i.batch_id,
        location_id: i.location_id,
        profile_id: i.profile_id,
        profile_name: i.profile_name,
        code: i.code,
        password: i.password,
        price_sell: i.price_sell,
        price_cost: i.price_cost,
        validity_secs: i.validity_secs,
        rate_limit: i.rate_limit,
        uptime_limit_secs: i.uptime_limit_secs,
        data_quota_bytes: i.data_quota_bytes,
        status: S::Generated.as_str().to_string(),
        first_login_at: None,
        valid_until: None,
        activation_source: None,
        router_disabled: false,
        provisioning_failures: 0,
        last_error: None,
        generated_at: ev.recorded_at,
        generated_position: ev.position,
        updated_at: ev.recorded_at,
        last_position: 0,
        expired_at: None,
        sold_at: None,
        sale_price: None,
        reseller: None,
        sale_refunded: false,
    }
}

fn status(r: VoucherRow, s: S) -> VoucherRow {
    VoucherRow {
        status: s.as_str().to_string(),
        ..r
    }
}

pub struct Vouchers;

impl RowModel for Vouchers {
    type Row = VoucherRow;
    const NAME: &'static str = crate::names::VOUCHERS;
    const TABLE: &'static str = "rm_vouchers";

    fn interests() -> Interests {
        Interests::of::<Voucher>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<Voucher>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &VoucherRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<VoucherRow>,
        ev: &StoredEvent,
    ) -> Result<Option<VoucherRow>, ProjectionError> {
        let mut row = match (ev.decode::<E>()?, row) {
            (E::VoucherGenerated(issue), _) => generated(ev, issue),
            (_, None) => return Ok(None),
            (E::VoucherProvisioned { .. }, Some(r)) => VoucherRow {
                last_error: None,
                ..status(r, S::Provisioned)
            },
            (E::VoucherProvisioningFailed { error, .. }, Some(r)) => VoucherRow {
                provisioning_failures: r.provisioning_failures + 1,
                last_error: Some(error),
                ..r
            },
            (
                E::VoucherActivated {
                    first_login_at,
                    valid_until,
                    source,
                },
                Some(r),
            ) => VoucherRow {
                first_login_at: Some(first_login_at),
                valid_until: Some(valid_until),
                activation_source: serde_json::to_value(source)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string)),
                ..status(r, S::Activated)
            },
            (E::VoucherActivationWrittenBack, Some(r)) => r,
            (E::VoucherExpired { at }, Some(r)) => VoucherRow {
                expired_at: Some(at),
                ..status(r, S::Expired)
            },
            (E::VoucherDisabledOnRouter { .. }, Some(r)) => VoucherRow {
                router_disabled: true,
                ..r
            },
            (E::VoucherRemoved, Some(r)) => status(r, S::Removed),
            (E::VoucherRevoked { .. }, Some(r)) => status(r, S::Revoked),
            (E::VoucherSold(sale), Some(r)) => VoucherRow {
                sold_at: Some(sale.sold_at),
                sale_price: Some(sale.price),
                reseller: sale.reseller,
                sale_refunded: false,
                ..r
            },
            (E::VoucherSaleRefunded(_), Some(r)) => VoucherRow {
                sale_refunded: true,
                ..r
            },
        };
        row.updated_at = ev.recorded_at;
        row.last_position = ev.position;
        Ok(Some(row))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, VoucherRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &VoucherRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<VoucherRow>,
    ) -> sqlx::Result<()> {
        let sql = upsert_sql(&table, COLUMNS);
        let text = |f: fn(&VoucherRow) -> String| rows.iter().map(f).collect::<Vec<_>>();
        let opt_text =
            |f: fn(&VoucherRow) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
        let opt_i64 = |f: fn(&VoucherRow) -> Option<i64>| rows.iter().map(f).collect::<Vec<_>>();
        let i64s = |f: fn(&VoucherRow) -> i64| rows.iter().map(f).collect::<Vec<_>>();
        let money = |f: fn(&VoucherRow) -> Decimal| rows.iter().map(f).collect::<Vec<_>>();
        let opt_time =
            |f: fn(&VoucherRow) -> Option<DateTime<Utc>>| rows.iter().map(f).collect::<Vec<_>>();
        let time = |f: fn(&VoucherRow) -> DateTime<Utc>| rows.iter().map(f).collect::<Vec<_>>();
        sqlx::query(&sql)
            .bind(text(|r| r.id.clone()))
            .bind(text(|r| r.batch_id.clone()))
            .bind(text(|r| r.location_id.clone()))
            .bind(text(|r| r.profile_id.clone()))
            .bind(text(|r| r.profile_name.clone()))
            .bind(text(|r| r.code.clone()))
            .bind(text(|r| r.password.clone()))
            .bind(money(|r| r.price_sell))
            .bind(money(|r| r.price_cost))
            .bind(i64s(|r| r.validity_secs))
            .bind(opt_text(|r| r.rate_limit.clone()))
            .bind(opt_i64(|r| r.uptime_limit_secs))
            .bind(opt_i64(|r| r.data_quota_bytes))
            .bind(text(|r| r.status.clone()))
            .bind(opt_time(|r| r.first_login_at))
            .bind(opt_time(|r| r.valid_until))
            .bind(opt_text(|r| r.activation_source.clone()))
            .bind(rows.iter().map(|r| r.router_disabled).collect::<Vec<_>>())
            .bind(
                rows.iter()
                    .map(|r| r.provisioning_failures)
                    .collect::<Vec<_>>(),
            )
            .bind(opt_text(|r| r.last_error.clone()))
            .bind(time(|r| r.generated_at))
            .bind(i64s(|r| r.generated_position))
            .bind(time(|r| r.updated_at))
            .bind(i64s(|r| r.last_position))
            .bind(opt_time(|r| r.expired_at))
            .bind(opt_time(|r| r.sold_at))
            .bind(rows.iter().map(|r| r.sale_price).collect::<Vec<_>>())
            .bind(opt_text(|r| r.reseller.clone()))
            .bind(rows.iter().map(|r| r.sale_refunded).collect::<Vec<_>>())
            .execute(conn)
            .await?;
        Ok(())
    }

    async fn insert_new(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<VoucherRow>,
    ) -> sqlx::Result<()> {
        let columns: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
        CopyRows::copy_into(conn, &table, &columns, rows, copy_row).await?;
        Ok(())
    }
}

/// A row's fields in the order of `COLUMNS`.
fn copy_row(out: &mut CopyRows, r: &VoucherRow) -> sqlx::Result<()> {
    out.field(&r.id)?;
    out.field(&r.batch_id)?;
    out.field(&r.location_id)?;
    out.field(&r.profile_id)?;
    out.field(&r.profile_name)?;
    out.field(&r.code)?;
    out.field(&r.password)?;
    out.field(&r.price_sell)?;
    out.field(&r.price_cost)?;
    out.field(&r.validity_secs)?;
    out.field(&r.rate_limit)?;
    out.field(&r.uptime_limit_secs)?;
    out.field(&r.data_quota_bytes)?;
    out.field(&r.status)?;
    out.field(&r.first_login_at)?;
    out.field(&r.valid_until)?;
    out.field(&r.activation_source)?;
    out.field(&r.router_disabled)?;
    out.field(&r.provisioning_failures)?;
    out.field(&r.last_error)?;
    out.field(&r.generated_at)?;
    out.field(&r.generated_position)?;
    out.field(&r.updated_at)?;
    out.field(&r.last_position)?;
    out.field(&r.expired_at)?;
    out.field(&r.sold_at)?;
    out.field(&r.sale_price)?;
    out.field(&r.reseller)?;
    out.field(&r.sale_refunded)
}

const COLUMNS: &[(&str, &str)] = &[
    ("id", "text"),
    ("batch_id", "text"),
    ("location_id", "text"),
    ("profile_id", "text"),
    ("profile_name", "text"),
    ("code", "text"),
    ("password", "text"),
    ("price_sell", "numeric"),
    ("price_cost", "numeric"),
    ("validity_secs", "bigint"),
    ("rate_limit", "text"),
    ("uptime_limit_secs", "bigint"),
    ("data_quota_bytes", "bigint"),
    ("status", "text"),
    ("first_login_at", "timestamptz"),
    ("valid_until", "timestamptz"),
    ("activation_source", "text"),
    ("router_disabled", "bool"),
    ("provisioning_failures", "int"),
    ("last_error", "text"),
    ("generated_at", "timestamptz"),
    ("generated_position", "bigint"),
    ("updated_at", "timestamptz"),
    ("last_position", "bigint"),
    ("expired_at", "timestamptz"),
    ("sold_at", "timestamptz"),
    ("sale_price", "numeric"),
    ("reseller", "text"),
    ("sale_refunded", "bool"),
];
