//! Renewal math: where a paid period starts and ends.
//!
//! Payment-first: nothing renews by itself. A payment made before expiry always extends from
//! the old expiry (the customer loses no paid days). A payment after expiry extends from the
//! old expiry or from the payment date, as the operator's setting says: "from old expiry"
//! keeps everyone on their billing day; "from payment date" does not charge for days the
//! customer was cut off.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::billing_cycle::{BillingCycle, anchor_day};

/// Most periods one payment may buy: a year of monthly service. More is a typo.
pub const MAX_PERIODS: u32 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RenewalPolicy {
    #[default]
    FromOldExpiry,
    FromPaymentDate,
}

/// The period a payment buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renewal {
    pub from: DateTime<Utc>,
    pub new_expiry: DateTime<Utc>,
    /// The anchor day from now on: unchanged, or the payment's day when the period restarts then.
    pub anchor_day: u32,
}

/// Where the renewed period starts and ends. `None` only when the date leaves chrono's range.
pub fn plan_renewal(
    expiry: DateTime<Utc>,
    anchor: u32,
    cycle: BillingCycle,
    paid_at: DateTime<Utc>,
    policy: RenewalPolicy,
    periods: u32,
    offset: FixedOffset,
) -> Option<Renewal> {
    let restart = paid_at >= expiry && policy == RenewalPolicy::FromPaymentDate;
    let (from, anchor_day) = if restart {
        (paid_at, anchor_day(paid_at, offset))
    } else {
        (expiry, anchor)
    };
    let new_expiry = cycle.advance(from, anchor_day, offset, periods)?;
    Some(Renewal {
        from,
        new_expiry,
        anchor_day,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::billing_cycle::WIB;

    fn wib(m: u32, d: u32, h: u32) -> DateTime<Utc> {
        WIB.with_ymd_and_hms(2026, m, d, h, 0, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn renew(paid_at: DateTime<Utc>, policy: RenewalPolicy) -> Renewal {
        plan_renewal(
            wib(1, 31, 0),
            31,
            BillingCycle::Monthly,
            paid_at,
            policy,
            1,
            WIB,
        )
        .unwrap()
    }

    #[test]
    fn paying_before_expiry_extends_from_the_old_expiry_whatever_the_policy() {
        for policy in [RenewalPolicy::FromOldExpiry, RenewalPolicy::FromPaymentDate] {
            let r = renew(wib(1, 25, 10), policy);
            assert_eq!(
                (r.from, r.new_expiry, r.anchor_day),
                (wib(1, 31, 0), wib(2, 28, 0), 31)
            );
        }
    }

    #[test]
    fn paying_late_from_the_old_expiry_keeps_the_billing_day() {
        let r = renew(wib(2, 10, 10), RenewalPolicy::FromOldExpiry);
        assert_eq!(
            (r.from, r.new_expiry, r.anchor_day),
            (wib(1, 31, 0), wib(2, 28, 0), 31)
        );
    }

    #[test]
    fn paying_late_from_the_payment_date_moves_the_billing_day() {
        let r = renew(wib(2, 10, 10), RenewalPolicy::FromPaymentDate);
        assert_eq!(
            (r.from, r.new_expiry, r.anchor_day),
            (wib(2, 10, 10), wib(3, 10, 10), 10)
        );
    }

    #[test]
    fn paying_exactly_at_expiry_counts_as_late() {
        let r = renew(wib(1, 31, 0), RenewalPolicy::FromPaymentDate);
        assert_eq!(r.new_expiry, wib(2, 28, 0));
        assert_eq!(r.anchor_day, 31);
    }

    #[test]
    fn several_periods_are_bought_at_once() {
        let r = plan_renewal(
            wib(1, 31, 0),
            31,
            BillingCycle::Monthly,
            wib(1, 20, 0),
            RenewalPolicy::FromOldExpiry,
            3,
            WIB,
        )
        .unwrap();
        assert_eq!(r.new_expiry, wib(4, 30, 0));
    }
}
