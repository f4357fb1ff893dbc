//! Invoice numbers: `INV/<year>/<six digits>`, one sequence per calendar year (WIB). Taken
//! atomically before issuing; a number is never given twice (a crash may leave a gap).

use chrono::{DateTime, Datelike, Utc};
use sqlx::PgPool;
use tagih_aggregates::billing_cycle::WIB;

use crate::error::CommandError;

pub fn format_number(year: i32, n: i32) -> String {
    format!("INV/{year}/{n:06}")
}

/// The next number of the year `at` falls in.
pub async fn next_number(pool: &PgPool, at: DateTime<Utc>) -> Result<String, CommandError> {
    let year = at.with_timezone(&WIB).year();
    let n: i32 = sqlx::query_scalar(
        "insert into invoice_numbers (year, last) values ($1, 1)
         on conflict (year) do update set last = invoice_numbers.last + 1
         returning last",
    )
    .bind(year)
    .fetch_one(pool)
    .await?;
    Ok(format_number(year, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_zero_padded_per_year() {
        assert_eq!(format_number(2026, 123), "INV/2026/000123");
    }
}
