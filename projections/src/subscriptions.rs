//! Subscriptions: one row per PPPoE or hotspot account with its plan, current period and
//! status, for customer pages, expiry lists and username search.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::billing_cycle::BillingCycle;
use tagih_aggregates::subscription::Subscription;
use tagih_aggregates::subscription::{
    NewSubscription, Plan, RouterAccountState, SubscriptionEvent as E, SubscriptionKind,
};
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_json};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct SubscriptionRow {
    pub id: String,
    pub customer_id: String,
    pub location_id: String,
    /// PPPOE or HOTSPOT.
    pub kind: String,
    pub username: String,
    pub password: String,
    pub profile: String,
    pub price: Decimal,
    /// WEEKLY, MONTHLY or DAYS (with `cycle_days`).
    pub cycle: String,
    pub cycle_days: Option<i32>,
    pub anchor_day: i32,
    pub starts_at: DateTime<Utc>,
    pub expiry: DateTime<Utc>,
    /// ACTIVE, GRACE, DISABLED or CANCELLED.
    pub status: String,
    pub auto_renew: bool,
    pub renewals: i32,
    pub last_paid_at: Option<DateTime<Utc>>,
    pub grace_since: Option<DateTime<Utc>>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    /// What the router holds: ENABLED, DISABLED or REMOVED (absent until first converged).
    pub router_state: Option<String>,
    pub router_synced_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub created_position: i64,
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
}

const COLUMNS: &[&str] = &[
    "id",
    "customer_id",
    "location_id",
    "kind",
    "username",
    "password",
    "profile",
    "price",
    "cycle",
    "cycle_days",
    "anchor_day",
    "starts_at",
    "expiry",
    "status",
    "auto_renew",
    "renewals",
    "last_paid_at",
    "grace_since",
    "disabled_at",
    "cancel_reason",
    "router_state",
    "router_synced_at",
    "created_at",
    "created_position",
    "updated_at",
    "last_position",
];

/// The cycle as stored: (name, days for a custom cycle).
pub fn cycle_parts(c: BillingCycle) -> (&'static str, Option<i32>) {
    match c {
        BillingCycle::Weekly => ("WEEKLY", None),
        BillingCycle::Monthly => ("MONTHLY", None),
        BillingCycle::Days(n) => ("DAYS", Some(i32::from(n))),
    }
}

pub fn kind_name(k: SubscriptionKind) -> &'static str {
    match k {
        SubscriptionKind::Pppoe => "PPPOE",
        SubscriptionKind::Hotspot => "HOTSPOT",
    }
}

fn router_state_name(s: &RouterAccountState) -> &'static str {
    match s {
        RouterAccountState::Enabled { .. } => "ENABLED",
        RouterAccountState::Disabled => "DISABLED",
        RouterAccountState::Removed => "REMOVED",
    }
}

fn with_plan(row: SubscriptionRow, plan: Plan, anchor_day: u32) -> SubscriptionRow {
    let (cycle, cycle_days) = cycle_parts(plan.cycle);
    SubscriptionRow {
        profile: plan.profile,
        price: plan.price,
        cycle: cycle.to_string(),
        cycle_days,
        anchor_day: anchor_day as i32,
        ..row
    }
}

fn created(ev: &StoredEvent, s: NewSubscription) -> SubscriptionRow {
    let (cycle, cycle_days) = cycle_parts(s.plan.cycle);
    SubscriptionRow {
        id: ev.aggregate_id.clone(),
        customer_id: s.customer_id,
        location_id: s.location_id,
        kind: kind_name(s.kind).to_string(),
        username: s.username,
        password: s.password,
        profile: s.plan.profile,
        price: s.plan.price,
        cycle: cycle.to_string(),
        cycle_days,
        anchor_day: s.anchor_day as i32,
        starts_at: s.starts_at,
        expiry: s.expiry,
        status: "ACTIVE".to_string(),
        auto_renew: s.auto_renew,
        renewals: 0,
        last_paid_at: None,
        grace_since: None,
        disabled_at: None,
        cancel_reason: None,
        router_state: None,
        router_synced_at: None,
        created_at: ev.recorded_at,
        created_position: ev.position,
        updated_at: ev.recorded_at,
        last_position: 0,
    }
}

fn status(r: SubscriptionRow, s: &str) -> SubscriptionRow {
    SubscriptionRow {
        status: s.to_string(),
        ..r
    }
}

pub struct Subscriptions;

impl RowModel for Subscriptions {
    type Row = SubscriptionRow;
    const NAME: &'static str = crate::names::SUBSCRIPTIONS;
    const TABLE: &'static str = "rm_subscriptions";

    fn interests() -> Interests {
        Interests::of::<Subscription>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<Subscription>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &SubscriptionRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<SubscriptionRow>,
        ev: &StoredEvent,
    ) -> Result<Option<SubscriptionRow>, ProjectionError> {
        let mut row = match (ev.decode::<E>()?, row) {
            (E::SubscriptionCreated(s), _) => created(ev, s),
            (_, None) => return Ok(None),
            (E::SubscriptionPlanChanged { plan, anchor_day }, Some(r)) => {
                with_plan(r, plan, anchor_day)
            }
            (E::SubscriptionAutoRenewSet { enabled }, Some(r)) => SubscriptionRow {
                auto_renew: enabled,
                ..r
            },
            (
                E::SubscriptionRenewed {
                    paid_at,
                    new_expiry,
                    anchor_day,
                    ..
                },
                Some(r),
            ) => SubscriptionRow {
                expiry: new_expiry,
                anchor_day: anchor_day as i32,
                renewals: r.renewals + 1,
                last_paid_at: Some(paid_at),
                ..r
            },
            (E::SubscriptionReactivated { .. }, Some(r)) => SubscriptionRow {
                grace_since: None,
                disabled_at: None,
                ..status(r, "ACTIVE")
            },
            (E::SubscriptionEnteredGrace { at, .. }, Some(r)) => SubscriptionRow {
                grace_since: Some(at),
                ..status(r, "GRACE")
            },
            (E::SubscriptionDisabled { at, .. }, Some(r)) => SubscriptionRow {
                disabled_at: Some(at),
                ..status(r, "DISABLED")
            },
            (E::SubscriptionCancelled { reason }, Some(r)) => SubscriptionRow {
                cancel_reason: Some(reason),
                ..status(r, "CANCELLED")
            },
            (E::SubscriptionRouterUpdated { state }, Some(r)) => SubscriptionRow {
                router_state: Some(router_state_name(&state).to_string()),
                router_synced_at: Some(ev.recorded_at),
                ..r
            },
        };
        row.updated_at = ev.recorded_at;
        row.last_position = ev.position;
        Ok(Some(row))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, SubscriptionRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &SubscriptionRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<SubscriptionRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, COLUMNS, &rows).await
    }
}
