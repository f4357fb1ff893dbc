//! Payments: the flows through plugins (`PaymentService`: open at a gateway, ingest a
//! callback, check a status) and the use cases callers run — one module each. The plugins
//! are reached through the `PaymentGateway` port (`gateway`).

pub mod confirm_manual;
pub mod gateway;
mod gateway_refund;
pub mod health;
mod ingest;
pub mod ingest_callback;
pub mod open;
pub mod plugins;
mod quarantine;
pub mod refund;
pub mod resolve_review;
pub mod service;
pub mod turns;

pub use gateway::{PaymentGateway, PluginUseError, Ready, RegistryError, typed_settings};
pub use service::{OpenedPayment, PaymentFlowError, PaymentService};

use tagih_aggregates::Aggregate as _;
use tagih_aggregates::payment::Payment;
use tagih_projections::payments::{PaymentRow, Payments};

use crate::App;
use crate::error::AppResult;

/// The payment as a use case left it: waits for the payments read model to apply the
/// payment's own newest event (not the server-wide horizon, which any long transaction
/// holds), else answers from the committed events.
pub async fn payment_after(app: &App, id: &str) -> AppResult<PaymentRow> {
    let written = app.head(Payment::TYPE, &[id.to_string()]).await?;
    app.answer_after::<Payments>(Payment::TYPE, id, written, "payment")
        .await
}
