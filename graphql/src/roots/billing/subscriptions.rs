//! Subscriptions: lists (status, location, customer, expiring within N days); create one
//! or a numbered bulk (operators too); plan, auto-renew and cancel (admins).

use async_graphql::{Context, Object, Result};
use chrono::{DateTime, Duration, Utc};
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::Role;
use tagih_aggregates::subscription::{
    Subscription as SubscriptionAggregate, SubscriptionKind, SubscriptionSpec,
};
use tagih_commands::{CommandError, customers, locations, subscriptions};
use tagih_projections::billing_queries::{self, SubscriptionFilter};
use tagih_projections::fresh::fold_streams;
use tagih_projections::names;
use tagih_projections::subscriptions::Subscriptions;
use uuid::Uuid;

use super::{page_size, wants_total};
use crate::auth::RoleGuard;
use crate::billing_inputs::{
    CreateSubscriptionInput, CreateSubscriptionsInput, PlanInput, bad, generated_password,
    numbered_usernames, plan, username_from_pattern,
};
use crate::billing_reads::{head, subscription_after};
use crate::billing_types::{Subscription, SubscriptionConnection, SubscriptionStatusName, cursor};
use crate::context::{ApiContext, api, metadata};
use crate::error::{ApiError, gql};

#[derive(Default)]
pub struct SubscriptionQuery;

#[Object]
impl SubscriptionQuery {
    /// Subscriptions, soonest expiry first. `expiringWithinDays`: not yet expired and
    /// expiring within that many days from now.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    #[allow(clippy::too_many_arguments)]
    async fn subscriptions(
        &self,
        ctx: &Context<'_>,
        status: Option<SubscriptionStatusName>,
        location_id: Option<String>,
        customer_id: Option<String>,
        expiring_within_days: Option<i32>,
        #[graphql(default = 50)] first: i32,
        after: Option<String>,
    ) -> Result<SubscriptionConnection> {
        let first = page_size(first)?;
        let after = after
            .map(|a| match cursor::decode(&a, 2).as_deref() {
                Some([expiry, id]) => DateTime::parse_from_rfc3339(expiry)
                    .map(|e| (e.with_timezone(&Utc), id.clone()))
                    .map_err(|_| bad("after is not a cursor from this list")),
                _ => Err(bad("after is not a cursor from this list")),
            })
            .transpose()?;
        let expiring = match expiring_within_days {
            None => None,
            Some(d @ 0..=366) => {
                let now = api(ctx).job_context.clock.now();
                Some((now, now + Duration::days(i64::from(d))))
            }
            Some(_) => return Err(bad("expiringWithinDays must be between 0 and 366")),
        };
        let filter = SubscriptionFilter {
            status: status.map(|s| s.as_str().to_string()),
            location_id,
            customer_id,
            expiring,
        };
        let pool = &api(ctx).pool;
        let mut rows = billing_queries::subscriptions_page(pool, &filter, first, after)
            .await
            .map_err(gql)?;
        let has_next_page = rows.len() as i64 > first;
        rows.truncate(first as usize);
        let total = if wants_total(ctx) {
            billing_queries::count_subscriptions(pool, &filter)
                .await
                .map_err(gql)?
        } else {
            0
        };
        let rows = rows
            .into_iter()
            .map(|r| (cursor::encode(&[&r.expiry.to_rfc3339(), &r.id]), r.into()))
            .collect();
        Ok(SubscriptionConnection::new(rows, has_next_page, total))
    }

    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn subscription(&self, ctx: &Context<'_>, id: String) -> Result<Option<Subscription>> {
        Ok(billing_queries::subscription(&api(ctx).pool, &id)
            .await
            .map_err(gql)?
            .map(Into::into))
    }
}

/// Refuses usernames a subscription at the location already has (the router would
/// refuse the second account with the same name).
async fn ensure_free(api: &ApiContext, location_id: &str, usernames: &[String]) -> Result<()> {
    let taken = billing_queries::usernames_taken(&api.pool, location_id, usernames)
        .await
        .map_err(gql)?;
    if taken.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = taken.iter().take(10).map(String::as_str).collect();
    Err(gql(ApiError::Conflict(format!(
        "already used at this location: {}",
        shown.join(", ")
    ))))
}

/// A username from the input, or drawn from its pattern until one is free.
async fn username(
    api: &ApiContext,
    location_id: &str,
    i: &CreateSubscriptionInput,
) -> Result<String> {
    match (&i.username, &i.username_pattern) {
        (Some(u), _) => Ok(u.trim().to_string()),
        (None, Some(pattern)) => {
            for _ in 0..5 {
                let u = username_from_pattern(pattern.trim())?;
                let taken = billing_queries::usernames_taken(
                    &api.pool,
                    location_id,
                    std::slice::from_ref(&u),
                )
                .await
                .map_err(gql)?;
                if taken.is_empty() {
                    return Ok(u);
                }
            }
            Err(gql(ApiError::Conflict(
                "no free username left for this pattern; add more '#'".into(),
            )))
        }
        (None, None) => Err(bad("username or usernamePattern is required")),
    }
}

/// The customer (active) and the location the subscription goes to.
async fn owner(api: &ApiContext, customer_id: &str, location_id: Option<String>) -> Result<String> {
    let customer = customers::require_active(&api.bus, customer_id.trim())
        .await
        .map_err(gql)?;
    let location_id = location_id
        .or_else(|| customer.details.map(|d| d.location_id))
        .unwrap_or_default();
    locations::require_active(&api.bus, &location_id)
        .await
        .map_err(gql)?;
    Ok(location_id)
}

#[derive(Default)]
pub struct SubscriptionMutation;

#[Object]
impl SubscriptionMutation {
    /// A PPPoE or hotspot account; the password is generated when left out.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn create_subscription(
        &self,
        ctx: &Context<'_>,
        input: CreateSubscriptionInput,
    ) -> Result<Subscription> {
        let api = api(ctx);
        let location_id = owner(api, &input.customer_id, input.location_id.clone()).await?;
        let username = username(api, &location_id, &input).await?;
        ensure_free(api, &location_id, std::slice::from_ref(&username)).await?;
        let kind: SubscriptionKind = input.kind.into();
        let spec = SubscriptionSpec {
            kind,
            customer_id: input.customer_id,
            plan: plan(&api.pool, &location_id, kind, input.plan).await?,
            location_id,
            username,
            password: input.password.unwrap_or_else(generated_password),
            starts_at: input
                .starts_at
                .unwrap_or_else(|| api.job_context.clock.now()),
            expires_at: input.expires_at,
            auto_renew: input.auto_renew,
        };
        let (id, written) = subscriptions::create(&api.bus, spec, &metadata(ctx))
            .await
            .map_err(gql)?;
        subscription_after(ctx, &id, written).await
    }

    /// Up to 500 numbered accounts for one customer, all or none: every account is checked
    /// before any is written, and they are written in one transaction.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn create_subscriptions(
        &self,
        ctx: &Context<'_>,
        input: CreateSubscriptionsInput,
    ) -> Result<Vec<Subscription>> {
        let api = api(ctx);
        let usernames = numbered_usernames(&input.prefix, input.start, input.count, input.digits)?;
        let location_id = owner(api, &input.customer_id, input.location_id.clone()).await?;
        let kind: SubscriptionKind = input.kind.into();
        let plan = plan(&api.pool, &location_id, kind, input.plan).await?;
        let starts_at = input
            .starts_at
            .unwrap_or_else(|| api.job_context.clock.now());
        let mut items = Vec::with_capacity(usernames.len());
        for username in &usernames {
            let spec = SubscriptionSpec {
                kind,
                customer_id: input.customer_id.trim().to_string(),
                location_id: location_id.clone(),
                username: username.clone(),
                password: input.password.clone().unwrap_or_else(generated_password),
                plan: plan.clone(),
                starts_at,
                expires_at: input.expires_at,
                auto_renew: input.auto_renew,
            };
            let spec = spec
                .validated()
                .map_err(|e| bad(format!("{username}: {e}")))?;
            let id = Uuid::new_v4().to_string();
            items.push((id, spec));
        }
        ensure_free(api, &location_id, &usernames).await?;
        let ids: Vec<String> = items.iter().map(|(id, _)| id.clone()).collect();
        write_all(
            api,
            items,
            &metadata(ctx).with_command("CreateSubscription"),
        )
        .await?;
        let written = head(ctx, SubscriptionAggregate::TYPE, &ids).await?;
        api.settle_within(names::SUBSCRIPTIONS, written, api.read_your_writes * 5)
            .await;
        let mut rows = billing_queries::subscriptions_by_ids(&api.pool, &ids)
            .await
            .map_err(gql)?;
        // Each stream is new: a row that exists holds its creation. While some do not,
        // every row is folded from the committed events (one read), as the projector will.
        if rows.len() < ids.len() {
            rows = fold_streams::<Subscriptions>(&api.pool, SubscriptionAggregate::TYPE, &ids)
                .await
                .map_err(|e| gql(ApiError::internal(e)))?;
            rows.sort_by(|a, b| a.username.cmp(&b.username));
        }
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The new plan is billed from the next renewal; the paid period keeps its expiry.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn change_subscription_plan(
        &self,
        ctx: &Context<'_>,
        id: String,
        plan: PlanInput,
    ) -> Result<Subscription> {
        let api = api(ctx);
        let current: SubscriptionAggregate = api.bus.load(&id).await.map_err(gql)?;
        let created = current
            .created
            .ok_or_else(|| gql(ApiError::NotFound("subscription not found".into())))?;
        let plan = crate::billing_inputs::plan(&api.pool, &created.location_id, created.kind, plan)
            .await?;
        let written = subscriptions::change_plan(&api.bus, &id, plan, &metadata(ctx))
            .await
            .map_err(gql)?;
        subscription_after(ctx, &id, written).await
    }

    /// Auto-renew from the customer's credit, only when the credit covers the price.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn set_subscription_auto_renew(
        &self,
        ctx: &Context<'_>,
        id: String,
        enabled: bool,
    ) -> Result<Subscription> {
        let written = subscriptions::set_auto_renew(&api(ctx).bus, &id, enabled, &metadata(ctx))
            .await
            .map_err(gql)?;
        subscription_after(ctx, &id, written).await
    }

    /// Stops billing; the router account is removed or disabled by policy.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn cancel_subscription(
        &self,
        ctx: &Context<'_>,
        id: String,
        reason: String,
    ) -> Result<Subscription> {
        let written = subscriptions::cancel(&api(ctx).bus, &id, &reason, &metadata(ctx))
            .await
            .map_err(gql)?;
        subscription_after(ctx, &id, written).await
    }
}

/// Appends every creation (and claims every username) in one transaction; one refusal
/// writes none.
async fn write_all(
    api: &ApiContext,
    items: Vec<(String, SubscriptionSpec)>,
    meta: &tagih_commands::Metadata,
) -> Result<()> {
    let mut tx = api.pool.begin().await.map_err(gql)?;
    let results = subscriptions::create_many(&mut tx, items, meta)
        .await
        .map_err(gql)?;
    if let Some(e) = results.into_iter().find_map(Result::err) {
        return Err(gql(CommandError::from_domain(e)));
    }
    tx.commit().await.map_err(gql)?;
    Ok(())
}
