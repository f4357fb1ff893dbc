//! The sender health job: asks every active sender's provider whether its session works
//! (WAHA session status, Fonnte device status, the Cloud API phone number) and records the
//! answer on the sender (on change, or as a heartbeat) — failover and the dashboard read it.

use async_trait::async_trait;
use tagih_app::messaging::{SenderSessions, record_health};
use tagih_projections::whatsapp::senders;

use super::provider::SessionHealth;
use super::senders::SenderSessionsAdapter;
use crate::jobs::{Job, JobContext};

pub struct SenderHealthJob;

/// Checks one sender and records the result.
pub async fn check_sender(
    ctx: &JobContext,
    row: &tagih_projections::whatsapp::SenderRow,
) -> Result<SessionHealth, String> {
    let adapter = SenderSessionsAdapter {
        secrets: ctx.secrets.clone(),
    };
    let health = adapter.health(row).await;
    record_health(&ctx.bus, ctx.clock.now(), &row.id, &health)
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
