//! A gateway's callback (`POST /webhooks/payments/{plugin}`): verified by its plugin,
//! kept, pulled back from the gateway when it claims money, confirmed once. Answers with
//! what the gateway expects to hear; the error says whether the gateway should retry.

use tagih_plugins::contract::{Ack, CallbackRequest};

use super::PaymentFlowError;
use crate::App;

pub async fn ingest_callback(
    app: &App,
    plugin: &str,
    request: CallbackRequest,
) -> Result<Ack, PaymentFlowError> {
    let now = app.clock.now();
    app.payments.ingest(plugin, request, now).await
}
