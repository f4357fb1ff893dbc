//! Approves (pays the invoice) or rejects a payment held for review.

use tagih_commands::{Metadata, payments};
use tagih_projections::payments::PaymentRow;

use super::payment_after;
use crate::App;
use crate::error::AppResult;

pub async fn resolve_review(
    app: &App,
    payment_id: &str,
    approve: bool,
    note: &str,
    meta: &Metadata,
) -> AppResult<PaymentRow> {
    let (now, settlement) = (app.clock.now(), app.payments.settlement);
    payments::resolve_review(&app.bus, payment_id, approve, note, now, settlement, meta).await?;
    payment_after(app, payment_id).await
}
