//! GraphQL types of the finance report and the overview.

use async_graphql::{Enum, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_projections::finance::overview;
use tagih_projections::finance::report::{Grouping, Totals};
use tagih_projections::receipts::ReceiptRow;

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum FinanceGrouping {
    /// Local date (YYYY-MM-DD) in each row's location's time zone.
    Day,
    /// Local month (YYYY-MM).
    Month,
    Location,
    /// Voucher profile or the subscription's PPP/hotspot profile.
    Profile,
    /// ACTIVATION, RESELLER (voucher sales) or `<plugin>[/<channel>]` (invoice payments).
    Method,
    /// Who generated (activation sales), sold (reseller sales) or recorded the payment.
    Operator,
    /// VOUCHER or INVOICE.
    Source,
}

impl From<FinanceGrouping> for Grouping {
    fn from(g: FinanceGrouping) -> Self {
        match g {
            FinanceGrouping::Day => Self::Day,
            FinanceGrouping::Month => Self::Month,
            FinanceGrouping::Location => Self::Location,
            FinanceGrouping::Profile => Self::Profile,
            FinanceGrouping::Method => Self::Method,
            FinanceGrouping::Operator => Self::Operator,
            FinanceGrouping::Source => Self::Source,
        }
    }
}

/// One group of the finance ledger (or the total: `key` is empty).
#[derive(SimpleObject)]
pub struct FinanceRow {
    pub key: String,
    /// Sales: vouchers sold and invoice payments completed.
    pub count: i64,
    pub revenue: Decimal,
    /// Cost of what was sold, less the cost of sales refunded.
    pub cost: Decimal,
    /// revenue - cost.
    pub profit: Decimal,
    /// Money returned (voucher sales reversed, payments refunded).
    pub refunds: Decimal,
    /// profit - refunds: what the operator keeps.
    pub net: Decimal,
}

impl From<Totals> for FinanceRow {
    fn from(t: Totals) -> Self {
        Self {
            profit: t.profit(),
            net: t.net(),
            key: t.key,
            count: t.count,
            revenue: t.revenue,
            cost: t.cost,
            refunds: t.refunds,
        }
    }
}

#[derive(SimpleObject)]
pub struct FinanceReport {
    /// Ordered by key; they sum to `total`.
    pub rows: Vec<FinanceRow>,
    pub total: FinanceRow,
}

/// The dashboard's figures; "today" and "this month" are each location's own.
#[derive(SimpleObject, Clone, PartialEq, Eq)]
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

impl From<overview::Overview> for Overview {
    fn from(o: overview::Overview) -> Self {
        Self {
            revenue_today: o.revenue_today,
            profit_today: o.profit_today,
            revenue_month: o.revenue_month,
            profit_month: o.profit_month,
            vouchers_generated_today: o.vouchers_generated_today,
            vouchers_activated_today: o.vouchers_activated_today,
            vouchers_expired_today: o.vouchers_expired_today,
            subscriptions_active: o.subscriptions_active,
            subscriptions_grace: o.subscriptions_grace,
            subscriptions_disabled: o.subscriptions_disabled,
            invoices_open: o.invoices_open,
            invoices_open_total: o.invoices_open_total,
            invoices_overdue: o.invoices_overdue,
            invoices_overdue_total: o.invoices_overdue_total,
            payments_in_review: o.payments_in_review,
        }
    }
}

/// A receipt (kuitansi) for one payment applied to an invoice.
#[derive(SimpleObject)]
pub struct Receipt {
    pub id: String,
    /// `KW/<year>/<n>`, gap-free per year.
    pub number: String,
    pub invoice_id: String,
    pub invoice_number: String,
    pub payment_ref: String,
    pub amount: rust_decimal::Decimal,
    pub paid_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    /// The printable page, relative to this server.
    pub url: String,
}

impl From<ReceiptRow> for Receipt {
    fn from(r: ReceiptRow) -> Self {
        Self {
            url: format!("/receipts/{}", r.id),
            id: r.id,
            number: r.number,
            invoice_id: r.invoice_id,
            invoice_number: r.invoice_number,
            payment_ref: r.payment_ref,
            amount: r.amount,
            paid_at: r.paid_at,
            issued_at: r.issued_at,
        }
    }
}
