//! The finance ledger: one row per money movement (a voucher sold or its sale reversed, a
//! payment applied to an invoice, a payment refunded, a paid invoice voided), with exact amounts and the fields a
//! report groups by. Reports and exports sum it; nothing re-reads a price that may have
//! changed (ADR 0031).
//!
//! Unlike a row model, an entry can need an earlier event of another stream (a payment's
//! method, its invoice's location and cost): those are kept in `rm_finance_sources`, a
//! table of the same read model, written in the same transaction and rebuilt with it.

pub mod entries;
pub mod overview;
pub mod report;

use std::collections::HashSet;

use async_trait::async_trait;
use sqlx::PgConnection;
use tagih_aggregates::invoice::{Invoice, InvoiceEvent as I};
use tagih_aggregates::payment::{Payment, PaymentEvent as P};
use tagih_aggregates::voucher::{Voucher, VoucherEvent as V};
use tagih_replay::projector::{Folder, ReadModel};
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

use crate::row_model::upsert_json;
use entries::{Fold, LedgerEntry, Source, invoice_key, source_keys};

pub const LEDGER_TABLE: &str = "rm_finance_ledger";
pub const SOURCES_TABLE: &str = "rm_finance_sources";
/// The ledger summed per local day and every grouping a report offers: what reports read.
pub const DAILY_TABLE: &str = "rm_finance_daily";

const LEDGER_COLUMNS: &[&str] = &[
    "id",
    "occurred_at",
    "source",
    "kind",
    "location_id",
    "profile",
    "method",
    "operator",
    "reference",
    "count",
    "revenue",
    "cost",
    "refund",
    "last_position",
];

const SOURCE_COLUMNS: &[&str] = &[
    "id",
    "location_id",
    "profile",
    "method",
    "operator",
    "invoice_id",
    "amount",
    "cost",
    "cost_taken",
    "cost_ref",
    "last_position",
];

const VOUCHER_EVENTS: &[&str] = &[V::VOUCHER_SOLD, V::VOUCHER_SALE_REFUNDED];
const PAYMENT_EVENTS: &[&str] = &[P::PAYMENT_CREATED, P::PAYMENT_REFUNDED];
const INVOICE_EVENTS: &[&str] = &[
    I::INVOICE_ISSUED,
    I::INVOICE_PARTIALLY_PAID,
    I::INVOICE_PAID,
    I::INVOICE_VOIDED,
];

#[derive(Default)]
pub struct FinanceLedger;

async fn load_sources(
    conn: &mut PgConnection,
    suffix: &str,
    keys: Vec<String>,
    fold: &mut Fold,
) -> Result<(), ProjectionError> {
    let keys: Vec<String> = keys
        .into_iter()
        .filter(|k| !fold.sources.contains_key(k))
        .collect();
    if keys.is_empty() {
        return Ok(());
    }
    let rows: Vec<Source> = sqlx::query_as(&format!(
        "select * from {SOURCES_TABLE}{suffix} where id = any($1)"
    ))
    .bind(keys)
    .fetch_all(conn)
    .await?;
    fold.sources
        .extend(rows.into_iter().map(|r| (r.id.clone(), r)));
    Ok(())
}

/// Loads every source the batch's events may need: invoices and payments they name, then
/// the loaded payments' invoices.
async fn prepare(
    conn: &mut PgConnection,
    suffix: &str,
    events: &[&StoredEvent],
    fold: &mut Fold,
) -> Result<(), ProjectionError> {
    load_sources(conn, suffix, source_keys(events)?, fold).await?;
    let invoices: HashSet<String> = fold
        .sources
        .values()
        .filter_map(|s| s.invoice_id.as_deref())
        .map(invoice_key)
        .collect();
    load_sources(conn, suffix, invoices.into_iter().collect(), fold).await
}

async fn write(conn: &mut PgConnection, suffix: &str, fold: Fold) -> Result<(), ProjectionError> {
    let Fold {
        mut sources,
        mut dirty,
        entries,
    } = fold;
    dirty.sort_unstable();
    dirty.dedup();
    let changed: Vec<Source> = dirty.iter().filter_map(|k| sources.remove(k)).collect();
    for chunk in changed.chunks(5_000) {
        upsert_json(
            conn,
            &format!("{SOURCES_TABLE}{suffix}"),
            SOURCE_COLUMNS,
            chunk,
        )
        .await?;
    }
    for chunk in entries.chunks(5_000) {
        insert_entries(conn, suffix, chunk).await?;
    }
    Ok(())
}

/// Inserts entries not there yet, each with its local date (its location's zone now), and
/// adds exactly those to their day's totals: one statement, so an entry is in the daily
/// totals once, however often its event is applied.
async fn insert_entries(
    conn: &mut PgConnection,
    suffix: &str,
    entries: &[LedgerEntry],
) -> Result<(), ProjectionError> {
    let json = serde_json::to_value(entries).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let cols = LEDGER_COLUMNS.join(", ");
    let picked: Vec<String> = LEDGER_COLUMNS.iter().map(|c| format!("e.{c}")).collect();
    let zones = report::ZONES_SQL;
    let sql = format!(
        "with new as (
            insert into {LEDGER_TABLE}{suffix} ({cols}, local_date)
            select {picked}, (e.occurred_at at time zone coalesce(z.tz, 'Asia/Jakarta'))::date
              from jsonb_populate_recordset(null::{LEDGER_TABLE}{suffix}, $1) e
              left join {zones} z on z.id = e.location_id
            on conflict (id) do nothing
            returning *)
         insert into {DAILY_TABLE}{suffix} as d
                (day, location_id, profile, method, operator, source, count, revenue, cost, refund)
         select local_date, location_id, profile, method, operator, source,
                sum(count), sum(revenue), sum(cost), sum(refund)
           from new group by 1, 2, 3, 4, 5, 6
         on conflict (day, location_id, profile, method, operator, source) do update
            set count = d.count + excluded.count, revenue = d.revenue + excluded.revenue,
                cost = d.cost + excluded.cost, refund = d.refund + excluded.refund",
        picked = picked.join(", "),
    );
    sqlx::query(&sql).bind(json).execute(conn).await?;
    Ok(())
}

fn concerns(ev: &StoredEvent) -> bool {
    let of = |types: &[&str]| types.contains(&ev.event_type.as_str());
    (ev.is::<Voucher>() && of(VOUCHER_EVENTS))
        || (ev.is::<Payment>() && of(PAYMENT_EVENTS))
        || (ev.is::<Invoice>() && of(INVOICE_EVENTS))
}

#[async_trait]
impl Projector for FinanceLedger {
    fn name(&self) -> &'static str {
        crate::names::FINANCE_LEDGER
    }

    fn interests(&self) -> Interests {
        Interests::events_of::<Voucher>(VOUCHER_EVENTS)
            .and(Interests::events_of::<Payment>(PAYMENT_EVENTS))
            .and(Interests::events_of::<Invoice>(INVOICE_EVENTS))
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        self.apply_to(conn, events, "").await
    }

    fn read_model(&self) -> Option<&dyn ReadModel> {
        Some(self)
    }
}

#[async_trait]
impl ReadModel for FinanceLedger {
    fn name(&self) -> &'static str {
        crate::names::FINANCE_LEDGER
    }

    fn tables(&self) -> &'static [&'static str] {
        &[LEDGER_TABLE, SOURCES_TABLE, DAILY_TABLE]
    }

    async fn apply_to(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
        suffix: &str,
    ) -> Result<(), ProjectionError> {
        let events: Vec<&StoredEvent> = events.iter().filter(|e| concerns(e)).collect();
        if events.is_empty() {
            return Ok(());
        }
        let mut fold = Fold::default();
        prepare(conn, suffix, &events, &mut fold).await?;
        for ev in events {
            fold.apply(ev)?;
        }
        write(conn, suffix, fold).await
    }

    fn folder(&self, suffix: &'static str) -> Box<dyn Folder> {
        Box::new(BatchFolder { suffix })
    }
}

/// A rebuild applies batch by batch (the sources a payment needs are few and small; the
/// entries are written once each).
struct BatchFolder {
    suffix: &'static str,
}

#[async_trait]
impl Folder for BatchFolder {
    async fn fold(
        &mut self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        FinanceLedger.apply_to(conn, events, self.suffix).await
    }

    fn held(&self) -> usize {
        0
    }

    async fn flush(&mut self, _conn: &mut PgConnection) -> Result<(), ProjectionError> {
        Ok(())
    }
}

/// Every entry of the ledger (tests and small exports).
pub async fn all_entries(conn: &mut PgConnection) -> sqlx::Result<Vec<LedgerEntry>> {
    sqlx::query_as(&format!(
        "select * from {LEDGER_TABLE} order by occurred_at, id"
    ))
    .fetch_all(conn)
    .await
}
