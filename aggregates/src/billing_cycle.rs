//! Billing cycles and the calendar arithmetic of expiry dates (weekly, monthly, every N days).
//!
//! Calendar dates are taken in the operator's local time, not UTC: a subscription that
//! expires "on the 31st" must expire on the 31st as the customer reads a calendar in
//! Indonesia. Fixed offsets (WIB +07:00 by default) keep this free of a time-zone database;
//! Indonesia has no daylight saving, so a fixed offset is exact there.

use chrono::{DateTime, Datelike, Days, FixedOffset, Months, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// Western Indonesian Time (UTC+7), where most Tagih operators keep their calendars.
pub const WIB: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// Longest custom cycle: one (leap) year. Longer is a typo.
pub const MAX_CYCLE_DAYS: u16 = 366;

/// How long one paid period lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BillingCycle {
    Weekly,
    /// Calendar months, keeping the subscription's anchor day (31 Jan → 28 Feb → 31 Mar).
    Monthly,
    /// A fixed number of days, 1 to 366.
    Days(u16),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CycleError {
    #[error("a billing cycle in days must be between 1 and 366")]
    DaysOutOfRange,
}

impl BillingCycle {
    pub fn validated(self) -> Result<Self, CycleError> {
        match self {
            Self::Days(n) if !(1..=MAX_CYCLE_DAYS).contains(&n) => Err(CycleError::DaysOutOfRange),
            other => Ok(other),
        }
    }

    /// The end of the period that starts at `from`. `anchor_day` (1–31) is the day of month a
    /// monthly subscription belongs to; it is remembered apart from `from` because a short month
    /// pulls the date back (31 Jan → 28 Feb) and the next month must return to the 31st.
    /// The time of day is kept. `None` only past the year 262,000 (chrono's range).
    pub fn next_expiry(
        self,
        from: DateTime<Utc>,
        anchor_day: u32,
        offset: FixedOffset,
    ) -> Option<DateTime<Utc>> {
        let local = from.with_timezone(&offset).naive_local();
        let next = match self {
            Self::Weekly => local.checked_add_days(Days::new(7))?,
            Self::Days(n) => local.checked_add_days(Days::new(u64::from(n)))?,
            Self::Monthly => {
                let first = local
                    .date()
                    .with_day(1)?
                    .checked_add_months(Months::new(1))?;
                let day = anchor_day.clamp(1, 31).min(days_in_month(first)?);
                first.with_day(day)?.and_time(local.time())
            }
        };
        offset
            .from_local_datetime(&next)
            .single()
            .map(|d| d.with_timezone(&Utc))
    }

    /// `periods` consecutive periods from `from` (the anchor carries across them all).
    pub fn advance(
        self,
        from: DateTime<Utc>,
        anchor_day: u32,
        offset: FixedOffset,
        periods: u32,
    ) -> Option<DateTime<Utc>> {
        (0..periods).try_fold(from, |at, _| self.next_expiry(at, anchor_day, offset))
    }
}

/// The local day of month of an instant: the anchor a monthly subscription starting then keeps.
pub fn anchor_day(at: DateTime<Utc>, offset: FixedOffset) -> u32 {
    at.with_timezone(&offset).day()
}

fn days_in_month(first: NaiveDate) -> Option<u32> {
    let next = first.checked_add_months(Months::new(1))?;
    u32::try_from(next.signed_duration_since(first).num_days()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 09:30 WIB on a local calendar date, as a UTC instant.
    fn wib(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        WIB.with_ymd_and_hms(y, m, d, 9, 30, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn monthly_from(start: DateTime<Utc>, months: u32) -> Vec<DateTime<Utc>> {
        let anchor = anchor_day(start, WIB);
        let mut at = start;
        (0..months)
            .map(|_| {
                at = BillingCycle::Monthly.next_expiry(at, anchor, WIB).unwrap();
                at
            })
            .collect()
    }

    #[test]
    fn monthly_keeps_the_anchor_day_through_short_months() {
        assert_eq!(
            monthly_from(wib(2026, 1, 31), 4),
            vec![
                wib(2026, 2, 28),
                wib(2026, 3, 31),
                wib(2026, 4, 30),
                wib(2026, 5, 31)
            ]
        );
    }

    #[test]
    fn monthly_on_the_30th_stays_on_the_30th() {
        assert_eq!(
            monthly_from(wib(2026, 4, 30), 2),
            vec![wib(2026, 5, 30), wib(2026, 6, 30)]
        );
    }

    #[test]
    fn february_has_29_days_in_leap_years() {
        assert_eq!(
            monthly_from(wib(2028, 1, 31), 2),
            vec![wib(2028, 2, 29), wib(2028, 3, 31)]
        );
        assert_eq!(monthly_from(wib(2028, 1, 29), 1), vec![wib(2028, 2, 29)]);
        assert_eq!(monthly_from(wib(2028, 2, 29), 1), vec![wib(2028, 3, 29)]);
    }

    #[test]
    fn cycles_roll_over_the_year() {
        assert_eq!(
            monthly_from(wib(2026, 12, 31), 2),
            vec![wib(2027, 1, 31), wib(2027, 2, 28)]
        );
        let weekly = BillingCycle::Weekly.next_expiry(wib(2026, 12, 28), 28, WIB);
        assert_eq!(weekly, Some(wib(2027, 1, 4)));
        let days = BillingCycle::Days(30).next_expiry(wib(2026, 12, 15), 15, WIB);
        assert_eq!(days, Some(wib(2027, 1, 14)));
    }

    #[test]
    fn weekly_and_day_cycles_add_whole_days_across_leap_days() {
        let weekly = BillingCycle::Weekly.next_expiry(wib(2028, 2, 25), 25, WIB);
        assert_eq!(weekly, Some(wib(2028, 3, 3)));
        let year = BillingCycle::Days(366).next_expiry(wib(2028, 1, 1), 1, WIB);
        assert_eq!(year, Some(wib(2029, 1, 1)));
    }

    #[test]
    fn the_calendar_day_is_the_local_one_not_utc() {
        // 00:30 WIB on 1 March is still 28 February in UTC; the anchor is the 1st.
        let start = WIB
            .with_ymd_and_hms(2026, 3, 1, 0, 30, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(anchor_day(start, WIB), 1);
        let next = BillingCycle::Monthly.next_expiry(start, 1, WIB).unwrap();
        assert_eq!(
            next.with_timezone(&WIB).to_string(),
            "2026-04-01 00:30:00 +07:00"
        );
    }

    #[test]
    fn advancing_several_periods_carries_the_anchor() {
        let start = wib(2026, 1, 31);
        let three = BillingCycle::Monthly.advance(start, 31, WIB, 3);
        assert_eq!(three, Some(wib(2026, 4, 30)));
        assert_eq!(BillingCycle::Weekly.advance(start, 31, WIB, 0), Some(start));
    }

    #[test]
    fn custom_cycles_must_last_1_to_366_days() {
        assert_eq!(BillingCycle::Days(1).validated(), Ok(BillingCycle::Days(1)));
        assert_eq!(
            BillingCycle::Days(366).validated(),
            Ok(BillingCycle::Days(366))
        );
        assert_eq!(
            BillingCycle::Days(0).validated(),
            Err(CycleError::DaysOutOfRange)
        );
        assert_eq!(
            BillingCycle::Days(367).validated(),
            Err(CycleError::DaysOutOfRange)
        );
        assert_eq!(BillingCycle::Monthly.validated(), Ok(BillingCycle::Monthly));
    }
}
