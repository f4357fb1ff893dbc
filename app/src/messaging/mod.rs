//! WhatsApp messaging use cases that reach a provider: a sender's session checked now
//! (`check_sender`) or its login QR, through the `SenderSessions` port (adapter:
//! `tagih-sagas::whatsapp::senders`); delivery reports the providers post (`reports`,
//! in their formats: `delivery`).

pub mod delivery;
pub mod reports;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tagih_aggregates::whatsapp_sender::SenderHealth;
use tagih_commands::whatsapp::record_sender_health;
use tagih_commands::{CommandBus, CommandError, Metadata};
use tagih_projections::whatsapp::{self as rm, SenderRow};

use crate::App;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionHealth {
    Connected,
    /// Logged out: scan the QR code (WAHA `SCAN_QR_CODE`).
    NeedsLogin(String),
    Down(String),
}

#[async_trait]
pub trait SenderSessions: Send + Sync {
    /// Whether the sender's session works (a provider that cannot be set up is `Down`).
    async fn health(&self, row: &SenderRow) -> SessionHealth;
    /// A `data:image/png;base64,…` URL to scan, when the provider logs in by QR.
    async fn login_qr(&self, row: &SenderRow) -> Result<Option<String>, String>;
}

async fn sender_row(app: &App, id: &str) -> AppResult<SenderRow> {
    rm::sender(&app.pool, id)
        .await?
        .ok_or_else(|| AppError::NotFound("sender not found".into()))
}

/// Records a check's answer on the sender (failover and the dashboard read it).
pub async fn record_health(
    bus: &CommandBus,
    at: DateTime<Utc>,
    sender_id: &str,
    health: &SessionHealth,
) -> Result<(), CommandError> {
    let (ok, error) = match health {
        SessionHealth::Connected => (true, None),
        SessionHealth::NeedsLogin(e) | SessionHealth::Down(e) => (false, Some(e.clone())),
    };
    let record = SenderHealth { at, ok, error };
    let meta = Metadata::system("job:whatsapp_sender_health");
    record_sender_health(bus, sender_id, record, &meta).await?;
    Ok(())
}

/// Checks the sender's session now and records the result.
pub async fn check_sender(app: &App, id: &str) -> AppResult<SessionHealth> {
    let row = sender_row(app, id).await?;
    let health = app.ports.senders.health(&row).await;
    record_health(&app.bus, app.clock.now(), &row.id, &health)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(health)
}

/// A QR code (data URL) to link the sender's session; `None` when the provider has none
/// or the session is already linked.
pub async fn login_qr(app: &App, id: &str) -> AppResult<Option<String>> {
    let row = sender_row(app, id).await?;
    app.ports
        .senders
        .login_qr(&row)
        .await
        .map_err(AppError::Rejected)
}
