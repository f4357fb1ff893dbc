//! Refunds a payment. Where the payment's plugin can refund (it defines `refund`: the
//! built-in Xendit and Midtrans), the gateway is asked to return the money and its
//! answer recorded (`gateway_refund`, ADR 0028). Otherwise — cash, DuitKu, Tripay, or an
//! admin saying it was already done at the gateway's dashboard (`record_only`) — the
//! refund is recorded as done outside Tagih. Either way once per refund reference, and a
//! refund made reverses the ledger.

use rust_decimal::Decimal;
use tagih_aggregates::payment::{Payment, RefundInput};
use tagih_commands::{Metadata, payments};
use tagih_projections::payments::PaymentRow;

use super::payment_after;
use crate::App;
use crate::error::{AppError, AppResult};

pub struct Refund {
    pub amount: Decimal,
    pub reason: String,
    pub refund_ref: String,
    /// The money was already returned (at the gateway's dashboard, by hand): record it
    /// without asking the gateway.
    pub record_only: bool,
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
        gateway_refund_id: None,
    };
    let payment: Payment = app.bus.load(payment_id).await?;
    let Some(terms) = &payment.terms else {
        return Err(AppError::NotFound(format!(
            "payment {payment_id} not found"
        )));
    };
    if !refund.record_only {
        // A plugin that is switched off may still return money it collected.
        let ready = app
            .payments
            .gateway
            .ready(&terms.method.plugin, false, app.clock.now())
            .await?;
        if ready.loaded.plugin.has_function("refund", 1) {
            app.payments
                .refund_at_gateway(&ready, payment_id, input, &app.clock, meta)
                .await?;
            return payment_after(app, payment_id).await;
        }
    }
    payments::refund(&app.bus, payment_id, input, meta).await?;
    payment_after(app, payment_id).await
}
