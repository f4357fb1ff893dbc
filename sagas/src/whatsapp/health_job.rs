//! The sender health job: asks every active sender's provider whether its session works
//! (WAHA session status, Fonnte device status, the Cloud API phone number) and records the
//! answer on the sender (on change, or as a heartbeat) — failover and the dashboard read it.

use async_trait::async_trait;
use tagih_aggregates::whatsapp_sender::SenderHealth;
use tagih_commands::Metadata;
use tagih_commands::whatsapp::record_sender_health;
use tagih_projections::whatsapp::senders;

use super::provider::{SessionHealth, http_client};
use crate::jobs::{Job, JobContext};

pub struct SenderHealthJob;

/// Checks one sender and records the result; returns whether it is connected.
pub async fn check_sender(
    ctx: &JobContext,
    row: &tagih_projections::whatsapp::SenderRow,
) -> Result<SessionHealth, String> {
    let client = http_client(std::time::Duration::from_secs(10));
    let health = match super::senders::build(&client, &ctx.secrets, row) {
        Ok(p) => p.health().await,
        Err(e) => SessionHealth::Down(e.to_string()),
    };
    let (ok, error) = match &health {
        SessionHealth::Connected => (true, None),
        SessionHealth::NeedsLogin(e) | SessionHealth::Down(e) => (false, Some(e.clone())),
    };
    let record = SenderHealth {
        at: ctx.clock.now(),
        ok,
        error,
    };
    record_sender_health(
        &ctx.bus,
        &row.id,
        record,
        &Metadata::system("job:whatsapp_sender_health"),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(health)
}

#[async_trait]
impl Job for SenderHealthJob {
    fn name(&self) -> &'static str {
        "whatsapp_sender_health"
    }

    fn default_schedule(&self) -> &'static str {
        "0 * * * * *"
    }

    async fn run(&self, ctx: &JobContext) -> Result<String, String> {
        let all = senders(ctx.bus.pool()).await.map_err(|e| e.to_string())?;
        let (mut up, mut down) = (0, 0);
        for row in all.iter().filter(|s| s.active) {
            match check_sender(ctx, row).await? {
                SessionHealth::Connected => up += 1,
                _ => down += 1,
            }
        }
        Ok(format!("{up} senders connected, {down} not"))
    }
}
