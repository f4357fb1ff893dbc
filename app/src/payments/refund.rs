//! Records money returned to the customer (at the gateway or by hand; once per refund
//! reference) and reverses the ledger.

use rust_decimal::Decimal;
use tagih_aggregates::payment::RefundInput;
use tagih_commands::{Metadata, payments};
use tagih_projections::payments::PaymentRow;

use super::payment_after;
use crate::App;
use crate::error::AppResult;

pub struct Refund {
    pub amount: Decimal,
    pub reason: String,
    pub refund_ref: String,
}

pub async fn refund(
    app: &App,
    payment_id: &str,
    refund: Refund,
    admin_id: String,
    meta: &Metadata,
) -> AppResult<PaymentRow> {
    let input = RefundInput {
        refund_ref: refund.refund_ref,
        amount: refund.amount,
        reason: refund.reason,
        refunded_at: app.clock.now(),
        admin_id: Some(admin_id),
    };
    payments::refund(&app.bus, payment_id, input, meta).await?;
    payment_after(app, payment_id).await
}
