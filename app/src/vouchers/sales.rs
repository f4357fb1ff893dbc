//! `sellVoucherBatch` / `refundVoucherBatch`: the batch's vouchers sold (or their sales
//! reversed) in one transaction; answered once the finance ledger and the batch list show it.

use rust_decimal::Decimal;
use tagih_commands::Metadata;
use tagih_commands::voucher_sales::{self, BatchOutcome};
use tagih_projections::names;

use crate::App;
use crate::error::AppResult;

async fn settled(app: &App, outcome: BatchOutcome) -> BatchOutcome {
    // Up to 10,000 vouchers to project, like a generation.
    let bound = app.read_your_writes * 5;
    for projection in [
        names::VOUCHER_BATCHES,
        names::VOUCHERS,
        names::FINANCE_LEDGER,
    ] {
        app.settle_within(projection, outcome.written, bound).await;
    }
    outcome
}

/// Hands the batch to `reseller` at `agreed_price` per voucher (each voucher's own price
/// when absent); returns how many vouchers this sold.
pub async fn sell_batch(
    app: &App,
    batch_id: &str,
    reseller: &str,
    agreed_price: Option<Decimal>,
    meta: &Metadata,
) -> AppResult<BatchOutcome> {
    let at = app.clock.now();
    let outcome =
        voucher_sales::sell_batch(&app.bus, batch_id, reseller, agreed_price, at, meta).await?;
    Ok(settled(app, outcome).await)
}

/// Reverses every sale of the batch's vouchers (activation sales included).
pub async fn refund_batch(
    app: &App,
    batch_id: &str,
    reason: &str,
    meta: &Metadata,
) -> AppResult<BatchOutcome> {
    let at = app.clock.now();
    let outcome = voucher_sales::refund_batch(&app.bus, batch_id, reason, at, meta).await?;
    Ok(settled(app, outcome).await)
}
