//! Senders as providers: a read-model row plus its opened credentials becomes the adapter
//! of its provider.

use std::sync::Arc;

use reqwest::Client;
use tagih_aggregates::whatsapp_sender::Provider;
use tagih_commands::SecretBox;
use tagih_commands::whatsapp::{SenderCredentials, open_credentials};
use tagih_projections::whatsapp::SenderRow;

use super::cloud_api::{CloudApi, DEFAULT_VERSION};
use super::fonnte::Fonnte;
use super::generic::GenericHttp;
use super::provider::{SessionHealth, WhatsAppProvider, http_client};
use super::waha::Waha;

#[derive(Debug, thiserror::Error)]
pub enum SenderSetupError {
    #[error("unknown provider {0}")]
    UnknownProvider(String),
    #[error("credentials cannot be opened: {0}")]
    Credentials(String),
    #[error("{0} is required")]
    Missing(&'static str),
}

pub fn credentials(
    secrets: &SecretBox,
    row: &SenderRow,
) -> Result<SenderCredentials, SenderSetupError> {
    open_credentials(secrets, &row.credentials_enc)
        .map_err(|e| SenderSetupError::Credentials(e.to_string()))
}

pub fn provider_of(row: &SenderRow) -> Result<Provider, SenderSetupError> {
    Provider::parse(&row.provider)
        .ok_or_else(|| SenderSetupError::UnknownProvider(row.provider.clone()))
}

/// The adapter for a sender.
pub fn build(
    client: &Client,
    secrets: &SecretBox,
    row: &SenderRow,
) -> Result<Arc<dyn WhatsAppProvider>, SenderSetupError> {
    let creds = credentials(secrets, row)?;
    let token = creds.token.clone().unwrap_or_default();
    let client = client.clone();
    let base_url = row.base_url.trim_end_matches('/').to_string();
    Ok(match provider_of(row)? {
        Provider::Waha => Arc::new(Waha {
            client,
            base_url,
            api_key: token,
            session: row.session.clone().unwrap_or_else(|| "default".into()),
        }),
        Provider::Fonnte => Arc::new(Fonnte {
            client,
            base_url,
            token,
        }),
        Provider::CloudApi => Arc::new(CloudApi {
            client,
            base_url,
            version: row
                .api_version
                .clone()
                .unwrap_or_else(|| DEFAULT_VERSION.into()),
            phone_number_id: row
                .phone_number_id
                .clone()
                .ok_or(SenderSetupError::Missing("phone number id"))?,
            token,
        }),
        Provider::Generic => Arc::new(GenericHttp {
            client,
            url_template: row.base_url.clone(),
            method: row.method.clone().unwrap_or_else(|| "GET".into()),
            body_template: row.body_template.clone(),
            token: creds.token.filter(|t| !t.is_empty()),
        }),
    })
}

/// The application's `SenderSessions` port: each call builds the sender's adapter from its
/// row and asks the provider.
pub struct SenderSessionsAdapter {
    pub secrets: SecretBox,
}

#[async_trait::async_trait]
impl tagih_app::messaging::SenderSessions for SenderSessionsAdapter {
    async fn health(&self, row: &SenderRow) -> SessionHealth {
        let client = http_client(std::time::Duration::from_secs(10));
        match build(&client, &self.secrets, row) {
            Ok(p) => p.health().await,
            Err(e) => SessionHealth::Down(e.to_string()),
        }
    }

    async fn login_qr(&self, row: &SenderRow) -> Result<Option<String>, String> {
        let client = http_client(std::time::Duration::from_secs(15));
        let provider = build(&client, &self.secrets, row).map_err(|e| e.to_string())?;
        provider.login_qr().await.map_err(|e| e.to_string())
    }
}
