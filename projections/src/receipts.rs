//! Receipts: one row per receipt issued for money applied to an invoice, for the printable
//! receipt page, the invoice's receipt list and the WhatsApp confirmation's link.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{FromRow, PgConnection, PgPool};
use tagih_aggregates::invoice::{Invoice, InvoiceEvent as E};
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_json};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct ReceiptRow {
    pub id: String,
    pub number: String,
    pub invoice_id: String,
    pub invoice_number: String,
    pub customer_id: String,
    pub payment_ref: String,
    pub amount: Decimal,
    pub paid_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    pub last_position: i64,
}

const COLUMNS: &[&str] = &[
    "id",
    "number",
    "invoice_id",
    "invoice_number",
    "customer_id",
    "payment_ref",
    "amount",
    "paid_at",
    "issued_at",
    "last_position",
];

const EVENTS: &[&str] = &[E::INVOICE_RECEIPT_ISSUED];

pub struct Receipts;

impl RowModel for Receipts {
    type Row = ReceiptRow;
    const NAME: &'static str = crate::names::RECEIPTS;
    const TABLE: &'static str = "rm_receipts";

    fn interests() -> Interests {
        Interests::events_of::<Invoice>(EVENTS)
    }
    /// Keyed by the receipt's id, which is in the payload: decoded here (a receipt event
    /// is small and rare).
    fn key(ev: &StoredEvent) -> Option<String> {
        if !ev.is_event::<Invoice>(E::INVOICE_RECEIPT_ISSUED) {
            return None;
        }
        match ev.decode::<E>() {
            Ok(E::InvoiceReceiptIssued(r)) => Some(r.receipt_id),
            // An undecodable event still has a row to fail on, so `apply` reports it.
            _ => Some(format!("{}:{}", ev.aggregate_id, ev.sequence)),
        }
    }
    fn last_position(row: &ReceiptRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<ReceiptRow>,
        ev: &StoredEvent,
    ) -> Result<Option<ReceiptRow>, ProjectionError> {
        if row.is_some() {
            return Ok(None);
        }
        let E::InvoiceReceiptIssued(r) = ev.decode::<E>()? else {
            return Ok(None);
        };
        Ok(Some(ReceiptRow {
            id: r.receipt_id,
            number: r.number,
            invoice_id: ev.aggregate_id.clone(),
            invoice_number: r.invoice_number,
            customer_id: r.customer_id,
            payment_ref: r.payment_ref,
            amount: r.amount,
            paid_at: r.paid_at,
            issued_at: r.issued_at,
            last_position: ev.position,
        }))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, ReceiptRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &ReceiptRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<ReceiptRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, COLUMNS, &rows).await
    }
}

/// A receipt with what its page shows of the customer.
#[derive(Debug, Clone, FromRow)]
pub struct ReceiptPage {
    #[sqlx(flatten)]
    pub receipt: ReceiptRow,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
}

pub async fn receipt_page(pool: &PgPool, id: &str) -> sqlx::Result<Option<ReceiptPage>> {
    sqlx::query_as(
        "select r.*, c.name as customer_name, c.phone as customer_phone
           from rm_receipts r left join rm_customers c on c.id = r.customer_id
          where r.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

pub async fn of_invoice(pool: &PgPool, invoice_id: &str) -> sqlx::Result<Vec<ReceiptRow>> {
    sqlx::query_as("select * from rm_receipts where invoice_id = $1 order by number")
        .bind(invoice_id)
        .fetch_all(pool)
        .await
}
