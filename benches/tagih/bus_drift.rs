//! (a′) The write path alone: one client in the bench process sends `UpsertVoucherProfile`
//! through a `CommandBus` on the bench database (no HTTP, no read-your-writes wait), on one
//! profile, for the phase's length. Without the GraphQL round trip and the projection wait
//! the stream grows by thousands of events, so a command whose cost grows with its stream
//! shows as a last second far below the first.

use std::sync::Arc;

use anyhow::Result;
use rust_decimal::Decimal;
use sqlx::PgPool;
use tagih_aggregates::voucher_profile::VoucherProfileSpec;
use tagih_commands::{CommandBus, Metadata, voucher_profiles};

use crate::config::Config;
use crate::load::{LoadResult, run_load};
use crate::windows::Windows;

/// The phase; `location` is an active location of the bench database.
pub async fn phase(
    cfg: &Config,
    pool: &PgPool,
    location: &str,
    windows: &mut Windows,
) -> Result<LoadResult> {
    println!(
        "(a′) the write path alone, 1 in-process client on 1 stream, {} s …",
        cfg.seconds
    );
    let bus = Arc::new(CommandBus::new(pool.clone()));
    let location: Arc<str> = location.into();
    let t = windows.start();
    let run = run_load(1, cfg.load_duration(), move |_, seq| {
        let (bus, location) = (bus.clone(), location.clone());
        async move {
            let spec = spec(&location, seq);
            let meta = Metadata::system("bench");
            voucher_profiles::upsert(&bus, spec, &meta).await?;
            Ok(())
        }
    })
    .await?;
    windows.push("commands_bus_in_process", t);
    let (first, last) = run.first_and_last_second();
    println!(
        "    {:.0} commands/s, p99 {:.2} ms; first second {first}, last {last}; stream of {} events",
        run.rate(),
        run.p(0.99),
        run.ops + crate::WARMUP_OPS
    );
    Ok(run)
}

/// The same profile each time with a new price: every call appends one event.
fn spec(location: &str, seq: u64) -> VoucherProfileSpec {
    VoucherProfileSpec {
        location_id: location.to_string(),
        name: "bus-drift".into(),
        price_sell: Decimal::from(1_000 + seq),
        price_cost: Decimal::from(500),
        validity_secs: 86_400,
        rate_limit: None,
        uptime_limit_secs: None,
        data_quota_bytes: None,
    }
}
