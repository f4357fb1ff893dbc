//! Subscription use cases: create one, create a numbered bulk (all or none), change the
//! plan, auto-renew, cancel. Each checks its preconditions on the write side (active customer and location,
//! usernames claimed in `account_names`, prices from the profiles' streams) and answers
//! with the read-model row that includes its write.

pub mod credentials;
pub mod plans;

use chrono::{DateTime, Utc};
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::subscription::{Subscription, SubscriptionKind, SubscriptionSpec};
use tagih_commands::{CommandError, Metadata, account_names, customers, locations, subscriptions};
use tagih_projections::fresh::fold_streams;
use tagih_projections::subscriptions::{SubscriptionRow, Subscriptions};
use uuid::Uuid;

use crate::App;
use crate::error::{AppError, AppResult};
pub use credentials::{MAX_BULK, generated_password, numbered_usernames};
pub use plans::PlanRequest;

/// How a new subscription gets its router username.
#[derive(Debug, Clone)]
pub enum Username {
    Given(String),
    /// `#` is replaced by a random digit; drawn again (up to 5 times) while taken.
    Pattern(String),
}

/// What one or many new subscriptions share.
#[derive(Debug, Clone)]
pub struct Terms {
    pub customer_id: String,
    /// Defaults to the customer's location.
    pub location_id: Option<String>,
    pub kind: SubscriptionKind,
    /// Generated per account when `None`.
    pub password: Option<String>,
    pub plan: PlanRequest,
    /// Default: now.
    pub starts_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub auto_renew: bool,
}

/// Creates one subscription.
pub async fn create(
    app: &App,
    terms: Terms,
    username: Username,
    meta: &Metadata,
) -> AppResult<SubscriptionRow> {
    let location_id = owner(app, &terms).await?;
    let username = match username {
        Username::Given(u) => {
            let u = u.trim().to_string();
            ensure_free(app, &location_id, std::slice::from_ref(&u)).await?;
            u
        }
        // Drawn until free: already checked.
        Username::Pattern(p) => free_from_pattern(app, &location_id, p.trim()).await?,
    };
    let plan = plans::resolve(app, &location_id, terms.kind, terms.plan.clone()).await?;
    let spec = spec(app, &terms, location_id, username, plan);
    let (id, written) = subscriptions::create(&app.bus, spec, meta).await?;
    app.answer_after::<Subscriptions>(Subscription::TYPE, &id, written, "subscription")
        .await
}

/// Creates one subscription per username (at most [`MAX_BULK`]) in one transaction: every
/// account is checked before any is written, and one refusal writes none.
pub async fn create_many(
    app: &App,
    terms: Terms,
    usernames: Vec<String>,
    meta: &Metadata,
) -> AppResult<Vec<SubscriptionRow>> {
    let location_id = owner(app, &terms).await?;
    let plan = plans::resolve(app, &location_id, terms.kind, terms.plan.clone()).await?;
    let mut items = Vec::with_capacity(usernames.len());
    for username in &usernames {
        let spec = spec(
            app,
            &terms,
            location_id.clone(),
            username.clone(),
            plan.clone(),
        )
        .validated()
        .map_err(|e| AppError::BadInput(format!("{username}: {e}")))?;
        items.push((Uuid::new_v4().to_string(), spec));
    }
    ensure_free(app, &location_id, &usernames).await?;
    let ids: Vec<String> = items.iter().map(|(id, _)| id.clone()).collect();
    let mut tx = app.pool.begin().await?;
    let appended = subscriptions::create_many(&mut tx, items, meta).await?;
    if let Some(e) = appended.results.into_iter().find_map(Result::err) {
        return Err(CommandError::from_domain(e).into());
    }
    tx.commit().await?;
    let written = appended.written.unwrap_or_default();
    app.settle_within(
        tagih_projections::names::SUBSCRIPTIONS,
        written,
        app.read_your_writes * 5,
    )
    .await;
    let mut rows =
        tagih_projections::billing_queries::subscriptions_by_ids(&app.pool, &ids).await?;
    // Each stream is new: a row that exists holds its creation. While some do not, every
    // row is folded from the committed events (one read), as the projector will.
    if rows.len() < ids.len() {
        rows = fold_streams::<Subscriptions>(&app.pool, Subscription::TYPE, &ids)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        rows.sort_by(|a, b| a.username.cmp(&b.username));
    }
    Ok(rows)
}

/// The new plan is billed from the next renewal; the paid period keeps its expiry.
pub async fn change_plan(
    app: &App,
    id: &str,
    plan: PlanRequest,
    meta: &Metadata,
) -> AppResult<SubscriptionRow> {
    let current: Subscription = app.bus.load(id).await?;
    let created = current
        .created
        .ok_or_else(|| AppError::NotFound("subscription not found".into()))?;
    let plan = plans::resolve(app, &created.location_id, created.kind, plan).await?;
    let written = subscriptions::change_plan(&app.bus, id, plan, meta).await?;
    app.answer_after::<Subscriptions>(Subscription::TYPE, id, written, "subscription")
        .await
}

/// Auto-renew from the customer's credit, only when the credit covers the price.
pub async fn set_auto_renew(
    app: &App,
    id: &str,
    enabled: bool,
    meta: &Metadata,
) -> AppResult<SubscriptionRow> {
    let written = subscriptions::set_auto_renew(&app.bus, id, enabled, meta).await?;
    app.answer_after::<Subscriptions>(Subscription::TYPE, id, written, "subscription")
        .await
}

/// Stops billing; the router account is removed or disabled by policy.
pub async fn cancel(
    app: &App,
    id: &str,
    reason: &str,
    meta: &Metadata,
) -> AppResult<SubscriptionRow> {
    let written = subscriptions::cancel(&app.bus, id, reason, meta).await?;
    app.answer_after::<Subscriptions>(Subscription::TYPE, id, written, "subscription")
        .await
}

fn spec(
    app: &App,
    terms: &Terms,
    location_id: String,
    username: String,
    plan: tagih_aggregates::subscription::Plan,
) -> SubscriptionSpec {
    SubscriptionSpec {
        kind: terms.kind,
        customer_id: terms.customer_id.trim().to_string(),
        location_id,
        username,
        password: terms.password.clone().unwrap_or_else(generated_password),
        plan,
        starts_at: terms.starts_at.unwrap_or_else(|| app.clock.now()),
        expires_at: terms.expires_at,
        auto_renew: terms.auto_renew,
    }
}

/// The customer (active) and the location the subscription goes to (active).
async fn owner(app: &App, terms: &Terms) -> AppResult<String> {
    let customer = customers::require_active(&app.bus, terms.customer_id.trim()).await?;
    let location_id = terms
        .location_id
        .clone()
        .or_else(|| customer.details.map(|d| d.location_id))
        .unwrap_or_default();
    locations::require_active(&app.bus, &location_id).await?;
    Ok(location_id)
}

/// Refuses usernames a subscription at the location already holds (the router would
/// refuse the second account with the same name). The claim at creation decides a race;
/// this answers the common case before anything is written, naming the names.
async fn ensure_free(app: &App, location_id: &str, usernames: &[String]) -> AppResult<()> {
    let taken = account_names::taken(&app.pool, location_id, usernames).await?;
    if taken.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = taken.iter().take(10).map(String::as_str).collect();
    Err(AppError::Conflict(format!(
        "already used at this location: {}",
        shown.join(", ")
    )))
}

/// A username drawn from `pattern` that no subscription at the location holds.
async fn free_from_pattern(app: &App, location_id: &str, pattern: &str) -> AppResult<String> {
    for _ in 0..5 {
        let u = credentials::username_from_pattern(pattern)?;
        if account_names::taken(&app.pool, location_id, std::slice::from_ref(&u))
            .await?
            .is_empty()
        {
            return Ok(u);
        }
    }
    Err(AppError::Conflict(
        "no free username left for this pattern; add more '#'".into(),
    ))
}
