//! Read queries over the billing read models: customer search, subscription and invoice
//! lists (keyset pages), ledgers, and debt aging.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::{FromRow, PgPool};

use crate::customer_ledger::LedgerRow;
use crate::customers::CustomerRow;
use crate::invoices::InvoiceRow;
use crate::subscriptions::SubscriptionRow;

/// `%term%` for LIKE with the term's own wildcards escaped.
fn contains(term: &str) -> String {
    let mut out = String::with_capacity(term.len() + 2);
    out.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// What a search term matches: names and usernames (lower-cased, contains), and phone
/// numbers when the term reads as one (`0812…` is searched as `62812…`, as phones are stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub text: String,
    pub phone: Option<String>,
}

impl Search {
    /// `None` for a blank term (no filter).
    pub fn parse(term: &str) -> Option<Self> {
        let term = term.trim();
        if term.is_empty() {
            return None;
        }
        let digits: String = term.chars().filter(char::is_ascii_digit).collect();
        let phone_like = term
            .chars()
            .all(|c| c.is_ascii_digit() || " -.()+".contains(c));
        let phone = (phone_like && digits.len() >= 3).then(|| match digits.strip_prefix('0') {
            Some(national) => format!("62{national}"),
            None => digits,
        });
        Some(Self {
            text: contains(&term.to_lowercase()),
            phone: phone.map(|p| contains(&p)),
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct CustomerFilter {
    pub search: Option<Search>,
    pub location_id: Option<String>,
}

const CUSTOMER_WHERE: &str = "($1::text is null or c.location_id = $1)
   and ($2::text is null or c.id in (
        select id from rm_customers where lower(name) like $2
        union select id from rm_customers where phone like $3
        union select customer_id from rm_subscriptions where lower(username) like $2))";

/// One page of customers by name; `after` is the (name, id) of the previous page's last
/// row. Returns one row more than asked when there is a next page.
pub async fn customers_page(
    pool: &PgPool,
    f: &CustomerFilter,
    first: i64,
    after: Option<(String, String)>,
) -> sqlx::Result<Vec<CustomerRow>> {
    let (after_name, after_id) = after.unzip();
    sqlx::query_as(&format!(
        "select c.* from rm_customers c where {CUSTOMER_WHERE}
           and ($4::text is null or (lower(c.name), c.id) > (lower($4), $5))
         order by lower(c.name), c.id limit $6"
    ))
    .bind(f.location_id.as_deref())
    .bind(f.search.as_ref().map(|s| s.text.as_str()))
    .bind(f.search.as_ref().and_then(|s| s.phone.as_deref()))
    .bind(after_name)
    .bind(after_id)
    .bind(first + 1)
    .fetch_all(pool)
    .await
}

pub async fn count_customers(pool: &PgPool, f: &CustomerFilter) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "select count(*) from rm_customers c where {CUSTOMER_WHERE}"
    ))
    .bind(f.location_id.as_deref())
    .bind(f.search.as_ref().map(|s| s.text.as_str()))
    .bind(f.search.as_ref().and_then(|s| s.phone.as_deref()))
    .fetch_one(pool)
    .await
}

pub async fn customer(pool: &PgPool, id: &str) -> sqlx::Result<Option<CustomerRow>> {
    sqlx::query_as("select * from rm_customers where id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn customer_subscriptions(
    pool: &PgPool,
    customer_id: &str,
) -> sqlx::Result<Vec<SubscriptionRow>> {
    sqlx::query_as(
        "select * from rm_subscriptions where customer_id = $1 order by created_position",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await
}

pub async fn subscription(pool: &PgPool, id: &str) -> sqlx::Result<Option<SubscriptionRow>> {
    sqlx::query_as("select * from rm_subscriptions where id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

#[derive(Debug, Clone, Default)]
pub struct SubscriptionFilter {
    pub status: Option<String>,
    pub location_id: Option<String>,
    pub customer_id: Option<String>,
    /// Not yet expired at `now` and expiring before `now + days`.
    pub expiring: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

const SUBSCRIPTION_WHERE: &str = "($1::text is null or status = $1)
   and ($2::text is null or location_id = $2)
   and ($3::text is null or customer_id = $3)
   and ($4::timestamptz is null or (expiry >= $4 and expiry < $5))";

/// One page of subscriptions, soonest expiry first; `after` is the (expiry, id) of the
/// previous page's last row. Returns one row more than asked when there is a next page.
pub async fn subscriptions_page(
    pool: &PgPool,
    f: &SubscriptionFilter,
    first: i64,
    after: Option<(DateTime<Utc>, String)>,
) -> sqlx::Result<Vec<SubscriptionRow>> {
    let (after_expiry, after_id) = after.unzip();
    let (from, to) = f.expiring.unzip();
    sqlx::query_as(&format!(
        "select * from rm_subscriptions where {SUBSCRIPTION_WHERE}
           and ($6::timestamptz is null or (expiry, id) > ($6, $7))
         order by expiry, id limit $8"
    ))
    .bind(f.status.as_deref())
    .bind(f.location_id.as_deref())
    .bind(f.customer_id.as_deref())
    .bind(from)
    .bind(to)
    .bind(after_expiry)
    .bind(after_id)
    .bind(first + 1)
    .fetch_all(pool)
    .await
}

pub async fn count_subscriptions(pool: &PgPool, f: &SubscriptionFilter) -> sqlx::Result<i64> {
    let (from, to) = f.expiring.unzip();
    sqlx::query_scalar(&format!(
        "select count(*) from rm_subscriptions where {SUBSCRIPTION_WHERE}"
    ))
    .bind(f.status.as_deref())
    .bind(f.location_id.as_deref())
    .bind(f.customer_id.as_deref())
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await
}

pub async fn subscriptions_by_ids(
    pool: &PgPool,
    ids: &[String],
) -> sqlx::Result<Vec<SubscriptionRow>> {
    sqlx::query_as("select * from rm_subscriptions where id = any($1) order by username")
        .bind(ids)
        .fetch_all(pool)
        .await
}

#[derive(Debug, Clone, Default)]
pub struct InvoiceFilter {
    pub status: Option<String>,
    pub customer_id: Option<String>,
    pub subscription_id: Option<String>,
}

const INVOICE_WHERE: &str = "($1::text is null or status = $1)
   and ($2::text is null or customer_id = $2)
   and ($3::text is null or subscription_id = $3)";

/// One page of invoices, newest first; `before` is the previous page's last
/// `created_position`. Returns one row more than asked when there is a next page.
pub async fn invoices_page(
    pool: &PgPool,
    f: &InvoiceFilter,
    first: i64,
    before: Option<i64>,
) -> sqlx::Result<Vec<InvoiceRow>> {
    sqlx::query_as(&format!(
        "select * from rm_invoices where {INVOICE_WHERE}
           and ($4::bigint is null or created_position < $4)
         order by created_position desc limit $5"
    ))
    .bind(f.status.as_deref())
    .bind(f.customer_id.as_deref())
    .bind(f.subscription_id.as_deref())
    .bind(before)
    .bind(first + 1)
    .fetch_all(pool)
    .await
}

pub async fn count_invoices(pool: &PgPool, f: &InvoiceFilter) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "select count(*) from rm_invoices where {INVOICE_WHERE}"
    ))
    .bind(f.status.as_deref())
    .bind(f.customer_id.as_deref())
    .bind(f.subscription_id.as_deref())
    .fetch_one(pool)
    .await
}

pub async fn invoice(pool: &PgPool, id: &str) -> sqlx::Result<Option<InvoiceRow>> {
    sqlx::query_as("select * from rm_invoices where id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// A customer's newest ledger entries, newest first.
pub async fn ledger(pool: &PgPool, customer_id: &str, first: i64) -> sqlx::Result<Vec<LedgerRow>> {
    sqlx::query_as(
        "select * from rm_customer_ledger where customer_id = $1 order by sequence desc limit $2",
    )
    .bind(customer_id)
    .bind(first)
    .fetch_all(pool)
    .await
}

/// Where a stream's newest event is: (transaction id, position); for read-your-writes
/// waits after a flow of several commands.
pub async fn stream_head(
    pool: &PgPool,
    aggregate_type: &str,
    ids: &[String],
) -> sqlx::Result<Option<(i64, i64)>> {
    sqlx::query_as(
        "select tx_id::text::bigint, position from events
          where aggregate_type = $1 and aggregate_id = any($2)
          order by tx_id::text::bigint desc, position desc limit 1",
    )
    .bind(aggregate_type)
    .bind(ids)
    .fetch_optional(pool)
    .await
}

/// One cell of the debt-aging table.
#[derive(Debug, Clone, FromRow)]
pub struct AgingCell {
    /// 0: 0–30 days, 1: 31–60, 2: 61–90, 3: over 90.
    pub bucket: i32,
    /// INVOICE (outstanding on open invoices) or DEBT (recorded customer debt).
    pub source: String,
    pub amount: Decimal,
    pub count: i64,
}

/// Receivables by age at `as_of`, optionally for one location.
///
/// Age is the whole days from when the money became owed to `as_of`, never negative:
/// - an open invoice's outstanding amount is owed from its due date (not yet due = 0 days);
/// - recorded debt is owed from when it was recorded; settlements pay the oldest debt
///   first, so each debt entry counts only with what is left of it.
///
/// Invoices belong to their subscription's location, recorded debt to the customer's.
pub async fn debt_aging(
    pool: &PgPool,
    location_id: Option<&str>,
    as_of: DateTime<Utc>,
) -> sqlx::Result<Vec<AgingCell>> {
    sqlx::query_as(
        "with items as (
           select 'INVOICE' as source, i.outstanding as amount, i.due_date as since
             from rm_invoices i join rm_subscriptions s on s.id = i.subscription_id
            where i.status = 'OPEN' and i.outstanding > 0
              and ($1::text is null or s.location_id = $1)
           union all
           select 'DEBT', d.remaining, d.recorded_at from (
             select l.recorded_at,
                    least(l.amount, greatest(0::numeric,
                      sum(l.amount) over (partition by l.customer_id order by l.sequence)
                      - coalesce(st.settled, 0))) as remaining
               from rm_customer_ledger l
               join rm_customers c on c.id = l.customer_id
               left join (select customer_id, sum(amount) as settled from rm_customer_ledger
                           where kind = 'DEBT_SETTLED' group by customer_id) st
                 on st.customer_id = l.customer_id
              where l.kind = 'DEBT_RECORDED' and ($1::text is null or c.location_id = $1)
           ) d where d.remaining > 0
         ), aged as (
           select source, amount,
                  greatest(0, floor(extract(epoch from ($2::timestamptz - since)) / 86400)) as days
             from items
         )
         select (case when days <= 30 then 0 when days <= 60 then 1 when days <= 90 then 2 else 3 end)::int as bucket,
                source, sum(amount) as amount, count(*) as count
           from aged group by 1, 2 order by 1, 2",
    )
    .bind(location_id)
    .bind(as_of)
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_phone_number_is_searched_in_its_stored_form() {
        let s = Search::parse(" 0812-3456 ").unwrap();
        assert_eq!(s.phone.as_deref(), Some("%628123456%"));
        assert_eq!(s.text, "%0812-3456%");
    }

    #[test]
    fn names_are_searched_lower_cased_with_wildcards_escaped() {
        let s = Search::parse("Budi_50%").unwrap();
        assert_eq!(s.text, "%budi\\_50\\%%");
        assert_eq!(s.phone, None);
        assert_eq!(Search::parse("  "), None);
        assert_eq!(Search::parse("12").unwrap().phone, None);
    }
}
