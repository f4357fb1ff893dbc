//! Channel fees, computed with rust_decimal (never f64).
//!
//! Rounding: the fee is `flat + amount × percent / 100`, clamped to `[min, max]`, then
//! rounded **up** to whole rupiah. Indonesian gateways charge whole rupiah, and rounding
//! up means a fee passed to the customer never leaves the merchant short.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// Who pays the fee: added to the customer's total, or taken from what the merchant gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChargedTo {
    Customer,
    Merchant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fee {
    pub flat: Decimal,
    /// Percent of the amount, `0.7` meaning 0.7 %.
    pub percent: Decimal,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub charged_to: ChargedTo,
}

/// What an amount costs on a channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeeQuote {
    pub amount: Decimal,
    pub fee: Decimal,
    /// What the customer is asked to pay.
    pub customer_pays: Decimal,
    /// What reaches the merchant after the gateway's cut.
    pub merchant_receives: Decimal,
}

impl Fee {
    /// A channel without fees.
    pub fn free() -> Self {
        Self {
            flat: Decimal::ZERO,
            percent: Decimal::ZERO,
            min: None,
            max: None,
            charged_to: ChargedTo::Merchant,
        }
    }

    /// The fee for `amount`, rounded up to whole rupiah (see the module doc).
    pub fn fee_for(&self, amount: Decimal) -> Decimal {
        let mut fee = self.flat + amount * self.percent / Decimal::ONE_HUNDRED;
        if let Some(min) = self.min {
            fee = fee.max(min);
        }
        if let Some(max) = self.max {
            fee = fee.min(max);
        }
        fee.round_dp_with_strategy(0, RoundingStrategy::AwayFromZero)
    }

    pub fn quote(&self, amount: Decimal) -> FeeQuote {
        let fee = self.fee_for(amount);
        let (customer_pays, merchant_receives) = match self.charged_to {
            ChargedTo::Customer => (amount + fee, amount),
            ChargedTo::Merchant => (amount, amount - fee),
        };
        FeeQuote {
            amount,
            fee,
            customer_pays,
            merchant_receives,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn fee(flat: &str, percent: &str, charged_to: ChargedTo) -> Fee {
        Fee {
            flat: d(flat),
            percent: d(percent),
            min: None,
            max: None,
            charged_to,
        }
    }

    #[test]
    fn qris_flat_plus_percent_rounds_up_to_whole_rupiah() {
        // 750 + 0.7 % of 100,001 = 1450.007 → 1451
        let qris = fee("750", "0.7", ChargedTo::Customer);
        assert_eq!(qris.fee_for(d("100001")), d("1451"));
        assert_eq!(qris.fee_for(d("100000")), d("1450"));
    }

    #[test]
    fn customer_pays_the_fee_on_top_when_charged_to_customer() {
        let q = fee("4250", "0", ChargedTo::Customer).quote(d("150000"));
        assert_eq!(
            (q.customer_pays, q.merchant_receives),
            (d("154250"), d("150000"))
        );
    }

    #[test]
    fn merchant_absorbs_the_fee_when_charged_to_merchant() {
        let q = fee("4250", "0", ChargedTo::Merchant).quote(d("150000"));
        assert_eq!(
            (q.customer_pays, q.merchant_receives),
            (d("150000"), d("145750"))
        );
    }

    #[test]
    fn percent_fees_respect_minimum_and_maximum() {
        let mut ewallet = fee("0", "3", ChargedTo::Merchant);
        ewallet.min = Some(d("1000"));
        ewallet.max = Some(d("5000"));
        assert_eq!(ewallet.fee_for(d("10000")), d("1000"));
        assert_eq!(ewallet.fee_for(d("100000")), d("3000"));
        assert_eq!(ewallet.fee_for(d("1000000")), d("5000"));
    }

    #[test]
    fn large_amounts_stay_exact() {
        let f = fee("0", "0.7", ChargedTo::Merchant);
        assert_eq!(f.fee_for(d("12345678901234567")), d("86419752308642"));
    }
}
