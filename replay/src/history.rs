//! Auditors' views: the history of one aggregate and its state at a past instant, folded
//! with the aggregate's own pure `apply` (never from snapshots).

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use tagih_aggregates::event_registry;

use crate::projector::ProjectionError;
use crate::stored_event::{EVENT_COLUMNS, StoredEvent};

/// Every aggregate type the log holds (from the one registry); each can be reconstructed.
pub fn known_types() -> impl Iterator<Item = &'static str> {
    event_registry::AGGREGATES.iter().map(|k| k.aggregate_type)
}

/// All events of one aggregate, oldest first.
pub async fn history(
    pool: &PgPool,
    aggregate_type: &str,
    aggregate_id: &str,
) -> sqlx::Result<Vec<StoredEvent>> {
    events_until(pool, aggregate_type, aggregate_id, None).await
}

async fn events_until(
    pool: &PgPool,
    aggregate_type: &str,
    aggregate_id: &str,
    at: Option<DateTime<Utc>>,
) -> sqlx::Result<Vec<StoredEvent>> {
    let sql = format!(
        "select {EVENT_COLUMNS} from events
          where aggregate_type = $1 and aggregate_id = $2 and ($3::timestamptz is null or recorded_at <= $3)
          order by sequence"
    );
    sqlx::query_as(&sql)
        .bind(aggregate_type)
        .bind(aggregate_id)
        .bind(at)
        .fetch_all(pool)
        .await
}

/// The aggregate's state as it was at `at`, as JSON; `None` when it did not exist yet.
pub async fn state_at(
    pool: &PgPool,
    aggregate_type: &str,
    aggregate_id: &str,
    at: DateTime<Utc>,
) -> Result<Option<serde_json::Value>, ProjectionError> {
    let events = events_until(pool, aggregate_type, aggregate_id, Some(at)).await?;
    if events.is_empty() {
        return Ok(None);
    }
    let Some(kind) = event_registry::kind(aggregate_type) else {
        return Err(ProjectionError::Other(format!(
            "unknown aggregate type {aggregate_type}"
        )));
    };
    let payloads: Vec<&str> = events.iter().map(|e| e.payload.as_str()).collect();
    let state = (kind.fold)(&payloads).map_err(|message| ProjectionError::Decode {
        position: events.last().map_or(0, |e| e.position),
        message,
    })?;
    Ok(Some(redact(aggregate_type, state)))
}

/// Replaces the values of the aggregate type's secret fields (as the event registry
/// declares them: sealed, hashed, handed-out or no-longer-stored) anywhere in a payload or
/// state: auditors see that a password changed, never the hash or ciphertext. An unknown
/// aggregate type has nothing declared, so every secret-looking key is redacted instead.
pub fn redact(aggregate_type: &str, mut v: serde_json::Value) -> serde_json::Value {
    let declared: Vec<&str> = event_registry::kind(aggregate_type)
        .map(|k| k.redacted().collect())
        .unwrap_or_default();
    let known = event_registry::kind(aggregate_type).is_some();
    redact_in_place(&mut v, &|key| {
        declared.contains(&key) || (!known && event_registry::looks_secret(key))
    });
    v
}

fn redact_in_place(v: &mut serde_json::Value, secret: &dyn Fn(&str) -> bool) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if secret(k) {
                    *val = serde_json::Value::String("[redacted]".into());
                } else {
                    redact_in_place(val, secret);
                }
            }
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|i| redact_in_place(i, secret))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_at_any_depth() {
        let v = serde_json::json!({"AdminCreated": {"username": "a", "password_hash": "$argon2id$x"},
                                   "list": [{"password_hash": "c"}]});
        let r = redact("AdminUser", v);
        assert_eq!(r["AdminCreated"]["password_hash"], "[redacted]");
        assert_eq!(r["AdminCreated"]["username"], "a");
        assert_eq!(r["list"][0]["password_hash"], "[redacted]");
    }

    #[test]
    fn redaction_follows_the_registry_of_each_aggregate_type() {
        let callback = serde_json::json!({"PaymentCallbackReceived": {
            "headers": {"x-callback-token": "cb-token", "content-type": "application/json"},
            "signature_ok": true}});
        let r = redact("Payment", callback);
        let received = &r["PaymentCallbackReceived"];
        assert_eq!(received["headers"]["x-callback-token"], "[redacted]");
        assert_eq!(received["headers"]["content-type"], "application/json");
        assert_eq!(
            received["signature_ok"], true,
            "a flag named like a secret is kept"
        );
        let voucher = redact(
            "Voucher",
            serde_json::json!({"VoucherGenerated": {"code": "AB12", "password": "x9"}}),
        );
        assert_eq!(voucher["VoucherGenerated"]["password"], "[redacted]");
        assert_eq!(voucher["VoucherGenerated"]["code"], "AB12");
        let unknown = redact(
            "Elsewhere",
            serde_json::json!({"api_token": "t", "name": "n"}),
        );
        assert_eq!(unknown["api_token"], "[redacted]");
        assert_eq!(unknown["name"], "n");
    }

    #[test]
    fn every_registered_secret_is_redacted() {
        for kind in event_registry::AGGREGATES {
            for field in kind.redacted() {
                let r = redact(
                    kind.aggregate_type,
                    serde_json::json!({"E": {field: "s3cret"}}),
                );
                assert_eq!(
                    r["E"][field], "[redacted]",
                    "{}.{field}",
                    kind.aggregate_type
                );
            }
        }
    }
}
