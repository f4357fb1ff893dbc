//! Voucher profiles, batch generation, voucher lists and live voucher changes.

use async_graphql::{Context, Enum, InputObject, Object, Result, SimpleObject, Subscription};
use futures::StreamExt;
use futures::stream::BoxStream;
use rust_decimal::Decimal;
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::Role;
use tagih_aggregates::voucher_code::{Charset, CodeSpec, PasswordMode};
use tagih_aggregates::voucher_profile;
use tagih_aggregates::voucher_profile::VoucherProfileSpec;
use tagih_app::vouchers::sales;
use tagih_commands::voucher_batches::{self, GenerateRequest};
use tagih_commands::{voucher_profiles, vouchers};
use tagih_projections::voucher_profiles::VoucherProfiles;
use tagih_projections::{names, queries};

use crate::auth::RoleGuard;
use crate::context::{api, metadata};
use crate::error::{ApiError, gql};
use crate::read_after::answer_after;
use crate::scalars::DurationSecs;
use crate::types::{Voucher, VoucherBatch, VoucherProfile};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "Charset")]
pub enum CharsetName {
    Digits,
    Lower,
    Upper,
    Mixed,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "PasswordMode")]
pub enum PasswordModeName {
    SameAsUsername,
    Separate,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum VoucherStatusName {
    Generated,
    Provisioned,
    Activated,
    Expired,
    Removed,
    Revoked,
}

#[derive(InputObject)]
pub struct VoucherProfileInput {
    pub location_id: String,
    pub name: String,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    /// How long a voucher works after its first login ("1d", "12h", or seconds).
    pub validity: DurationSecs,
    pub rate_limit: Option<String>,
    pub uptime_limit: Option<DurationSecs>,
    pub data_quota_bytes: Option<i64>,
}

#[derive(InputObject)]
pub struct GenerateVouchersInput {
    pub location_id: String,
    /// Profile name at that location.
    pub profile: String,
    pub count: i32,
    #[graphql(default)]
    pub prefix: String,
    #[graphql(default = 6)]
    pub code_length: i32,
    #[graphql(default_with = "CharsetName::Upper")]
    pub charset: CharsetName,
    #[graphql(default_with = "PasswordModeName::SameAsUsername")]
    pub password_mode: PasswordModeName,
    pub price_override: Option<Decimal>,
}

#[derive(SimpleObject)]
pub struct GeneratedVoucher {
    pub id: String,
    pub code: String,
    pub password: String,
}

#[derive(SimpleObject)]
pub struct GenerateVouchersPayload {
    /// The batch id.
    pub id: String,
    pub count: i32,
    pub vouchers: Vec<GeneratedVoucher>,
}

#[derive(SimpleObject)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

#[derive(SimpleObject)]
pub struct VoucherEdge {
    pub cursor: String,
    pub node: Voucher,
}

#[derive(SimpleObject)]
pub struct VoucherConnection {
    pub edges: Vec<VoucherEdge>,
    pub nodes: Vec<Voucher>,
    pub page_info: PageInfo,
    /// Vouchers matching the filter (computed only when selected).
    pub total_count: i64,
}

#[derive(SimpleObject, Clone)]
pub struct VouchersChanged {
    pub location_id: String,
    /// Commit position up to which this change is reported.
    pub position: i64,
    pub vouchers: Vec<Voucher>,
}

fn status_name(s: VoucherStatusName) -> &'static str {
    match s {
        VoucherStatusName::Generated => "GENERATED",
        VoucherStatusName::Provisioned => "PROVISIONED",
        VoucherStatusName::Activated => "ACTIVATED",
        VoucherStatusName::Expired => "EXPIRED",
        VoucherStatusName::Removed => "REMOVED",
        VoucherStatusName::Revoked => "REVOKED",
    }
}

fn bad(msg: &str) -> async_graphql::Error {
    gql(ApiError::BadInput(msg.to_string()))
}

#[derive(Default)]
pub struct VoucherQuery;

#[Object]
impl VoucherQuery {
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn voucher_profiles(
        &self,
        ctx: &Context<'_>,
        location_id: String,
    ) -> Result<Vec<VoucherProfile>> {
        let rows = queries::voucher_profiles(&api(ctx).pool, &location_id)
            .await
            .map_err(gql)?;
        Ok(rows.into_iter().map(VoucherProfile::from).collect())
    }

    /// A location's vouchers, newest first.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn vouchers(
        &self,
        ctx: &Context<'_>,
        location_id: String,
        status: Option<VoucherStatusName>,
        #[graphql(default = 50)] first: i32,
        after: Option<String>,
    ) -> Result<VoucherConnection> {
        if !(1..=1000).contains(&first) {
            return Err(bad("first must be between 1 and 1000"));
        }
        let before = after
            .map(|a| {
                a.parse::<i64>()
                    .map_err(|_| bad("after is not a cursor from this list"))
            })
            .transpose()?;
        let pool = &api(ctx).pool;
        let status = status.map(status_name);
        let mut rows = queries::vouchers_page(pool, &location_id, status, i64::from(first), before)
            .await
            .map_err(gql)?;
        let has_next_page = rows.len() > first as usize;
        rows.truncate(first as usize);
        // Counting a large location costs more than the page itself: only when asked for.
        let total_count = if ctx.look_ahead().field("totalCount").exists() {
            queries::count_vouchers(pool, &location_id, status)
                .await
                .map_err(gql)?
        } else {
            0
        };
        let edges: Vec<VoucherEdge> = rows
            .into_iter()
            .map(|r| VoucherEdge {
                cursor: r.generated_position.to_string(),
                node: r.into(),
            })
            .collect();
        let end_cursor = edges.last().map(|e| e.cursor.clone());
        let nodes = edges.iter().map(|e| e.node.clone()).collect();
        Ok(VoucherConnection {
            edges,
            nodes,
            page_info: PageInfo {
                has_next_page,
                end_cursor,
            },
            total_count,
        })
    }

    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn voucher(
        &self,
        ctx: &Context<'_>,
        code: String,
        location_id: String,
    ) -> Result<Option<Voucher>> {
        Ok(
            queries::voucher_by_code(&api(ctx).pool, &location_id, &code)
                .await
                .map_err(gql)?
                .map(Voucher::from),
        )
    }

    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn voucher_batches(
        &self,
        ctx: &Context<'_>,
        location_id: String,
        #[graphql(default = 50)] first: i32,
    ) -> Result<Vec<VoucherBatch>> {
        let rows =
            queries::voucher_batches(&api(ctx).pool, &location_id, i64::from(first.clamp(1, 500)))
                .await
                .map_err(gql)?;
        Ok(rows.into_iter().map(VoucherBatch::from).collect())
    }
}

/// CONFLICT when the location's router has an unmarked profile of this name that was not
/// adopted: profile sync would otherwise rewrite someone else's profile (ADR 0025).
async fn refuse_takeover(
    api: &crate::context::ApiContext,
    spec: &VoucherProfileSpec,
) -> Result<()> {
    tagih_app::routers::refuse_takeover(api, &spec.location_id, &spec.name)
        .await
        .map_err(gql)
}

#[derive(Default)]
pub struct VoucherMutation;

#[Object]
impl VoucherMutation {
    /// Creates or updates the profile named `name` at the location.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn upsert_voucher_profile(
        &self,
        ctx: &Context<'_>,
        input: VoucherProfileInput,
    ) -> Result<VoucherProfile> {
        let api = api(ctx);
        let spec = VoucherProfileSpec {
            location_id: input.location_id,
            name: input.name,
            price_sell: input.price_sell,
            price_cost: input.price_cost,
            validity_secs: input.validity.0,
            rate_limit: input.rate_limit,
            uptime_limit_secs: input.uptime_limit.map(|d| d.0),
            data_quota_bytes: input.data_quota_bytes,
        };
        refuse_takeover(api, &spec).await?;
        let (id, written) = voucher_profiles::upsert(&api.bus, spec, &metadata(ctx))
            .await
            .map_err(gql)?;
        answer_after::<VoucherProfiles, _>(
            api,
            voucher_profile::VoucherProfile::TYPE,
            &id,
            written,
            "profile",
        )
        .await
    }

    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn retire_voucher_profile(&self, ctx: &Context<'_>, id: String) -> Result<bool> {
        let api = api(ctx);
        let written = voucher_profiles::retire(&api.bus, &id, &metadata(ctx))
            .await
            .map_err(gql)?;
        api.settle(names::VOUCHER_PROFILES, written).await;
        Ok(true)
    }

    /// Generates 1–10,000 vouchers with codes never used before at this location.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn generate_vouchers(
        &self,
        ctx: &Context<'_>,
        input: GenerateVouchersInput,
    ) -> Result<GenerateVouchersPayload> {
        let api = api(ctx);
        let spec = CodeSpec {
            count: u32::try_from(input.count)
                .map_err(|_| bad("count must be between 1 and 10000"))?,
            prefix: input.prefix,
            code_length: u8::try_from(input.code_length)
                .map_err(|_| bad("code length must be between 4 and 16"))?,
            charset: input.charset.into(),
            password_mode: input.password_mode.into(),
        };
        let req = GenerateRequest {
            location_id: input.location_id,
            profile: input.profile,
            spec,
            price_override: input.price_override,
        };
        let batch = voucher_batches::generate(&api.bus, req, &metadata(ctx))
            .await
            .map_err(gql)?;
        // Up to 10,000 rows to project: allow more than a single command's wait.
        api.settle_within(names::VOUCHERS, batch.written, api.read_your_writes * 5)
            .await;
        let vouchers: Vec<GeneratedVoucher> = batch
            .vouchers
            .into_iter()
            .map(|v| GeneratedVoucher {
                id: v.id,
                code: v.code,
                password: v.password,
            })
            .collect();
        Ok(GenerateVouchersPayload {
            id: batch.batch_id,
            count: vouchers.len() as i32,
            vouchers,
        })
    }

    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn revoke_voucher(&self, ctx: &Context<'_>, id: String, reason: String) -> Result<bool> {
        let api = api(ctx);
        let written = vouchers::revoke(&api.bus, &id, &reason, &metadata(ctx))
            .await
            .map_err(gql)?;
        api.settle(names::VOUCHERS, written).await;
        Ok(true)
    }

    /// Hands a batch to a reseller: its vouchers not sold or revoked before are sold at
    /// `agreedPrice` each (their own price when absent). Returns how many this sold.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn sell_voucher_batch(
        &self,
        ctx: &Context<'_>,
        batch_id: String,
        reseller: String,
        agreed_price: Option<Decimal>,
    ) -> Result<i32> {
        let sold = sales::sell_batch(api(ctx), &batch_id, &reseller, agreed_price, &metadata(ctx))
            .await
            .map_err(gql)?;
        Ok(i32::try_from(sold.vouchers).unwrap_or(i32::MAX))
    }

    /// Takes back every sale of the batch's vouchers (its money returned): the finance
    /// ledger reverses them. Returns how many sales were reversed.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn refund_voucher_batch(
        &self,
        ctx: &Context<'_>,
        batch_id: String,
        reason: String,
    ) -> Result<i32> {
        let refunded = sales::refund_batch(api(ctx), &batch_id, &reason, &metadata(ctx))
            .await
            .map_err(gql)?;
        Ok(i32::try_from(refunded.vouchers).unwrap_or(i32::MAX))
    }

    /// Records a first login (the router webhook uses the same command). Idempotent.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn activate_voucher(
        &self,
        ctx: &Context<'_>,
        id: String,
        first_login_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<bool> {
        let api = api(ctx);
        let at = first_login_at.unwrap_or_else(|| api.clock.now());
        let source = tagih_aggregates::voucher::ActivationSource::Manual;
        let written = vouchers::activate(&api.bus, &id, at, source, &metadata(ctx))
            .await
            .map_err(gql)?;
        api.settle(names::VOUCHERS, written).await;
        Ok(true)
    }
}

#[derive(Default)]
pub struct VoucherSubscription;

#[Subscription]
impl VoucherSubscription {
    /// Fires after the vouchers read model commits a change at this location, with the
    /// changed vouchers as they now are.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn vouchers_changed(
        &self,
        ctx: &Context<'_>,
        location_id: String,
    ) -> BoxStream<'static, VouchersChanged> {
        let api = api(ctx).clone();
        let mut rx = api.progress.subscribe(names::VOUCHERS);
        let seen = *rx.borrow_and_update();
        let state = (api, rx, seen, location_id);
        futures::stream::unfold(state, |(api, mut rx, mut seen, location_id)| async move {
            loop {
                rx.changed().await.ok()?;
                let now = *rx.borrow_and_update();
                match queries::vouchers_changed_between(&api.pool, &location_id, seen, now).await {
                    Ok(rows) if rows.is_empty() => seen = now,
                    Ok(rows) => {
                        let change = VouchersChanged {
                            location_id: location_id.clone(),
                            position: now.position,
                            vouchers: rows.into_iter().map(Voucher::from).collect(),
                        };
                        return Some((change, (api, rx, now, location_id)));
                    }
                    Err(e) => tracing::warn!(error = %e, "vouchersChanged query failed; will retry on the next change"),
                }
            }
        })
        .boxed()
    }
}
