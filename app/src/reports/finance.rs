//! The finance report: a range of local dates checked, then the ledger summed per group.

use chrono::NaiveDate;
use tagih_projections::finance::report::{self, Grouping, Range, Totals};

use crate::App;
use crate::error::{AppError, AppResult};

/// The longest range one report may span (ten years of daily rows at most).
const MAX_DAYS: i64 = 3_660;

/// Checks a report's range: `from` not after `to`, within ten years.
pub fn range(from: NaiveDate, to: NaiveDate, location_id: Option<String>) -> AppResult<Range> {
    if to < from {
        return Err(AppError::BadInput("`to` must not be before `from`".into()));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(AppError::BadInput(format!(
            "a report spans at most {MAX_DAYS} days"
        )));
    }
    Ok(Range {
        from,
        to,
        location_id,
    })
}

/// The groups (ordered by key) and their total, from one snapshot of the ledger.
pub async fn finance_report(
    app: &App,
    range: &Range,
    group: Grouping,
) -> AppResult<(Vec<Totals>, Totals)> {
    Ok(report::report(&app.pool, range, group).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_range_runs_forwards_and_spans_at_most_ten_years() {
        assert!(range(day("2026-03-02"), day("2026-03-01"), None).is_err());
        assert!(range(day("2026-01-01"), day("9999-12-31"), None).is_err());
        let r = range(day("2026-03-01"), day("2026-03-01"), None).unwrap();
        assert_eq!(r.from, r.to);
    }
}
