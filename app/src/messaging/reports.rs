//! Delivery reports the providers post to `/webhooks/whatsapp/{provider}`: checked
//! against every sender of that provider (inactive ones too: their late reports still
//! count) in constant time, then recorded on the messages they name. Reports only move a
//! message forward, so a repeated webhook is a no-op.

use serde_json::Value;
use tagih_aggregates::whatsapp_sender::Provider;
use tagih_commands::whatsapp::{SenderCredentials, provider_credentials};
use tagih_commands::{CommandError, Metadata};

use super::delivery;
use crate::App;
use crate::error::AppResult;

/// What the webhook request carries that proves it came from the provider.
pub struct Proof<'a> {
    pub body: &'a [u8],
    /// A request header by (lower-case) name; empty when absent.
    pub header: &'a (dyn Fn(&str) -> String + Sync),
    /// The `?token=` query parameter; empty when absent.
    pub token: &'a str,
}

/// The opened credentials of every sender of this provider, from the sender aggregates
/// (the write side: a sender added a moment ago is known, ADR 0022).
async fn credentials_of(app: &App, provider: Provider) -> AppResult<Vec<SenderCredentials>> {
    Ok(provider_credentials(&app.bus, &app.secrets, provider).await?)
}

fn secret(c: &SenderCredentials) -> &str {
    c.webhook_secret.as_deref().unwrap_or_default()
}

/// Whether some sender of `provider` signed (or tokened) this request.
pub async fn verified(app: &App, provider: Provider, proof: &Proof<'_>) -> AppResult<bool> {
    let creds = credentials_of(app, provider).await?;
    Ok(creds.iter().any(|c| match provider {
        Provider::Waha => {
            delivery::waha_signature_ok(secret(c), proof.body, &(proof.header)("x-webhook-hmac"))
        }
        Provider::CloudApi => delivery::cloud_signature_ok(
            secret(c),
            proof.body,
            &(proof.header)("x-hub-signature-256"),
        ),
        Provider::Fonnte | Provider::Generic => delivery::token_ok(secret(c), proof.token),
    }))
}

/// How many reports the payload held, and how many named a message of ours.
pub struct Recorded {
    pub received: usize,
    pub matched: usize,
}

/// Records the reports of a verified payload.
pub async fn record(
    app: &App,
    provider: Provider,
    payload: &Value,
) -> Result<Recorded, CommandError> {
    let updates = match provider {
        Provider::Waha => delivery::parse_waha(payload),
        Provider::CloudApi => delivery::parse_cloud(payload),
        Provider::Fonnte | Provider::Generic => delivery::parse_fonnte(payload),
    };
    let meta = Metadata::system(&format!(
        "webhook:whatsapp:{}",
        provider.as_str().to_lowercase()
    ));
    let matched = delivery::apply_updates(&app.bus, &updates, app.clock.now(), &meta).await?;
    Ok(Recorded {
        received: updates.len(),
        matched,
    })
}

/// Meta's subscription handshake: whether `verify_token` is some Cloud API sender's.
pub async fn subscription_verified(app: &App, verify_token: &str) -> AppResult<bool> {
    let creds = credentials_of(app, Provider::CloudApi).await?;
    Ok(creds
        .iter()
        .any(|c| delivery::token_ok(c.verify_token.as_deref().unwrap_or_default(), verify_token)))
}
