//! GraphQL types of billing: customers, subscriptions, invoices, ledger entries, pages, debt
//! aging and payment outcomes, built from read-model rows (a lagging mutation's row folded
//! from its events, `read_after::row_after`).

use async_graphql::{ComplexObject, Context, Enum, Result, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_projections::billing_queries::{self, InvoiceFilter};
use tagih_projections::customer_ledger::LedgerRow;
use tagih_projections::customers::CustomerRow;
use tagih_projections::invoices::InvoiceRow;
use tagih_projections::subscriptions::SubscriptionRow;

use crate::context::api;
use crate::error::gql;
use crate::roots::vouchers::PageInfo;

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "tagih_aggregates::subscription::SubscriptionKind")]
pub enum SubscriptionKindName {
    /// A `/ppp/secret` on the router.
    Pppoe,
    /// A named `/ip/hotspot/user` that renews.
    Hotspot,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum BillingCycleName {
    Weekly,
    /// Calendar months on the subscription's day of month (31 Jan → 28/29 Feb → 31 Mar).
    Monthly,
    /// Every `cycleDays` days.
    Days,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum SubscriptionStatusName {
    Active,
    Grace,
    Disabled,
    Cancelled,
}

impl SubscriptionStatusName {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "ACTIVE",
            Self::Grace => "GRACE",
            Self::Disabled => "DISABLED",
            Self::Cancelled => "CANCELLED",
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum InvoiceStatusName {
    /// Not (fully) paid yet; see `paidTotal` and `outstanding`.
    Open,
    Paid,
    Void,
}

impl InvoiceStatusName {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "OPEN",
            Self::Paid => "PAID",
            Self::Void => "VOID",
        }
    }
}

#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Customer {
    pub id: String,
    pub name: String,
    /// WhatsApp number in international form (628…).
    pub phone: String,
    pub email: Option<String>,
    pub address: String,
    pub location_id: String,
    pub notes: String,
    pub active: bool,
    /// Credit the customer may spend (overpayments, manual credit).
    pub balance: Decimal,
    /// Owed outside open invoices (accepted cash shortfalls, manual debt).
    pub debt: Decimal,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<CustomerRow> for Customer {
    fn from(r: CustomerRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            phone: r.phone,
            email: r.email,
            address: r.address,
            location_id: r.location_id,
            notes: r.notes,
            active: r.active,
            balance: r.balance,
            debt: r.debt,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

fn limit(first: i32) -> i64 {
    i64::from(first.clamp(1, 500))
}

#[ComplexObject]
impl Customer {
    /// The customer's subscriptions, oldest first.
    async fn subscriptions(&self, ctx: &Context<'_>) -> Result<Vec<Subscription>> {
        let rows = billing_queries::customer_subscriptions(&api(ctx).pool, &self.id)
            .await
            .map_err(gql)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The customer's invoices, newest first.
    async fn invoices(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] first: i32,
    ) -> Result<Vec<Invoice>> {
        let filter = InvoiceFilter {
            customer_id: Some(self.id.clone()),
            ..InvoiceFilter::default()
        };
        let mut rows = billing_queries::invoices_page(&api(ctx).pool, &filter, limit(first), None)
            .await
            .map_err(gql)?;
        rows.truncate(limit(first) as usize);
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Credit and debt movements, newest first.
    async fn ledger(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 50)] first: i32,
    ) -> Result<Vec<LedgerEntry>> {
        let rows = billing_queries::ledger(&api(ctx).pool, &self.id, limit(first))
            .await
            .map_err(gql)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}

async fn customer_of(ctx: &Context<'_>, id: &str) -> Result<Option<Customer>> {
    Ok(billing_queries::customer(&api(ctx).pool, id)
        .await
        .map_err(gql)?
        .map(Into::into))
}

/// A recurring PPPoE or hotspot account.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Subscription {
    pub id: String,
    pub customer_id: String,
    pub location_id: String,
    /// PPPOE or HOTSPOT.
    pub kind: String,
    pub username: String,
    pub password: String,
    pub profile: String,
    /// Price per period.
    pub price: Decimal,
    /// WEEKLY, MONTHLY or DAYS (see `cycleDays`).
    pub cycle: String,
    pub cycle_days: Option<i32>,
    /// The local (WIB) day of month monthly periods return to.
    pub anchor_day: i32,
    pub starts_at: DateTime<Utc>,
    /// End of the paid period.
    pub expiry: DateTime<Utc>,
    /// ACTIVE, GRACE, DISABLED or CANCELLED.
    pub status: String,
    pub auto_renew: bool,
    /// Periods paid since creation.
    pub renewals: i32,
    pub last_paid_at: Option<DateTime<Utc>>,
    pub grace_since: Option<DateTime<Utc>>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    /// What the router holds: ENABLED, DISABLED or REMOVED (null until first converged).
    pub router_state: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<SubscriptionRow> for Subscription {
    fn from(r: SubscriptionRow) -> Self {
        Self {
            id: r.id,
            customer_id: r.customer_id,
            location_id: r.location_id,
            kind: r.kind,
            username: r.username,
            password: r.password,
            profile: r.profile,
            price: r.price,
            cycle: r.cycle,
            cycle_days: r.cycle_days,
            anchor_day: r.anchor_day,
            starts_at: r.starts_at,
            expiry: r.expiry,
            status: r.status,
            auto_renew: r.auto_renew,
            renewals: r.renewals,
            last_paid_at: r.last_paid_at,
            grace_since: r.grace_since,
            disabled_at: r.disabled_at,
            cancel_reason: r.cancel_reason,
            router_state: r.router_state,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[ComplexObject]
impl Subscription {
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        customer_of(ctx, &self.customer_id).await
    }
}

#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Invoice {
    pub id: String,
    /// INV/<year>/<000001>.
    pub number: String,
    pub customer_id: String,
    pub subscription_id: String,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub amount: Decimal,
    /// Applied to the invoice so far.
    pub paid_total: Decimal,
    /// Still owed (zero once paid or void).
    pub outstanding: Decimal,
    /// Open with a part paid.
    pub partially_paid: bool,
    /// Paid beyond what it needed (and, on void, what had been paid): the customer's credit.
    pub credited: Decimal,
    /// A cash shortfall accepted as the customer's debt.
    pub shortfall_to_debt: Decimal,
    /// OPEN, PAID or VOID.
    pub status: String,
    pub due_date: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    /// Payments received towards it.
    pub payments: i32,
    pub void_reason: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl From<InvoiceRow> for Invoice {
    fn from(r: InvoiceRow) -> Self {
        Self {
            partially_paid: r.status == "OPEN" && !r.paid_total.is_zero(),
            id: r.id,
            number: r.number,
            customer_id: r.customer_id,
            subscription_id: r.subscription_id,
            period_start: r.period_start,
            period_end: r.period_end,
            amount: r.amount,
            paid_total: r.paid_total,
            outstanding: r.outstanding,
            credited: r.credited,
            shortfall_to_debt: r.shortfall_to_debt,
            status: r.status,
            due_date: r.due_date,
            issued_at: r.issued_at,
            paid_at: r.paid_at,
            payments: r.payments,
            void_reason: r.void_reason,
            updated_at: r.updated_at,
        }
    }
}

#[ComplexObject]
impl Invoice {
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        customer_of(ctx, &self.customer_id).await
    }

    async fn subscription(&self, ctx: &Context<'_>) -> Result<Option<Subscription>> {
        Ok(
            billing_queries::subscription(&api(ctx).pool, &self.subscription_id)
                .await
                .map_err(gql)?
                .map(Into::into),
        )
    }
}

/// One movement of a customer's credit or debt.
#[derive(SimpleObject, Clone)]
pub struct LedgerEntry {
    pub id: String,
    pub sequence: i64,
    /// CREDIT_ADDED, CREDIT_USED, DEBT_RECORDED or DEBT_SETTLED.
    pub kind: String,
    pub amount: Decimal,
    pub reason: String,
    /// The payment ref, invoice id or operator reference it was applied once for.
    pub reference: String,
    pub invoice_id: Option<String>,
    /// Credit balance after a credit movement.
    pub balance_after: Option<Decimal>,
    /// Debt after a debt movement.
    pub debt_after: Option<Decimal>,
    pub recorded_at: DateTime<Utc>,
    pub actor_id: Option<String>,
}

impl From<LedgerRow> for LedgerEntry {
    fn from(r: LedgerRow) -> Self {
        Self {
            id: r.id,
            sequence: r.sequence,
            kind: r.kind,
            amount: r.amount,
            reason: r.reason,
            reference: r.reference,
            invoice_id: r.invoice_id,
            balance_after: r.balance_after,
            debt_after: r.debt_after,
            recorded_at: r.recorded_at,
            actor_id: r.actor_id,
        }
    }
}

macro_rules! connection {
    ($conn:ident, $edge:ident, $node:ty) => {
        #[derive(SimpleObject)]
        pub struct $edge {
            pub cursor: String,
            pub node: $node,
        }

        #[derive(SimpleObject)]
        pub struct $conn {
            pub edges: Vec<$edge>,
            pub nodes: Vec<$node>,
            pub page_info: PageInfo,
            /// Rows matching the filter (computed only when selected).
            pub total_count: i64,
        }

        impl $conn {
            /// A page from (cursor, node) pairs already cut to size.
            pub fn new(rows: Vec<(String, $node)>, has_next_page: bool, total_count: i64) -> Self {
                let edges: Vec<$edge> = rows
                    .into_iter()
                    .map(|(cursor, node)| $edge { cursor, node })
                    .collect();
                let end_cursor = edges.last().map(|e| e.cursor.clone());
                let nodes = edges.iter().map(|e| e.node.clone()).collect();
                Self {
                    edges,
                    nodes,
                    page_info: PageInfo {
                        has_next_page,
                        end_cursor,
                    },
                    total_count,
                }
            }
        }
    };
}

connection!(CustomerConnection, CustomerEdge, Customer);
connection!(SubscriptionConnection, SubscriptionEdge, Subscription);
connection!(InvoiceConnection, InvoiceEdge, Invoice);

/// Receivables of one age range.
#[derive(SimpleObject)]
pub struct DebtAgingBucket {
    /// "0-30", "31-60", "61-90" or "90+".
    pub label: String,
    pub from_days: i32,
    /// Null for the open-ended last bucket.
    pub to_days: Option<i32>,
    /// Open invoices' outstanding amounts plus recorded debt.
    pub amount: Decimal,
    pub count: i64,
    pub invoice_amount: Decimal,
    pub invoice_count: i64,
    pub debt_amount: Decimal,
    pub debt_count: i64,
}

/// What customers owe, by age. Age is whole days from when the money became owed: an open
/// invoice's outstanding amount from its due date (not yet due counts as 0 days), recorded
/// debt from when it was recorded, with settlements paying the oldest debt first.
#[derive(SimpleObject)]
pub struct DebtAging {
    pub as_of: DateTime<Utc>,
    pub location_id: Option<String>,
    pub buckets: Vec<DebtAgingBucket>,
    pub total: Decimal,
    pub count: i64,
}

const BUCKETS: [(&str, i32, Option<i32>); 4] = [
    ("0-30", 0, Some(30)),
    ("31-60", 31, Some(60)),
    ("61-90", 61, Some(90)),
    ("90+", 91, None),
];

impl DebtAging {
    pub fn new(
        as_of: DateTime<Utc>,
        location_id: Option<String>,
        cells: Vec<billing_queries::AgingCell>,
    ) -> Self {
        let buckets: Vec<DebtAgingBucket> = BUCKETS
            .iter()
            .enumerate()
            .map(|(i, (label, from_days, to_days))| {
                let cell = |source: &str| {
                    cells
                        .iter()
                        .find(|c| c.bucket as usize == i && c.source == source)
                        .map_or((Decimal::ZERO, 0), |c| (c.amount, c.count))
                };
                let (invoice_amount, invoice_count) = cell("INVOICE");
                let (debt_amount, debt_count) = cell("DEBT");
                DebtAgingBucket {
                    label: (*label).to_string(),
                    from_days: *from_days,
                    to_days: *to_days,
                    amount: invoice_amount + debt_amount,
                    count: invoice_count + debt_count,
                    invoice_amount,
                    invoice_count,
                    debt_amount,
                    debt_count,
                }
            })
            .collect();
        Self {
            as_of,
            location_id,
            total: buckets.iter().map(|b| b.amount).sum(),
            count: buckets.iter().map(|b| b.count).sum(),
            buckets,
        }
    }
}

/// Where a payment left things.
#[derive(SimpleObject)]
pub struct PaymentOutcome {
    /// The invoice's status: OPEN (partly paid), PAID or VOID.
    pub status: String,
    /// Still owed on the invoice.
    pub outstanding: Decimal,
    /// The subscription's new expiry, when the payment settled the invoice.
    pub renewed_until: Option<DateTime<Utc>>,
    /// Added to the customer's credit by this payment.
    pub credited: Decimal,
    /// Recorded as the customer's debt by this payment (an accepted shortfall).
    pub debt_recorded: Decimal,
    pub invoice: Invoice,
}

/// Opaque keyset cursors: the key columns of the last row, hex-encoded.
pub mod cursor {
    const SEP: char = '\u{1f}';

    pub fn encode(parts: &[&str]) -> String {
        let joined = parts.join(&SEP.to_string());
        joined.bytes().map(|b| format!("{b:02x}")).collect()
    }

    /// The `n` parts of a cursor made by `encode`, or `None` for anything else.
    pub fn decode(cursor: &str, n: usize) -> Option<Vec<String>> {
        if !cursor.len().is_multiple_of(2) || !cursor.is_ascii() {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..cursor.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&cursor[i..i + 2], 16).ok())
            .collect();
        let text = String::from_utf8(bytes?).ok()?;
        let parts: Vec<String> = text.split(SEP).map(str::to_string).collect();
        (parts.len() == n).then_some(parts)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn cursors_round_trip_and_refuse_foreign_text() {
            let c = encode(&["Budi Santoso", "id-1"]);
            assert_eq!(
                decode(&c, 2),
                Some(vec!["Budi Santoso".to_string(), "id-1".to_string()])
            );
            assert_eq!(decode(&c, 3), None);
            assert_eq!(decode("zz", 1), None);
            assert_eq!(decode("abc", 1), None);
        }
    }
}
