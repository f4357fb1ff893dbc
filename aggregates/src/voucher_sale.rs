//! A voucher's sale: when it becomes revenue, at what price and cost, and its reversal.
//!
//! Price and cost are fixed when the voucher is generated (`VoucherIssue`), and so is how
//! its sale is recognised (the location's setting then): at the first login, or when its
//! batch is handed to a reseller. The sale event carries every amount and every field a
//! report groups by, so a report never re-reads a price that may have changed since.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::voucher::VoucherIssue;

/// When a voucher's sale is revenue; a per-location setting copied onto each voucher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SaleRecognition {
    /// At the first login (what Mikhmon and PHPNuxBill do), unless sold to a reseller first.
    #[default]
    Activation,
    /// Only when the batch is sold (`sellVoucherBatch`); a login alone is no sale.
    Handover,
}

impl SaleRecognition {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Activation => "ACTIVATION",
            Self::Handover => "HANDOVER",
        }
    }
}

/// How the sale happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SaleChannel {
    /// Recognised at the voucher's first login.
    Activation,
    /// Its batch was sold to a reseller at an agreed price.
    Reseller,
}

impl SaleChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Activation => "ACTIVATION",
            Self::Reseller => "RESELLER",
        }
    }
}

/// One voucher sold: everything the finance ledger needs, exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherSale {
    pub batch_id: String,
    pub location_id: String,
    pub profile_id: String,
    pub profile_name: String,
    /// What the buyer paid for this voucher.
    pub price: Decimal,
    /// What the voucher cost the operator (the profile's cost price at generation).
    pub cost: Decimal,
    pub channel: SaleChannel,
    pub reseller: Option<String>,
    /// Who generated (activation sales) or sold (reseller sales) it.
    pub operator: Option<String>,
    pub sold_at: DateTime<Utc>,
}

/// A sale taken back: the same amounts, reversed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherSaleReversal {
    pub sale: VoucherSale,
    pub reason: String,
    pub operator: Option<String>,
    pub refunded_at: DateTime<Utc>,
}

/// The sale a voucher's first login makes, when its sale is recognised at activation.
pub fn sale_at_activation(issue: &VoucherIssue, at: DateTime<Utc>) -> Option<VoucherSale> {
    (issue.sale_on == SaleRecognition::Activation).then(|| VoucherSale {
        batch_id: issue.batch_id.clone(),
        location_id: issue.location_id.clone(),
        profile_id: issue.profile_id.clone(),
        profile_name: issue.profile_name.clone(),
        price: issue.price_sell,
        cost: issue.price_cost,
        channel: SaleChannel::Activation,
        reseller: None,
        operator: issue.generated_by.clone(),
        sold_at: at,
    })
}

/// The sale of a voucher handed to a reseller; `price` is the agreed price, when one was
/// agreed, else the voucher's own.
pub fn sale_to_reseller(
    issue: &VoucherIssue,
    reseller: &str,
    price: Option<Decimal>,
    operator: Option<String>,
    at: DateTime<Utc>,
) -> VoucherSale {
    VoucherSale {
        batch_id: issue.batch_id.clone(),
        location_id: issue.location_id.clone(),
        profile_id: issue.profile_id.clone(),
        profile_name: issue.profile_name.clone(),
        price: price.unwrap_or(issue.price_sell),
        cost: issue.price_cost,
        channel: SaleChannel::Reseller,
        reseller: Some(reseller.to_string()),
        operator,
        sold_at: at,
    }
}
