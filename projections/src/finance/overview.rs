//! The dashboard's overview figures, read in one statement (one snapshot): money from the
//! finance ledger, vouchers, subscriptions, invoices and payments from their read models.
//! "Today" and "this month" are each location's own (WIB/WITA/WIT).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::{FromRow, PgPool};

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Default)]
pub struct Overview {
    pub revenue_today: Decimal,
    pub profit_today: Decimal,
    pub revenue_month: Decimal,
    pub profit_month: Decimal,
    pub vouchers_generated_today: i64,
    pub vouchers_activated_today: i64,
    pub vouchers_expired_today: i64,
    pub subscriptions_active: i64,
    pub subscriptions_grace: i64,
    pub subscriptions_disabled: i64,
    pub invoices_open: i64,
    pub invoices_open_total: Decimal,
    pub invoices_overdue: i64,
    pub invoices_overdue_total: Decimal,
    pub payments_in_review: i64,
}

fn overview_sql() -> String {
    let zones = super::report::ZONES_SQL;
    let (fz, vz) = (
        "coalesce(fz.tz, 'Asia/Jakarta')",
        "coalesce(vz.tz, 'Asia/Jakarta')",
    );
    // `$1` is now. The UTC windows (a day or a month either side) narrow the scans by
    // index; the local date decides.
    format!(
        "with f as (
            select revenue, cost, day, ($1 at time zone {fz})::date as today
              from rm_finance_daily f left join {zones} fz on fz.id = f.location_id
             where day >= ($1 - interval '32 days')::date and day <= ($1 + interval '1 day')::date),
         money as (
            select coalesce(sum(revenue) filter (where day = today), 0) as revenue_today,
                   coalesce(sum(revenue - cost) filter (where day = today), 0) as profit_today,
                   coalesce(sum(revenue) filter (where date_trunc('month', day) = date_trunc('month', today)), 0) as revenue_month,
                   coalesce(sum(revenue - cost) filter (where date_trunc('month', day) = date_trunc('month', today)), 0) as profit_month
              from f),
         v as (
            select (generated_at at time zone {vz})::date as generated,
                   (first_login_at at time zone {vz})::date as activated,
                   (expired_at at time zone {vz})::date as expired,
                   ($1 at time zone {vz})::date as today
              from rm_vouchers v left join {zones} vz on vz.id = v.location_id
             where generated_at >= $1 - interval '1 day' or first_login_at >= $1 - interval '1 day'
                or expired_at >= $1 - interval '1 day'),
         vouchers as (
            select count(*) filter (where generated = today) as vouchers_generated_today,
                   count(*) filter (where activated = today) as vouchers_activated_today,
                   count(*) filter (where expired = today) as vouchers_expired_today
              from v),
         subs as (
            select count(*) filter (where status = 'ACTIVE') as subscriptions_active,
                   count(*) filter (where status = 'GRACE') as subscriptions_grace,
                   count(*) filter (where status = 'DISABLED') as subscriptions_disabled
              from rm_subscriptions),
         inv as (
            select count(*) as invoices_open, coalesce(sum(outstanding), 0) as invoices_open_total,
                   count(*) filter (where due_date < $1) as invoices_overdue,
                   coalesce(sum(outstanding) filter (where due_date < $1), 0) as invoices_overdue_total
              from rm_invoices where status = 'OPEN'),
         pay as (
            select count(*) as payments_in_review from rm_payments
             where status = 'REVIEW' or review_flag)
         select * from money, vouchers, subs, inv, pay"
    )
}

pub async fn overview(pool: &PgPool, now: DateTime<Utc>) -> sqlx::Result<Overview> {
    sqlx::query_as(&overview_sql())
        .bind(now)
        .fetch_one(pool)
        .await
}
