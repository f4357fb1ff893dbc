//! Subscriptions: lists (status, location, customer, expiring within N days); create one
//! or a numbered bulk (operators too); plan, auto-renew and cancel (admins).

use async_graphql::{Context, Object, Result};
use chrono::{DateTime, Duration, Utc};
use tagih_aggregates::Role;
use tagih_aggregates::subscription::SubscriptionKind;
use tagih_app::subscriptions::{self, PlanRequest, Username};
use tagih_projections::billing_queries::{self, SubscriptionFilter};

use super::{page_size, wants_total};
use crate::auth::RoleGuard;
use crate::billing_inputs::{
    CreateSubscriptionInput, CreateSubscriptionsInput, PlanInput, bad, cycle,
};
use crate::billing_types::{Subscription, SubscriptionConnection, SubscriptionStatusName, cursor};
use crate::context::{api, metadata};
use crate::error::gql;

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
                let now = api(ctx).clock.now();
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

/// The shared terms of one or many new subscriptions, as the use cases take them.
fn terms(
    customer_id: String,
    location_id: Option<String>,
    kind: SubscriptionKind,
    password: Option<String>,
    plan: PlanInput,
    (starts_at, expires_at, auto_renew): (Option<DateTime<Utc>>, Option<DateTime<Utc>>, bool),
) -> Result<subscriptions::Terms> {
    Ok(subscriptions::Terms {
        customer_id,
        location_id,
        kind,
        password,
        plan: plan_request(plan)?,
        starts_at,
        expires_at,
        auto_renew,
    })
}

fn plan_request(plan: PlanInput) -> Result<PlanRequest> {
    Ok(PlanRequest {
        profile: plan.profile,
        price: plan.price,
        cycle: cycle(plan.cycle, plan.cycle_days)?,
    })
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
        let username = match (input.username, input.username_pattern) {
            (Some(u), _) => Username::Given(u),
            (None, Some(pattern)) => Username::Pattern(pattern),
            (None, None) => return Err(bad("username or usernamePattern is required")),
        };
        let terms = terms(
            input.customer_id,
            input.location_id,
            input.kind.into(),
            input.password,
            input.plan,
            (input.starts_at, input.expires_at, input.auto_renew),
        )?;
        let row = subscriptions::create(&api(ctx).app, terms, username, &metadata(ctx))
            .await
            .map_err(gql)?;
        Ok(row.into())
    }

    /// Up to 500 numbered accounts for one customer, all or none: every account is checked
    /// before any is written, and they are written in one transaction.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn create_subscriptions(
        &self,
        ctx: &Context<'_>,
        input: CreateSubscriptionsInput,
    ) -> Result<Vec<Subscription>> {
        let usernames = subscriptions::numbered_usernames(
            &input.prefix,
            input.start,
            input.count,
            input.digits,
        )
        .map_err(gql)?;
        let terms = terms(
            input.customer_id,
            input.location_id,
            input.kind.into(),
            input.password,
            input.plan,
            (input.starts_at, input.expires_at, input.auto_renew),
        )?;
        let meta = metadata(ctx).with_command("CreateSubscription");
        let rows = subscriptions::create_many(&api(ctx).app, terms, usernames, &meta)
            .await
            .map_err(gql)?;
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
        let row =
            subscriptions::change_plan(&api(ctx).app, &id, plan_request(plan)?, &metadata(ctx))
                .await
                .map_err(gql)?;
        Ok(row.into())
    }

    /// Auto-renew from the customer's credit, only when the credit covers the price.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn set_subscription_auto_renew(
        &self,
        ctx: &Context<'_>,
        id: String,
        enabled: bool,
    ) -> Result<Subscription> {
        let row = subscriptions::set_auto_renew(&api(ctx).app, &id, enabled, &metadata(ctx))
            .await
            .map_err(gql)?;
        Ok(row.into())
    }

    /// Stops billing; the router account is removed or disabled by policy.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn cancel_subscription(
        &self,
        ctx: &Context<'_>,
        id: String,
        reason: String,
    ) -> Result<Subscription> {
        let row = subscriptions::cancel(&api(ctx).app, &id, &reason, &metadata(ctx))
            .await
            .map_err(gql)?;
        Ok(row.into())
    }
}
