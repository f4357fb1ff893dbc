//! Invoices: one row per invoice (one subscription period) with what was paid, what is
//! still owed, and what its payments moved to the customer's credit or debt.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::invoice::Invoice;
use tagih_aggregates::invoice::{InvoiceEvent as E, InvoiceIssue};
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_json};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct InvoiceRow {
    pub id: String,
    pub number: String,
    pub customer_id: String,
    pub subscription_id: String,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub amount: Decimal,
    /// Applied to the invoice (never more than the amount).
    pub paid_total: Decimal,
    /// Still owed (zero once paid or void).
    pub outstanding: Decimal,
    /// Overpayments, payments after it was settled, and on void what had been paid: all
    /// became the customer's credit.
    pub credited: Decimal,
    /// A cash shortfall the operator accepted; it became the customer's debt.
    pub shortfall_to_debt: Decimal,
    /// OPEN, PAID or VOID.
    pub status: String,
    pub due_date: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub payments: i32,
    pub void_reason: Option<String>,
    pub created_position: i64,
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
}

const COLUMNS: &[&str] = &[
    "id",
    "number",
    "customer_id",
    "subscription_id",
    "period_start",
    "period_end",
    "amount",
    "paid_total",
    "outstanding",
    "credited",
    "shortfall_to_debt",
    "status",
    "due_date",
    "issued_at",
    "paid_at",
    "payments",
    "void_reason",
    "created_position",
    "updated_at",
    "last_position",
];

fn issued(ev: &StoredEvent, i: InvoiceIssue) -> InvoiceRow {
    InvoiceRow {
        id: ev.aggregate_id.clone(),
        number: i.number,
        customer_id: i.customer_id,
        subscription_id: i.subscription_id,
        period_start: i.period_start,
        period_end: i.period_end,
        outstanding: i.amount,
        amount: i.amount,
        paid_total: Decimal::ZERO,
        credited: Decimal::ZERO,
        shortfall_to_debt: Decimal::ZERO,
        status: "OPEN".to_string(),
        due_date: i.due_date,
        issued_at: i.issued_at,
        paid_at: None,
        payments: 0,
        void_reason: None,
        created_position: ev.position,
        updated_at: ev.recorded_at,
        last_position: 0,
    }
}

pub struct Invoices;

impl RowModel for Invoices {
    type Row = InvoiceRow;
    const NAME: &'static str = crate::names::INVOICES;
    const TABLE: &'static str = "rm_invoices";

    fn interests() -> Interests {
        Interests::of::<Invoice>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<Invoice>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &InvoiceRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<InvoiceRow>,
        ev: &StoredEvent,
    ) -> Result<Option<InvoiceRow>, ProjectionError> {
        let mut row = match (ev.decode::<E>()?, row) {
            (E::InvoiceIssued(i), _) => issued(ev, i),
            (_, None) => return Ok(None),
            (
                E::InvoicePartiallyPaid {
                    paid_total,
                    outstanding,
                    ..
                },
                Some(r),
            ) => InvoiceRow {
                paid_total,
                outstanding,
                payments: r.payments + 1,
                ..r
            },
            (
                E::InvoicePaid {
                    paid_at,
                    paid_total,
                    overpaid,
                    shortfall_to_debt,
                    ..
                },
                Some(r),
            ) => InvoiceRow {
                paid_total,
                outstanding: Decimal::ZERO,
                credited: r.credited + overpaid,
                shortfall_to_debt: r.shortfall_to_debt + shortfall_to_debt,
                status: "PAID".to_string(),
                paid_at: Some(paid_at),
                payments: r.payments + 1,
                ..r
            },
            (E::InvoiceExcessPaymentReceived { amount, .. }, Some(r)) => InvoiceRow {
                credited: r.credited + amount,
                payments: r.payments + 1,
                ..r
            },
            (E::InvoiceVoided { reason, paid_total }, Some(r)) => InvoiceRow {
                outstanding: Decimal::ZERO,
                credited: r.credited + paid_total,
                status: "VOID".to_string(),
                void_reason: Some(reason),
                ..r
            },
            // Receipts are listed by their own read model (`receipts`); the invoice's row
            // stays as it was (a receipt issued later is not a change of the invoice).
            (E::InvoiceReceiptIssued(_), Some(r)) => return Ok(Some(r)),
        };
        row.updated_at = ev.recorded_at;
        row.last_position = ev.position;
        Ok(Some(row))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, InvoiceRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &InvoiceRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<InvoiceRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, COLUMNS, &rows).await
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use rust_decimal::Decimal;

    use super::*;

    fn at(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, d, 2, 0, 0).single().unwrap()
    }

    fn stored(position: i64, e: &E) -> StoredEvent {
        StoredEvent {
            aggregate_type: "Invoice".into(),
            aggregate_id: "inv-1".into(),
            sequence: position,
            event_type: String::new(),
            event_version: "1.0".into(),
            payload: serde_json::to_string(e).unwrap(),
            metadata: "{}".into(),
            position,
            tx_id: 1,
            recorded_at: at(1),
        }
    }

    fn fold(events: &[E]) -> InvoiceRow {
        let mut row = None;
        for (i, e) in events.iter().enumerate() {
            row = Invoices::apply(row, &stored(i as i64 + 1, e)).unwrap();
        }
        row.unwrap()
    }

    #[test]
    fn payments_fold_into_paid_total_outstanding_and_credit() {
        let amount = Decimal::from(150_000);
        let issued = E::InvoiceIssued(InvoiceIssue {
            number: "INV/2026/000001".into(),
            customer_id: "c".into(),
            subscription_id: "s".into(),
            period_start: at(1),
            period_end: at(31),
            amount,
            due_date: at(1),
            issued_at: at(1),
            costing: None,
        });
        let partly = E::InvoicePartiallyPaid {
            payment_ref: "cash:1".into(),
            amount: Decimal::from(100_000),
            paid_at: at(2),
            paid_total: Decimal::from(100_000),
            outstanding: Decimal::from(50_000),
        };
        let open = fold(&[issued.clone(), partly.clone()]);
        assert_eq!(
            (open.status.as_str(), open.outstanding),
            ("OPEN", Decimal::from(50_000))
        );
        let paid = E::InvoicePaid {
            payment_ref: "cash:2".into(),
            amount: Decimal::from(80_000),
            paid_at: at(3),
            paid_total: amount,
            overpaid: Decimal::from(30_000),
            shortfall_to_debt: Decimal::ZERO,
        };
        let late = E::InvoiceExcessPaymentReceived {
            payment_ref: "cash:3".into(),
            amount: Decimal::from(5_000),
            paid_at: at(4),
        };
        let row = fold(&[issued, partly, paid, late]);
        assert_eq!(row.status, "PAID");
        assert_eq!((row.paid_total, row.outstanding), (amount, Decimal::ZERO));
        assert_eq!((row.credited, row.payments), (Decimal::from(35_000), 3));
        assert_eq!((row.paid_at, row.last_position), (Some(at(3)), 4));
    }
}
