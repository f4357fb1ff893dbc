//! From a location's read-model row to a `RouterTarget` the gateway can reach: the one
//! place that decrypts router passwords and reads the TLS trust setting.

use sqlx::PgPool;
use tagih_commands::SecretBox;
use tagih_projections::locations::LocationRow;
use tagih_projections::queries;

use crate::ports::{RouterTarget, TlsTrustSetting};
use crate::worker::Outcome;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("location not found (yet)")]
    NotFound,
    #[error("location is deactivated")]
    Inactive,
    #[error("router password cannot be decrypted with this key")]
    BadKey,
    #[error("database: {0}")]
    Database(String),
}

pub fn target_of(l: &LocationRow, secrets: &SecretBox) -> Result<RouterTarget, TargetError> {
    if !l.active {
        return Err(TargetError::Inactive);
    }
    let password = secrets
        .open(&l.password_enc)
        .map_err(|_| TargetError::BadKey)?;
    let tls_trust = match (l.tls_trust.as_str(), &l.tls_fingerprint) {
        ("PINNED", Some(fp)) => TlsTrustSetting::Pinned(fp.clone()),
        ("ACCEPT_SELF_SIGNED", _) => TlsTrustSetting::AcceptSelfSigned,
        _ => TlsTrustSetting::Verify,
    };
    Ok(RouterTarget {
        location_id: l.id.clone(),
        host: l.host.clone(),
        port: u16::try_from(l.port).unwrap_or(8728),
        transport: l.transport.clone(),
        username: l.username.clone(),
        password,
        hotspot_server: l.hotspot_server.clone(),
        tls_trust,
    })
}

pub async fn target(
    pool: &PgPool,
    secrets: &SecretBox,
    location_id: &str,
) -> Result<RouterTarget, TargetError> {
    match queries::location(pool, location_id).await {
        Ok(Some(l)) => target_of(&l, secrets),
        Ok(None) => Err(TargetError::NotFound),
        Err(e) => Err(TargetError::Database(e.to_string())),
    }
}

/// What a router-effect worker does with its rows when there is no router to talk to:
/// wait (it may appear or be reactivated) unless no retry could ever help.
pub fn outcome_of(e: TargetError) -> Outcome {
    match e {
        TargetError::BadKey => Outcome::Dead(e.to_string()),
        other => Outcome::Wait(other.to_string()),
    }
}
