//! The router side of locations: health, drift, live sessions, PPP profiles, sync and
//! jobs.

use async_graphql::{Context, Object, Result, Subscription};
use futures::stream::{BoxStream, StreamExt};
use rust_decimal::Decimal;
use tagih_aggregates::Role;
use tagih_app::{jobs, routers};
use tagih_projections::{names, router_queries};
use tokio_stream::wrappers::BroadcastStream;

use crate::auth::RoleGuard;
use crate::context::{api, metadata};
use crate::error::gql;
use crate::router_types::{ActiveSession, DriftReport, JobRun, LocationHealth, PppProfile};

#[derive(Default)]
pub struct RouterQuery;

#[Object]
impl RouterQuery {
    /// What the last router sync found different between the router and Tagih.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn drift_report(
        &self,
        ctx: &Context<'_>,
        location_id: String,
    ) -> Result<Option<DriftReport>> {
        Ok(router_queries::drift(&api(ctx).pool, &location_id)
            .await
            .map_err(gql)?
            .map(Into::into))
    }

    /// Live hotspot and PPP sessions as the poller last saw them.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn active_sessions(
        &self,
        ctx: &Context<'_>,
        location_id: String,
    ) -> Result<Vec<ActiveSession>> {
        Ok(router_queries::sessions(&api(ctx).pool, &location_id)
            .await
            .map_err(gql)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn ppp_profiles(
        &self,
        ctx: &Context<'_>,
        location_id: String,
    ) -> Result<Vec<PppProfile>> {
        Ok(router_queries::ppp_profiles(&api(ctx).pool, &location_id)
            .await
            .map_err(gql)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// The latest runs of every scheduled job (newest first, five per job).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn jobs(&self, ctx: &Context<'_>) -> Result<Vec<JobRun>> {
        Ok(jobs::recent(api(ctx), 5)
            .await
            .map_err(gql)?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

#[derive(Default)]
pub struct RouterMutation;

#[Object]
impl RouterMutation {
    /// Syncs one router now: token, profiles and on-login script, first logins, drift
    /// (repaired to Tagih's view when `repair`). Returns the run's summary.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn sync_router(
        &self,
        ctx: &Context<'_>,
        location_id: String,
        #[graphql(default)] repair: bool,
    ) -> Result<String> {
        routers::sync(api(ctx), &location_id, repair)
            .await
            .map_err(gql)
    }

    /// Hands the router's hotspot profile `name`, which Tagih does not manage (no marker),
    /// to Tagih: records what it held (`VoucherProfileRouterProfileAdopted`, in the audit
    /// trail), imports it when Tagih has no profile of that name, and syncs the router so it
    /// gets Tagih's script and rate limit.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn adopt_router_profile(
        &self,
        ctx: &Context<'_>,
        location_id: String,
        name: String,
    ) -> Result<bool> {
        routers::adopt_profile(api(ctx), &location_id, &name, &metadata(ctx))
            .await
            .map_err(gql)?;
        Ok(true)
    }

    /// Issues a new webhook token; routers get it with the next sync.
    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn rotate_router_token(&self, ctx: &Context<'_>, location_id: String) -> Result<bool> {
        routers::rotate_token(api(ctx), &location_id, &metadata(ctx))
            .await
            .map_err(gql)?;
        Ok(true)
    }

    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn set_ppp_profile_price(
        &self,
        ctx: &Context<'_>,
        id: String,
        price: Decimal,
        #[graphql(desc = "What one period costs the operator; left unchanged when absent.")]
        cost_price: Option<Decimal>,
    ) -> Result<bool> {
        routers::set_ppp_profile_price(api(ctx), &id, price, cost_price, &metadata(ctx))
            .await
            .map_err(gql)?;
        Ok(true)
    }

    /// Runs a scheduled job now; null when another instance is running it.
    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn run_job(&self, ctx: &Context<'_>, name: String) -> Result<Option<JobRun>> {
        Ok(jobs::run(api(ctx), &name)
            .await
            .map_err(gql)?
            .map(Into::into))
    }
}

#[derive(Default)]
pub struct RouterSubscription;

#[Subscription]
impl RouterSubscription {
    /// The location's health each time the health job records a change.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn location_health(
        &self,
        ctx: &Context<'_>,
        location_id: String,
    ) -> BoxStream<'static, LocationHealth> {
        let api = api(ctx).clone();
        let mut rx = api.progress.subscribe(names::LOCATION_HEALTH);
        let seen = rx.borrow_and_update().position;
        futures::stream::unfold(
            (api, rx, seen, location_id),
            |(api, mut rx, mut seen, location_id)| async move {
                loop {
                    rx.changed().await.ok()?;
                    rx.borrow_and_update();
                    match router_queries::location_health(&api.pool, &location_id).await {
                        Ok(Some(row)) if row.last_position > seen => {
                            seen = row.last_position;
                            return Some((row.into(), (api, rx, seen, location_id)));
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "locationHealth query failed"),
                    }
                }
            },
        )
        .boxed()
    }

    /// The location's live sessions each time the poller sees them change.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn active_sessions_changed(
        &self,
        ctx: &Context<'_>,
        location_id: String,
    ) -> BoxStream<'static, Vec<ActiveSession>> {
        let api = api(ctx).clone();
        BroadcastStream::new(api.sessions.subscribe())
            .filter_map(move |changed| {
                let (api, location_id) = (api.clone(), location_id.clone());
                async move {
                    // A lagging receiver only missed notifications: re-read anyway.
                    if changed.as_ref().is_ok_and(|l| *l != location_id) {
                        return None;
                    }
                    router_queries::sessions(&api.pool, &location_id)
                        .await
                        .ok()
                        .map(|rows| rows.into_iter().map(Into::into).collect())
                }
            })
            .boxed()
    }
}
