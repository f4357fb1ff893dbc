//! Verified callbacks that can never be processed: a NUL in the order id, the gateway's
//! reference or the body cannot be stored (PostgreSQL text refuses U+0000), so retrying
//! would fail the same way forever. They are kept raw in `quarantined_callbacks` and the
//! gateway gets the answer its plugin chose, so it stops retrying. A genuinely paid order
//! is not lost: the reconciler asks the gateway for every pending payment's status.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use tagih_plugins::contract::{CallbackRequest, PaymentUpdate};

use super::service::{PaymentFlowError, PaymentService};

/// Why this verified callback can never be processed, if it cannot.
pub fn unprocessable(request: &CallbackRequest, update: &PaymentUpdate) -> Option<&'static str> {
    let nul = |s: &str| s.contains('\0');
    if nul(&update.order_id) || nul(&update.gateway_reference) {
        return Some("the order id or gateway reference contains a NUL character");
    }
    let optional = [&update.paid_at, &update.gateway_status];
    if optional.iter().any(|o| o.as_deref().is_some_and(nul)) {
        return Some("the payment time or gateway status contains a NUL character");
    }
    let fields = request.form.iter().chain(&request.query);
    if nul(&request.raw_body) || fields.clone().any(|(k, v)| nul(k) || nul(v)) {
        return Some("the request contains a NUL character");
    }
    None
}

/// A map as JSON PostgreSQL accepts: a NUL (the reason we are here) is spelled out.
fn storable(map: &BTreeMap<String, String>) -> serde_json::Value {
    let clean = |s: &String| s.replace('\0', "\\u0000");
    map.iter()
        .map(|(k, v)| (clean(k), serde_json::Value::String(clean(v))))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

impl PaymentService {
    /// Keeps the request for review. A failure here is worth a retry (the database may
    /// be back next time), unlike the callback itself.
    pub(super) async fn quarantine(
        &self,
        plugin: &str,
        request: &CallbackRequest,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PaymentFlowError> {
        tracing::warn!(plugin, reason, "payment callback quarantined for review");
        let headers = storable(&Self::callback_input(request, None, now).headers);
        let query = storable(&request.query);
        sqlx::query(
            "insert into quarantined_callbacks (plugin, received_at, reason, raw_body, headers, query) \
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(plugin)
        .bind(now)
        .bind(reason)
        .bind(request.raw_body.as_bytes())
        .bind(headers)
        .bind(query)
        .execute(self.bus.pool())
        .await
        .map_err(|e| PaymentFlowError::Retry(e.to_string()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;
    use tagih_plugins::contract::PaymentStatus;

    use super::*;

    fn update(order_id: &str) -> PaymentUpdate {
        PaymentUpdate {
            status: PaymentStatus::Paid,
            order_id: order_id.into(),
            gateway_reference: "ref".into(),
            amount: Decimal::from(1000),
            paid_at: None,
            gateway_status: None,
        }
    }

    fn request(body: &str, form: &[(&str, &str)]) -> CallbackRequest {
        let mut r = CallbackRequest::new("POST", [], BTreeMap::new(), body.into());
        r.form = form
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        r
    }

    #[test]
    fn a_nul_anywhere_stored_makes_a_callback_unprocessable() {
        let clean = request("{}", &[("a", "b")]);
        assert_eq!(unprocessable(&clean, &update("o1")), None);
        assert!(unprocessable(&clean, &update("o\0")).is_some());
        let mut status = update("o1");
        status.gateway_status = Some("PAID\0".into());
        assert!(unprocessable(&clean, &status).is_some());
        assert!(unprocessable(&request("{\0}", &[]), &update("o1")).is_some());
        assert!(unprocessable(&request("", &[("order", "\0")]), &update("o1")).is_some());
    }

    #[test]
    fn kept_maps_spell_out_the_nul() {
        let map = BTreeMap::from([("k\0".to_string(), "v\0".to_string())]);
        assert_eq!(storable(&map), serde_json::json!({"k\\u0000": "v\\u0000"}));
    }
}
