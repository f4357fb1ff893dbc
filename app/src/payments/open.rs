//! Opens a payment for an open invoice through a plugin: the attempt is recorded, the
//! gateway asked, and the answer says where to pay.

use tagih_commands::Metadata;

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
    // No wait for the read model: the webhook finds the payment in the write-side
    // `payment_orders` (ADR 0022), and the answer needs nothing from it.
    Ok(opened)
}
