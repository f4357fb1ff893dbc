//! Auditors' views: the history of one aggregate and its state at a past instant, folded
//! with the aggregate's own pure `apply` (never from snapshots).

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use serde::Serialize;
use sqlx::PgPool;
use tagih_aggregates::{
    admin_user::AdminUser, location::Location, voucher::Voucher, voucher_batch::VoucherBatch,
    voucher_profile::VoucherProfile,
};

use crate::projector::ProjectionError;
use crate::stored_event::{EVENT_COLUMNS, StoredEvent};

/// Aggregate types whose state can be reconstructed.
pub const KNOWN_TYPES: &[&str] = &[
    "AdminUser",
    "Location",
    "VoucherProfile",
    "Voucher",
    "VoucherBatch",
];

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
    let state = match aggregate_type {
        "AdminUser" => fold::<AdminUser>(&events)?,
        "Location" => fold::<Location>(&events)?,
        "VoucherProfile" => fold::<VoucherProfile>(&events)?,
        "Voucher" => fold::<Voucher>(&events)?,
        "VoucherBatch" => fold::<VoucherBatch>(&events)?,
        other => {
            return Err(ProjectionError::Other(format!(
                "unknown aggregate type {other}"
            )));
        }
    };
    Ok(Some(redact(state)))
}

fn fold<A: Aggregate>(events: &[StoredEvent]) -> Result<serde_json::Value, ProjectionError> {
    let mut aggregate = A::default();
    for e in events {
        aggregate.apply(e.decode::<A::Event>()?);
    }
    to_json(&aggregate)
}

fn to_json<T: Serialize>(v: &T) -> Result<serde_json::Value, ProjectionError> {
    serde_json::to_value(v).map_err(|e| ProjectionError::Other(e.to_string()))
}

/// Keys whose values are secrets (password hashes, encrypted router passwords).
const SECRET_KEYS: &[&str] = &["password_hash", "password_enc"];

/// Replaces secret values anywhere in a payload or state: auditors see that a password
/// changed, never the hash or ciphertext.
pub fn redact(mut v: serde_json::Value) -> serde_json::Value {
    redact_in_place(&mut v);
    v
}

fn redact_in_place(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if SECRET_KEYS.contains(&k.as_str()) {
                    *val = serde_json::Value::String("[redacted]".into());
                } else {
                    redact_in_place(val);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_in_place),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_at_any_depth() {
        let v = serde_json::json!({"AdminCreated": {"username": "a", "password_hash": "$argon2id$x"},
                                   "list": [{"password_enc": "c"}]});
        let r = redact(v);
        assert_eq!(r["AdminCreated"]["password_hash"], "[redacted]");
        assert_eq!(r["AdminCreated"]["username"], "a");
        assert_eq!(r["list"][0]["password_enc"], "[redacted]");
    }
}
