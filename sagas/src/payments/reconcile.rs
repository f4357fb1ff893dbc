//! For ISPs whose gateway callbacks never arrive (behind NAT, say): asks the gateway about
//! payments still pending after a while and applies the answer as a status check.

use async_trait::async_trait;
use chrono::Duration;
use tagih_aggregates::payment::{ConfirmationSource, Payment};
use tagih_commands::Metadata;

use crate::jobs::{Job, JobContext};

/// Payments younger than this are left to their callback.
const GRACE_MINUTES: i64 = 3;
const BATCH: i64 = 200;

pub struct ReconcilePayments;

#[async_trait]
impl Job for ReconcilePayments {
    fn name(&self) -> &'static str {
        "payment_reconcile"
    }

    fn default_schedule(&self) -> &'static str {
        "30 */5 * * * *"
    }

    async fn run(&self, ctx: &JobContext) -> Result<String, String> {
        let now = ctx.clock.now();
        let pending: Vec<(String, String)> = sqlx::query_as(
            "select id, plugin from rm_payments
              where status = 'PENDING' and plugin <> 'manual' and created_at <= $1
              order by created_at limit $2",
        )
        .bind(now - Duration::minutes(GRACE_MINUTES))
        .bind(BATCH)
        .fetch_all(ctx.bus.pool())
        .await
        .map_err(|e| e.to_string())?;
        let meta = Metadata::system("job:payment_reconcile");
        let service = &ctx.payments;
        let (mut checked, mut failed) = (0, 0);
        for (id, plugin) in &pending {
            let result = async {
                let ready = service.gateway.ready(plugin, false, now).await?;
                let payment: Payment = ctx.bus.load(id).await?;
                let update = service.check(&ready, &payment).await?;
                service
                    .apply_update(id, &update, ConfirmationSource::StatusCheck, now, &meta)
                    .await
            }
            .await;
            match result {
                Ok(()) => checked += 1,
                Err(e) => {
                    failed += 1;
                    tracing::warn!(payment = %id, error = %e, "reconcile failed");
                }
            }
        }
        Ok(format!(
            "{checked} pending payments checked, {failed} failed"
        ))
    }
}
