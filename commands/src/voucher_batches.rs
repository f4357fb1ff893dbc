//! Voucher batch generation: 1–10,000 vouchers in one transaction — codes reserved in
//! `voucher_codes` (unique per location, forever), one `VoucherGenerated` per voucher
//! stream and one `VoucherBatchGenerated`, all written with bulk statements.

use std::collections::HashSet;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rust_decimal::Decimal;
use sqlx::PgConnection;
use tagih_aggregates::money::check_amount;
use tagih_aggregates::voucher::{Voucher, VoucherCommand, VoucherIssue};
use tagih_aggregates::voucher_batch::{BatchRecord, VoucherBatch, VoucherBatchCommand};
use tagih_aggregates::voucher_code::CodeSpec;
use tagih_aggregates::voucher_profile::VoucherProfile;
use uuid::Uuid;

use crate::bulk::execute_many;
use crate::bus::{CommandBus, Written};
use crate::error::CommandError;
use crate::metadata::Metadata;
use crate::{locations, voucher_profiles};

/// Redraw rounds for colliding codes before giving up. Each round costs one statement for
/// the colliding few; 32 rounds keep batches succeeding until a location has used ~80%
/// of its code space.
const MAX_DRAW_ROUNDS: usize = 32;

pub struct GenerateRequest {
    pub location_id: String,
    pub profile: String,
    pub spec: CodeSpec,
    pub price_override: Option<Decimal>,
}

pub struct GeneratedVoucher {
    pub id: String,
    pub code: String,
    pub password: String,
}

pub struct GeneratedBatch {
    pub batch_id: String,
    pub vouchers: Vec<GeneratedVoucher>,
    pub written: Written,
}

pub async fn generate(
    bus: &CommandBus,
    req: GenerateRequest,
    meta: &Metadata,
) -> Result<GeneratedBatch, CommandError> {
    let spec = req
        .spec
        .validated()
        .map_err(CommandError::from_domain_message)?;
    let location = locations::require_active(bus, &req.location_id).await?;
    let sale_on = location.settings.map(|s| s.sale_on).unwrap_or_default();
    let profile_id = voucher_profiles::profile_id(&req.location_id, &req.profile);
    let profile: VoucherProfile = bus.load(&profile_id).await?;
    let Some(p) = profile.usable().cloned() else {
        return Err(CommandError::not_found(format!(
            "voucher profile '{}' not found at this location",
            req.profile
        )));
    };
    let price_sell = match req.price_override {
        Some(price) => check_amount("priceOverride", price)
            .map_err(|e| CommandError::invalid(e.to_string()))?,
        None => p.price_sell,
    };
    let batch_id = Uuid::new_v4().to_string();
    let meta = meta
        .with_command("GenerateVouchers")
        .with_causation(format!("VoucherBatch/{batch_id}"));
    let mut tx = bus.pool().begin().await?;
    let vouchers = reserve_codes(&mut tx, &req.location_id, &batch_id, &spec).await?;
    let issue = |v: &GeneratedVoucher| VoucherIssue {
        batch_id: batch_id.clone(),
        location_id: req.location_id.clone(),
        profile_id: profile_id.clone(),
        profile_name: p.name.clone(),
        code: v.code.clone(),
        password: v.password.clone(),
        price_sell,
        price_cost: p.price_cost,
        validity_secs: p.validity_secs,
        rate_limit: p.rate_limit.clone(),
        uptime_limit_secs: p.uptime_limit_secs,
        data_quota_bytes: p.data_quota_bytes,
        sale_on,
        generated_by: meta.actor_id.clone(),
    };
    let items = vouchers
        .iter()
        .map(|v| (v.id.clone(), VoucherCommand::GenerateVoucher(issue(v))))
        .collect();
    first_refusal(
        execute_many::<Voucher>(&mut tx, items, &meta)
            .await?
            .results,
    )?;
    let record = BatchRecord {
        location_id: req.location_id.clone(),
        profile_id: profile_id.clone(),
        profile_name: p.name.clone(),
        spec,
        price_sell,
        price_cost: p.price_cost,
        price_overridden: req.price_override.is_some(),
        sale_on,
    };
    let batch_cmd = vec![(batch_id.clone(), VoucherBatchCommand::RecordBatch(record))];
    let appended = execute_many::<VoucherBatch>(&mut tx, batch_cmd, &meta).await?;
    let written = appended.written.unwrap_or_default();
    first_refusal(appended.results)?;
    tx.commit().await?;
    Ok(GeneratedBatch {
        batch_id,
        vouchers,
        written,
    })
}

fn first_refusal<E: tagih_aggregates::HasErrorKind + std::fmt::Display>(
    results: Vec<Result<usize, E>>,
) -> Result<(), CommandError> {
    results
        .into_iter()
        .find_map(Result::err)
        .map_or(Ok(()), |e| Err(CommandError::from_domain(e)))
}

/// Draws codes and reserves them for the location; codes that already exist (from any
/// earlier batch, or a concurrent one) are redrawn. Sorted inserts keep concurrent
/// batches from deadlocking on each other.
async fn reserve_codes(
    conn: &mut PgConnection,
    location_id: &str,
    batch_id: &str,
    spec: &CodeSpec,
) -> Result<Vec<GeneratedVoucher>, CommandError> {
    let mut rng = StdRng::from_entropy();
    let mut reserved: Vec<GeneratedVoucher> = Vec::with_capacity(spec.count as usize);
    for _ in 0..MAX_DRAW_ROUNDS {
        let missing = spec.count as usize - reserved.len();
        if missing == 0 {
            break;
        }
        let mut seen: HashSet<String> = reserved.iter().map(|v| v.code.clone()).collect();
        let mut drawn: Vec<GeneratedVoucher> = Vec::with_capacity(missing);
        while drawn.len() < missing {
            let code = spec.draw_code(&mut rng);
            if seen.insert(code.clone()) {
                let password = spec.draw_password(&mut rng, &code);
                drawn.push(GeneratedVoucher {
                    id: Uuid::new_v4().to_string(),
                    code,
                    password,
                });
            }
        }
        drawn.sort_by(|a, b| a.code.cmp(&b.code));
        let won: HashSet<String> = insert_codes(conn, location_id, batch_id, &drawn).await?;
        reserved.extend(drawn.into_iter().filter(|v| won.contains(&v.code)));
    }
    if reserved.len() < spec.count as usize {
        return Err(CommandError::conflict(
            "voucher code space exhausted: use a longer code or a larger charset",
        ));
    }
    Ok(reserved)
}

async fn insert_codes(
    conn: &mut PgConnection,
    location_id: &str,
    batch_id: &str,
    drawn: &[GeneratedVoucher],
) -> Result<HashSet<String>, CommandError> {
    let codes: Vec<&str> = drawn.iter().map(|v| v.code.as_str()).collect();
    let ids: Vec<&str> = drawn.iter().map(|v| v.id.as_str()).collect();
    let won: Vec<String> = sqlx::query_scalar(
        "insert into voucher_codes (location_id, code, voucher_id, batch_id)
         select $1, c, v, $4 from unnest($2::text[], $3::text[]) as t(c, v)
         on conflict do nothing returning code",
    )
    .bind(location_id)
    .bind(&codes)
    .bind(&ids)
    .bind(batch_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(won.into_iter().collect())
}
