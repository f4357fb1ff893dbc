//! Subscriptions: create for an active customer at an active location, change plan,
//! auto-renew, renew (payment flow), grace and disable (scheduler), cancel.

use chrono::{DateTime, Utc};
use tagih_aggregates::subscription::{
    Plan, RenewalRequest, RouterAccountState, Subscription, SubscriptionCommand as C,
    SubscriptionSpec,
};
use uuid::Uuid;

use crate::account_names;
use crate::bulk::{Appended, execute_many};
use crate::bus::{CommandBus, Written, jitter};
use crate::customers;
use crate::error::CommandError;
use crate::locations;
use crate::metadata::Metadata;

pub async fn create(
    bus: &CommandBus,
    spec: SubscriptionSpec,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    customers::require_active(bus, spec.customer_id.trim()).await?;
    locations::require_active(bus, spec.location_id.trim()).await?;
    let id = Uuid::new_v4().to_string();
    let (location, username) = (spec.location_id.trim().to_string(), spec.username.clone());
    account_names::claim(&mut *bus.pool().acquire().await?, &location, &username, &id).await?;
    let written = bus
        .execute::<Subscription>(
            &id,
            C::CreateSubscription(spec),
            &meta.with_command("CreateSubscription"),
        )
        .await;
    if written.is_err() {
        account_names::release(bus.pool(), &location, &username, &id).await;
    }
    Ok((id, written?))
}

/// Creates many subscriptions in one transaction with their usernames claimed in it: all
/// or none. Per item, the domain's answer, and where the last event landed (the caller
/// turns any refusal into an error and the transaction is then dropped, releasing the
/// claims).
pub async fn create_many(
    conn: &mut sqlx::PgConnection,
    items: Vec<(String, SubscriptionSpec)>,
    meta: &Metadata,
) -> Result<Appended<Subscription>, CommandError> {
    for (id, spec) in &items {
        account_names::claim(&mut *conn, spec.location_id.trim(), &spec.username, id).await?;
    }
    let commands = items
        .into_iter()
        .map(|(id, spec)| (id, C::CreateSubscription(spec)))
        .collect();
    execute_many::<Subscription>(conn, commands, &meta.with_command("CreateSubscription")).await
}

/// The new plan is billed from the next renewal; the paid period keeps its expiry.
pub async fn change_plan(
    bus: &CommandBus,
    id: &str,
    plan: Plan,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::ChangePlan(plan);
    bus.execute::<Subscription>(id, cmd, &meta.with_command("ChangePlan"))
        .await
}

pub async fn set_auto_renew(
    bus: &CommandBus,
    id: &str,
    enabled: bool,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::SetAutoRenew { enabled };
    bus.execute::<Subscription>(id, cmd, &meta.with_command("SetAutoRenew"))
        .await
}

/// Extends the subscription for a payment; once per `request.reference` (the invoice id).
pub async fn renew(
    bus: &CommandBus,
    id: &str,
    request: RenewalRequest,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::RenewSubscription(request);
    bus.execute::<Subscription>(id, cmd, &meta.with_command("RenewSubscription"))
        .await
}

/// Scheduler: an expired active subscription enters grace (no-op when already past it).
pub async fn enter_grace(
    bus: &CommandBus,
    id: &str,
    now: DateTime<Utc>,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::EnterGrace { now };
    bus.execute::<Subscription>(id, cmd, &meta.with_command("EnterGrace"))
        .await
}

/// Scheduler: disables a subscription whose grace of `grace_days` has ended.
pub async fn disable(
    bus: &CommandBus,
    id: &str,
    now: DateTime<Utc>,
    grace_days: u32,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::DisableSubscription { now, grace_days };
    bus.execute::<Subscription>(id, cmd, &meta.with_command("DisableSubscription"))
        .await
}

pub async fn cancel(
    bus: &CommandBus,
    id: &str,
    reason: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::CancelSubscription {
        reason: reason.to_string(),
    };
    bus.execute::<Subscription>(id, cmd, &meta.with_command("CancelSubscription"))
        .await
}

/// Many subscriptions as they are now, by id, in one query (absent ids are left out).
pub async fn load_many(
    bus: &CommandBus,
    ids: &[String],
) -> Result<std::collections::HashMap<String, Subscription>, CommandError> {
    let mut conn = bus.pool().acquire().await?;
    let states = crate::bulk::load_many::<Subscription>(&mut conn, ids).await?;
    Ok(states.into_iter().map(|(id, (s, _))| (id, s)).collect())
}

/// Records what the router-effects worker left on the router for many subscriptions in
/// one transaction, retried as a whole when one of the streams moved meanwhile. A state
/// already recorded is a no-op.
pub async fn record_router_states(
    bus: &CommandBus,
    states: &[(String, RouterAccountState)],
    meta: &Metadata,
) -> Result<(), CommandError> {
    if states.is_empty() {
        return Ok(());
    }
    let items: Vec<(String, C)> = states
        .iter()
        .map(|(id, state)| {
            let cmd = C::RecordRouterState {
                state: state.clone(),
            };
            (id.clone(), cmd)
        })
        .collect();
    let meta = meta.with_command("RecordRouterState");
    for attempt in 1..=5 {
        let mut tx = bus.pool().begin().await?;
        match execute_many::<Subscription>(&mut tx, items.clone(), &meta).await {
            Ok(_) => return Ok(tx.commit().await?),
            Err(CommandError::Conflict(_)) if attempt < 5 => jitter(attempt).await,
            Err(e) => return Err(e),
        }
    }
    Err(CommandError::Conflict("subscription"))
}
