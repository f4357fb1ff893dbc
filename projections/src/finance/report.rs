//! The finance report: the ledger summed per group over a range of local dates, each row's
//! day cut at its location's own midnight (WIB/WITA/WIT), and the range's total.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::{FromRow, PgPool};

/// What a report row sums.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, Default)]
pub struct Totals {
    pub key: String,
    /// Sales (vouchers sold, invoice payments completed).
    pub count: i64,
    pub revenue: Decimal,
    /// Cost of what was sold, less the cost of what was refunded.
    pub cost: Decimal,
    /// Money returned.
    pub refunds: Decimal,
}

impl Totals {
    pub fn profit(&self) -> Decimal {
        self.revenue - self.cost
    }
    /// What the operator keeps: profit less refunds.
    pub fn net(&self) -> Decimal {
        self.profit() - self.refunds
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Day,
    Month,
    Location,
    Profile,
    Method,
    Operator,
    Source,
}

/// The report's filter: local dates `from..=to` in each location's zone, optionally one
/// location.
#[derive(Debug, Clone)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub location_id: Option<String>,
}

/// Each location's zone (`id`, `tz`): WIB, WITA or WIT, null for an old zone outside them.
/// Joined (a hash join over a few dozen locations), not looked up per row.
pub const ZONES_SQL: &str =
    "(select id, case when time_zone in ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')
                                   then time_zone end as tz
                              from rm_locations)";

fn key_sql(g: Grouping) -> &'static str {
    match g {
        Grouping::Day => "to_char(day, 'YYYY-MM-DD')",
        Grouping::Month => "to_char(day, 'YYYY-MM')",
        Grouping::Location => "location_id",
        Grouping::Profile => "profile",
        Grouping::Method => "method",
        Grouping::Operator => "operator",
        Grouping::Source => "source",
    }
}

#[derive(FromRow)]
struct Grouped {
    #[sqlx(flatten)]
    totals: Totals,
    is_total: bool,
}

/// Per group, ordered by key; and the total of the same rows (one statement, so the rows
/// and the total are of the same snapshot). Reads the daily sums (`rm_finance_daily`): a
/// year over fifty locations is some 18,000 rows per grouping combination, not every sale.
pub async fn report(
    pool: &PgPool,
    range: &Range,
    group: Grouping,
) -> sqlx::Result<(Vec<Totals>, Totals)> {
    let sql = format!(
        "with k as (
            select {key} as key, count, revenue, cost, refund from rm_finance_daily
             where day between $1 and $2 and ($3::text is null or location_id = $3))
         select coalesce(key, '') as key, coalesce(sum(count), 0)::bigint as count,
                coalesce(sum(revenue), 0) as revenue, coalesce(sum(cost), 0) as cost,
                coalesce(sum(refund), 0) as refunds, grouping(key) = 1 as is_total
           from k group by grouping sets ((key), ()) order by grouping(key), key",
        key = key_sql(group),
    );
    let rows: Vec<Grouped> = sqlx::query_as(&sql)
        .bind(range.from)
        .bind(range.to)
        .bind(range.location_id.as_deref())
        .fetch_all(pool)
        .await?;
    let mut total = Totals::default();
    let mut groups = Vec::with_capacity(rows.len());
    for row in rows {
        if row.is_total {
            total = row.totals;
        } else {
            groups.push(row.totals);
        }
    }
    Ok((groups, total))
}
