//! Voucher batches sold to resellers and sales taken back: one `SellVoucher` (or
//! `RefundVoucherSale`) per voucher of the batch and the batch's own record, in one
//! transaction written with bulk statements. The batch's vouchers are found in the
//! write-side `voucher_codes` table (ADR 0022), never a read model.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use tagih_aggregates::money::check_amount;
use tagih_aggregates::voucher::{Voucher, VoucherCommand};
use tagih_aggregates::voucher_batch::{BatchSale, VoucherBatch, VoucherBatchCommand};

use crate::bulk::execute_many;
use crate::bus::{CommandBus, Written, jitter};
use crate::error::CommandError;
use crate::metadata::Metadata;

/// How many vouchers a batch sale or refund changed, and where it was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct BatchOutcome {
    pub vouchers: u32,
    pub written: Written,
}

/// The vouchers generated in `batch_id`.
async fn voucher_ids(conn: &mut PgConnection, batch_id: &str) -> Result<Vec<String>, CommandError> {
    Ok(sqlx::query_scalar(
        "select voucher_id from voucher_codes where batch_id = $1 order by voucher_id",
    )
    .bind(batch_id)
    .fetch_all(conn)
    .await?)
}

/// Hands a batch to a reseller: every voucher of it not sold or revoked before is sold at
/// `agreed_price` (each voucher's own price when absent). A batch goes to one reseller
/// until that sale is refunded.
pub async fn sell_batch(
    bus: &CommandBus,
    batch_id: &str,
    reseller: &str,
    agreed_price: Option<Decimal>,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<BatchOutcome, CommandError> {
    let agreed_price = agreed_price
        .map(|p| check_amount("agreedPrice", p).map_err(|e| CommandError::invalid(e.to_string())))
        .transpose()?;
    let meta = meta
        .with_command("SellVoucherBatch")
        .with_causation(format!("VoucherBatch/{batch_id}"));
    let operator = meta.actor_id.clone();
    let sell = |_: &str| VoucherCommand::SellVoucher {
        reseller: reseller.to_string(),
        price: agreed_price,
        operator: operator.clone(),
        at,
    };
    let record = |vouchers| {
        VoucherBatchCommand::RecordBatchSold(BatchSale {
            reseller: reseller.to_string(),
            agreed_price,
            vouchers,
            sold_at: at,
        })
    };
    retrying(bus, batch_id, &meta, sell, record).await
}

/// Takes a batch's sale back: each voucher sold (by the batch sale or a first login)
/// reverses its amounts; the batch may be sold again.
pub async fn refund_batch(
    bus: &CommandBus,
    batch_id: &str,
    reason: &str,
    at: DateTime<Utc>,
    meta: &Metadata,
) -> Result<BatchOutcome, CommandError> {
    let meta = meta
        .with_command("RefundVoucherBatch")
        .with_causation(format!("VoucherBatch/{batch_id}"));
    let operator = meta.actor_id.clone();
    let refund = |_: &str| VoucherCommand::RefundVoucherSale {
        reason: reason.to_string(),
        operator: operator.clone(),
        at,
    };
    let record = |vouchers| VoucherBatchCommand::RecordBatchSaleRefunded {
        reason: reason.to_string(),
        vouchers,
        at,
    };
    retrying(bus, batch_id, &meta, refund, record).await
}

/// One transaction: the vouchers' commands, then the batch's record of how many changed
/// (refused by the batch: nothing is written). Retried as a whole on a concurrent change.
async fn retrying(
    bus: &CommandBus,
    batch_id: &str,
    meta: &Metadata,
    per_voucher: impl Fn(&str) -> VoucherCommand,
    record: impl Fn(u32) -> VoucherBatchCommand,
) -> Result<BatchOutcome, CommandError> {
    for attempt in 1..=5 {
        let mut tx = bus.pool().begin().await?;
        let ids = voucher_ids(&mut tx, batch_id).await?;
        let items = ids.iter().map(|id| (id.clone(), per_voucher(id))).collect();
        let outcome = match execute_many::<Voucher>(&mut tx, items, meta).await {
            Ok(appended) => {
                let changed = appended
                    .results
                    .iter()
                    .filter(|r| matches!(r, Ok(n) if *n > 0));
                let vouchers = u32::try_from(changed.count()).unwrap_or(u32::MAX);
                let cmd = vec![(batch_id.to_string(), record(vouchers))];
                execute_many::<VoucherBatch>(&mut tx, cmd, meta)
                    .await
                    .and_then(|b| refused(b.results).map(|()| (vouchers, b.written)))
            }
            Err(e) => Err(e),
        };
        match outcome {
            Ok((vouchers, written)) => {
                tx.commit().await?;
                return Ok(BatchOutcome {
                    vouchers,
                    written: written.unwrap_or_default(),
                });
            }
            Err(CommandError::Conflict(_)) if attempt < 5 => jitter(attempt).await,
            Err(e) => return Err(e),
        }
    }
    Err(CommandError::Conflict("voucher batch"))
}

fn refused<E: tagih_aggregates::HasErrorKind + std::fmt::Display>(
    results: Vec<Result<usize, E>>,
) -> Result<(), CommandError> {
    results
        .into_iter()
        .find_map(Result::err)
        .map_or(Ok(()), |e| Err(CommandError::from_domain(e)))
}
