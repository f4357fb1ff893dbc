//! Customers: one row per customer with contact details, active flag, and the credit
//! balance and debt as of the newest ledger entry (the entries carry the totals after them).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::customer::Customer;
use tagih_aggregates::customer::CustomerEvent as E;
use tagih_aggregates::customer_details::CustomerDetails;
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_json};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct CustomerRow {
    pub id: String,
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub address: String,
    pub location_id: String,
    pub notes: String,
    pub active: bool,
    pub balance: Decimal,
    pub debt: Decimal,
    pub created_at: DateTime<Utc>,
    pub created_position: i64,
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
}

const COLUMNS: &[&str] = &[
    "id",
    "name",
    "phone",
    "email",
    "address",
    "location_id",
    "notes",
    "active",
    "balance",
    "debt",
    "created_at",
    "created_position",
    "updated_at",
    "last_position",
];

fn with_details(row: CustomerRow, d: CustomerDetails) -> CustomerRow {
    CustomerRow {
        name: d.name,
        phone: d.phone.to_string(),
        email: d.email,
        address: d.address,
        location_id: d.location_id,
        notes: d.notes,
        ..row
    }
}

fn created(ev: &StoredEvent, d: CustomerDetails) -> CustomerRow {
    let blank = CustomerRow {
        id: ev.aggregate_id.clone(),
        name: String::new(),
        phone: String::new(),
        email: None,
        address: String::new(),
        location_id: String::new(),
        notes: String::new(),
        active: true,
        balance: Decimal::ZERO,
        debt: Decimal::ZERO,
        created_at: ev.recorded_at,
        created_position: ev.position,
        updated_at: ev.recorded_at,
        last_position: 0,
    };
    with_details(blank, d)
}

pub struct Customers;

impl RowModel for Customers {
    type Row = CustomerRow;
    const NAME: &'static str = crate::names::CUSTOMERS;
    const TABLE: &'static str = "rm_customers";

    fn interests() -> Interests {
        Interests::of::<Customer>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<Customer>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &CustomerRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<CustomerRow>,
        ev: &StoredEvent,
    ) -> Result<Option<CustomerRow>, ProjectionError> {
        let mut row = match (ev.decode::<E>()?, row) {
            (E::CustomerCreated(d), _) => created(ev, d),
            (_, None) => return Ok(None),
            (E::CustomerDetailsUpdated(d), Some(r)) => with_details(r, d),
            (E::CustomerDeactivated, Some(r)) => CustomerRow { active: false, ..r },
            (E::CustomerReactivated, Some(r)) => CustomerRow { active: true, ..r },
            (
                E::CreditAdded { balance_after, .. } | E::CreditUsed { balance_after, .. },
                Some(r),
            ) => CustomerRow {
                balance: balance_after,
                ..r
            },
            (E::DebtRecorded { debt_after, .. } | E::DebtSettled { debt_after, .. }, Some(r)) => {
                CustomerRow {
                    debt: debt_after,
                    ..r
                }
            }
        };
        row.updated_at = ev.recorded_at;
        row.last_position = ev.position;
        Ok(Some(row))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, CustomerRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &CustomerRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<CustomerRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, COLUMNS, &rows).await
    }
}
