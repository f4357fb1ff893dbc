//! The customers' money ledger: one row per credit or debt movement, keyed
//! `<customer_id>:<stream sequence>`, so a customer's history lists in order and debt can be
//! aged entry by entry.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::customer::Customer;
use tagih_aggregates::customer::CustomerEvent as E;
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_json};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct LedgerRow {
    pub id: String,
    pub customer_id: String,
    pub sequence: i64,
    /// CREDIT_ADDED, CREDIT_USED, DEBT_RECORDED or DEBT_SETTLED.
    pub kind: String,
    pub amount: Decimal,
    pub reason: String,
    pub reference: String,
    pub invoice_id: Option<String>,
    /// The credit balance after a credit entry (absent on debt entries).
    pub balance_after: Option<Decimal>,
    /// The debt after a debt entry (absent on credit entries).
    pub debt_after: Option<Decimal>,
    pub recorded_at: DateTime<Utc>,
    pub actor_id: Option<String>,
    pub last_position: i64,
}

const COLUMNS: &[&str] = &[
    "id",
    "customer_id",
    "sequence",
    "kind",
    "amount",
    "reason",
    "reference",
    "invoice_id",
    "balance_after",
    "debt_after",
    "recorded_at",
    "actor_id",
    "last_position",
];

const LEDGER_EVENTS: &[&str] = &[
    E::CREDIT_ADDED,
    E::CREDIT_USED,
    E::DEBT_RECORDED,
    E::DEBT_SETTLED,
];

/// A movement of `kind` as recorded by `ev`; the caller adds the totals and invoice.
fn entry(
    ev: &StoredEvent,
    kind: &str,
    amount: Decimal,
    reason: String,
    reference: String,
) -> LedgerRow {
    LedgerRow {
        id: format!("{}:{}", ev.aggregate_id, ev.sequence),
        customer_id: ev.aggregate_id.clone(),
        sequence: ev.sequence,
        kind: kind.to_string(),
        amount,
        reason,
        reference,
        invoice_id: None,
        balance_after: None,
        debt_after: None,
        recorded_at: ev.recorded_at,
        actor_id: ev.meta("actor_id"),
        last_position: ev.position,
    }
}

fn movement(ev: &StoredEvent, e: E) -> Option<LedgerRow> {
    Some(match e {
        E::CreditAdded {
            amount,
            reason,
            reference,
            balance_after,
        } => LedgerRow {
            balance_after: Some(balance_after),
            ..entry(ev, "CREDIT_ADDED", amount, reason, reference)
        },
        E::CreditUsed {
            amount,
            reason,
            reference,
            balance_after,
        } => LedgerRow {
            balance_after: Some(balance_after),
            ..entry(ev, "CREDIT_USED", amount, reason, reference)
        },
        E::DebtRecorded {
            amount,
            invoice_id,
            reason,
            reference,
            debt_after,
            owed_since,
        } => LedgerRow {
            invoice_id,
            debt_after: Some(debt_after),
            // Debt ages from when it became owed on the application's clock, the clock
            // `debtAging` compares with; `recorded_at` is the database's clock.
            recorded_at: owed_since.unwrap_or(ev.recorded_at),
            ..entry(ev, "DEBT_RECORDED", amount, reason, reference)
        },
        E::DebtSettled {
            amount,
            reason,
            reference,
            debt_after,
        } => LedgerRow {
            debt_after: Some(debt_after),
            ..entry(ev, "DEBT_SETTLED", amount, reason, reference)
        },
        _ => return None,
    })
}

pub struct CustomerLedger;

impl RowModel for CustomerLedger {
    type Row = LedgerRow;
    const NAME: &'static str = crate::names::CUSTOMER_LEDGER;
    const TABLE: &'static str = "rm_customer_ledger";

    fn interests() -> Interests {
        Interests::events_of::<Customer>(LEDGER_EVENTS)
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        (ev.is::<Customer>() && LEDGER_EVENTS.contains(&ev.event_type.as_str()))
            .then(|| format!("{}:{}", ev.aggregate_id, ev.sequence))
    }
    fn last_position(row: &LedgerRow) -> i64 {
        row.last_position
    }

    /// Each row is one event: written once, never changed.
    fn apply(
        row: Option<LedgerRow>,
        ev: &StoredEvent,
    ) -> Result<Option<LedgerRow>, ProjectionError> {
        if row.is_some() {
            return Ok(None);
        }
        Ok(movement(ev, ev.decode::<E>()?))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, LedgerRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &LedgerRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<LedgerRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, COLUMNS, &rows).await
    }
}
