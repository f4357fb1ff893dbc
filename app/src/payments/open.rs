//! Opens a payment for an open invoice through a plugin: the attempt is recorded, the
//! gateway asked, and the answer says where to pay.

use tagih_commands::Metadata;
use tagih_projections::names;

use super::OpenedPayment;
use crate::App;
use crate::error::AppResult;

pub async fn open(
    app: &App,
    invoice_id: &str,
    plugin: &str,
    channel: Option<String>,
    meta: &Metadata,
) -> AppResult<OpenedPayment> {
    let now = app.clock.now();
    let opened = app
        .payments
        .open_for_invoice(invoice_id, plugin, channel, now, meta)
        .await?;
    // The webhook finds payments by order id in the read model: give it the bounded wait
    // for this payment's own write. The answer needs nothing from it.
    let written = app
        .head("Payment", std::slice::from_ref(&opened.payment_id))
        .await?;
    app.settle(names::PAYMENTS, written).await;
    Ok(opened)
}
