//! Expires activated vouchers whose validity has ended; the voucher-effects saga then
//! ends their sessions and disables (later removes) them on the router.

use async_trait::async_trait;
use tagih_commands::Metadata;
use tagih_commands::vouchers::expire_many;
use tagih_projections::router_queries::vouchers_due_to_expire;

use super::{Job, JobContext};

/// Vouchers expired per transaction; a backlog drains over consecutive batches.
const BATCH: i64 = 1_000;

pub struct VoucherExpiry;

#[async_trait]
impl Job for VoucherExpiry {
    fn name(&self) -> &'static str {
        "voucher_expiry"
    }

    fn default_schedule(&self) -> &'static str {
        "*/30 * * * * *"
    }

    async fn run(&self, ctx: &JobContext) -> Result<String, String> {
        let now = ctx.clock.now();
        let meta = Metadata::system("job:voucher_expiry");
        let mut total = 0;
        loop {
            let ids = vouchers_due_to_expire(ctx.bus.pool(), now, BATCH)
                .await
                .map_err(|e| e.to_string())?;
            if ids.is_empty() {
                break;
            }
            expire_many(&ctx.bus, &ids, now, &meta)
                .await
                .map_err(|e| e.to_string())?;
            total += ids.len();
            // The read model must catch up before the next page, or the same ids return.
            if !wait_until_projected(ctx, &ids).await || ids.len() < BATCH as usize {
                break;
            }
        }
        Ok(format!("expired {total} vouchers"))
    }
}

/// Waits (bounded) until none of `ids` is still listed as activated.
async fn wait_until_projected(ctx: &JobContext, ids: &[String]) -> bool {
    for _ in 0..50 {
        let left: i64 = sqlx::query_scalar(
            "select count(*) from rm_vouchers where id = any($1) and status = 'ACTIVATED'",
        )
        .bind(ids)
        .fetch_one(ctx.bus.pool())
        .await
        .unwrap_or(0);
        if left == 0 {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}
