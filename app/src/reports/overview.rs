//! The dashboard's overview figures at the app's clock's "now".

use tagih_projections::finance::overview::{self, Overview};
use tagih_projections::names;

use crate::App;
use crate::error::AppResult;

/// The read models whose commits change the overview (`overviewChanged` listens to them).
pub const SOURCES: [&str; 5] = [
    names::FINANCE_LEDGER,
    names::VOUCHERS,
    names::SUBSCRIPTIONS,
    names::INVOICES,
    names::PAYMENTS,
];

pub async fn overview(app: &App) -> AppResult<Overview> {
    Ok(overview::overview(&app.pool, app.clock.now()).await?)
}
