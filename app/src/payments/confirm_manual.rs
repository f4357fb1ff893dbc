//! An admin confirms money received by hand (cash, a checked transfer).

use rust_decimal::Decimal;
use tagih_aggregates::payment::{Confirmation, ConfirmationSource};
use tagih_commands::{Metadata, payments};
use tagih_projections::payments::PaymentRow;

use super::payment_after;
use crate::App;
use crate::error::AppResult;

pub async fn confirm_manual(
    app: &App,
    payment_id: &str,
    amount: Decimal,
    reference: Option<String>,
    admin_id: String,
    meta: &Metadata,
) -> AppResult<PaymentRow> {
    let confirmation = Confirmation {
        source: ConfirmationSource::Manual { admin_id },
        amount,
        paid_at: app.clock.now(),
        reference,
    };
    let settlement = app.payments.settlement;
    payments::complete(&app.bus, payment_id, confirmation, settlement, meta).await?;
    payment_after(app, payment_id).await
}
