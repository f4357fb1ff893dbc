//! Subscriptions on their router: a saga that turns every change of a subscription into an
//! outbox row, and a handler that makes the router match the subscription's *current*
//! state (so rows may repeat or arrive in any order): a `/ppp/secret` (PPPoE) or named
//! `/ip/hotspot/user`, enabled with `PPPOE_SYSTEM|<customer>|<subscription>|<expiry_unix>`
//! while active or in grace, disabled with its sessions ended when disabled, removed (or
//! disabled, by policy) when cancelled. Outcomes are recorded as `RecordRouterState`.
//! A batch of a router's rows is applied as one: two pipelined rounds, however many
//! subscriptions (docs/adr/0025-every-router-change-pipelined.md).

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use tagih_aggregates::subscription::{
    RouterAccountState, Subscription, SubscriptionEvent as E, SubscriptionKind, SubscriptionStatus,
};
use tagih_commands::{CommandBus, Metadata, SecretBox, subscriptions};
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

use crate::outbox::{NewOutboxRow, OutboxRow, enqueue_many};
use crate::ports::{RouterError, RouterGateway, UserChange, UserTable};
use crate::stream_origin::locations_of;
use crate::voucher_effects::CleanupPolicy;
use crate::worker::{OutboxHandler, Outcome};

pub const SAGA_NAME: &str = "saga_subscription_router_effects";
pub const KIND: &str = "router.subscription_sync";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SyncPayload {
    pub subscription_id: String,
}

pub struct SubscriptionEffectsSaga;

/// Events that change what the router should have.
const ROUTER_EVENTS: &[&str] = &[
    E::SUBSCRIPTION_CREATED,
    E::SUBSCRIPTION_PLAN_CHANGED,
    E::SUBSCRIPTION_RENEWED,
    E::SUBSCRIPTION_REACTIVATED,
    E::SUBSCRIPTION_DISABLED,
    E::SUBSCRIPTION_CANCELLED,
];

fn touches_router(event_type: &str) -> bool {
    ROUTER_EVENTS.contains(&event_type)
}

#[async_trait]
impl Projector for SubscriptionEffectsSaga {
    fn name(&self) -> &'static str {
        SAGA_NAME
    }

    fn interests(&self) -> Interests {
        Interests::events_of::<Subscription>(ROUTER_EVENTS)
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        let relevant: Vec<&StoredEvent> = events
            .iter()
            .filter(|e| e.is::<Subscription>() && touches_router(&e.event_type))
            .collect();
        if relevant.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = relevant.iter().map(|e| e.aggregate_id.clone()).collect();
        let locations = locations_of::<Subscription>(conn, E::SUBSCRIPTION_CREATED, &ids).await?;
        let mut rows = Vec::new();
        for ev in relevant {
            let Some(location) = locations.get(&ev.aggregate_id) else {
                continue;
            };
            rows.push(NewOutboxRow {
                idempotency_key: format!("subscription:{}:{}", ev.aggregate_id, ev.position),
                kind: KIND,
                partition_key: location.clone(),
                payload: serde_json::to_value(SyncPayload {
                    subscription_id: ev.aggregate_id.clone(),
                })
                .map_err(|e| ProjectionError::Other(e.to_string()))?,
                causation_position: ev.position,
                delay_secs: 0,
            });
        }
        enqueue_many(conn, &rows).await?;
        Ok(())
    }
}

pub struct SubscriptionEffectsHandler {
    pub bus: Arc<CommandBus>,
    pub secrets: SecretBox,
    pub gateway: Arc<dyn RouterGateway>,
    /// What a cancellation does to the account on the router.
    pub cancel_policy: CleanupPolicy,
    pub pppoe_marker: String,
    /// Rows claimed per router at once, all applied in the same two rounds; 1 sends
    /// subscriptions one at a time (the router bench's baseline).
    pub batch_size: i64,
}

/// Rows per batch: as voucher provisioning, whose 500 adds are one pipelined round.
pub const DEFAULT_BATCH_SIZE: i64 = 500;

/// The change that makes the router match `s`, and the state it leaves.
pub fn desired(
    s: &Subscription,
    id: &str,
    marker: &str,
    cancel_policy: CleanupPolicy,
) -> Option<(UserTable, UserChange, RouterAccountState)> {
    let (created, plan, expiry) = (s.created.as_ref()?, s.plan.as_ref()?, s.expiry?);
    let table = match created.kind {
        SubscriptionKind::Pppoe => UserTable::Ppp,
        SubscriptionKind::Hotspot => UserTable::Hotspot,
    };
    let name = created.username.clone();
    let removed =
        s.status == SubscriptionStatus::Cancelled && cancel_policy == CleanupPolicy::Remove;
    if removed {
        return Some((
            table,
            UserChange::Remove { name },
            RouterAccountState::Removed,
        ));
    }
    let enabled = matches!(
        s.status,
        SubscriptionStatus::Active | SubscriptionStatus::Grace
    );
    let comment = format!(
        "{marker}|{}|{id}|{}",
        created.customer_id,
        expiry.timestamp()
    );
    let mut fields = vec![
        ("password".to_string(), created.password.clone()),
        ("profile".to_string(), plan.profile.clone()),
        ("comment".to_string(), comment),
        (
            "disabled".to_string(),
            if enabled { "no" } else { "yes" }.to_string(),
        ),
    ];
    if table == UserTable::Ppp {
        fields.push(("service".to_string(), "pppoe".to_string()));
    }
    let state = if enabled {
        RouterAccountState::Enabled { expiry }
    } else {
        RouterAccountState::Disabled
    };
    Some((
        table,
        UserChange::Upsert {
            name,
            fields,
            kick: !enabled,
        },
        state,
    ))
}

/// One subscription of a batch: the rows that asked for it and, once known, its change.
struct Wanted {
    id: String,
    rows: Vec<usize>,
}

#[async_trait]
impl OutboxHandler for SubscriptionEffectsHandler {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn batch_size(&self) -> i64 {
        self.batch_size.max(1)
    }

    /// The whole batch of one router in two pipelined rounds (ADR 0025): every subscription
    /// is loaded in one query, its accounts looked up by name in one round and written in
    /// another, and the outcomes recorded in one transaction. One refused account fails
    /// only its own rows.
    async fn handle(&self, location_id: &str, rows: &[OutboxRow]) -> Vec<Outcome> {
        let every = |o: Outcome| vec![o; rows.len()];
        let router = match crate::routers::target(self.bus.pool(), &self.secrets, location_id).await
        {
            Ok(r) => r,
            Err(e) => return every(crate::routers::outcome_of(e)),
        };
        let mut outcomes: Vec<Option<Outcome>> = vec![None; rows.len()];
        let wanted = group(rows, &mut outcomes);
        let ids: Vec<String> = wanted.iter().map(|w| w.id.clone()).collect();
        let subs = match subscriptions::load_many(&self.bus, &ids).await {
            Ok(s) => s,
            Err(e) => return every(Outcome::Retry(format!("cannot load subscriptions: {e}"))),
        };
        let mut work: Vec<(&Wanted, RouterAccountState)> = Vec::new();
        let mut changes: Vec<(UserTable, UserChange)> = Vec::new();
        for w in &wanted {
            let desired = subs
                .get(&w.id)
                .and_then(|s| desired(s, &w.id, &self.pppoe_marker, self.cancel_policy));
            match desired {
                Some((table, change, state)) => {
                    work.push((w, state));
                    changes.push((table, change));
                }
                None => set(
                    &mut outcomes,
                    w,
                    Outcome::Dead("subscription not found".into()),
                ),
            }
        }
        let results = match self.gateway.apply_account_changes(&router, &changes).await {
            Ok(r) => r,
            Err(RouterError::Unreachable(e)) => return fill(outcomes, Outcome::Wait(e)),
            Err(e) => return fill(outcomes, Outcome::Retry(e.to_string())),
        };
        let mut states = Vec::new();
        let no_result = || Err(RouterError::Transient("no result".into()));
        let results = results.into_iter().chain(std::iter::repeat_with(no_result));
        for ((w, state), result) in work.into_iter().zip(results) {
            let outcome = match result {
                Ok(_) => {
                    states.push((w.id.clone(), state));
                    Outcome::Done
                }
                // Never sent, or the connection died under it: the router may come back in
                // the middle of the batch; the rows wait and are looked up by name again.
                Err(RouterError::Unreachable(e)) => Outcome::Wait(e),
                Err(e) => {
                    let error = e.to_string();
                    states.push((w.id.clone(), RouterAccountState::Refused { error }));
                    Outcome::Retry(e.to_string())
                }
            };
            set(&mut outcomes, w, outcome);
        }
        let meta = Metadata::system("saga:subscription_router_effects");
        if let Err(e) = subscriptions::record_router_states(&self.bus, &states, &meta).await {
            tracing::error!(error = %e, "could not record router states; rows will be retried");
            let retry = Outcome::Retry(format!("recording outcome failed: {e}"));
            return outcomes
                .into_iter()
                .map(|o| match o {
                    Some(o @ (Outcome::Wait(_) | Outcome::Dead(_))) => o,
                    _ => retry.clone(),
                })
                .collect();
        }
        fill(outcomes, Outcome::Retry("no outcome".into()))
    }
}

/// One entry per subscription, in the order its first row was claimed; malformed rows are
/// dead at once.
fn group(rows: &[OutboxRow], outcomes: &mut [Option<Outcome>]) -> Vec<Wanted> {
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        match serde_json::from_value::<SyncPayload>(row.payload.clone()) {
            Ok(p) => match at.get(&p.subscription_id) {
                Some(&k) => wanted[k].rows.push(i),
                None => {
                    at.insert(p.subscription_id.clone(), wanted.len());
                    wanted.push(Wanted {
                        id: p.subscription_id,
                        rows: vec![i],
                    });
                }
            },
            Err(e) => outcomes[i] = Some(Outcome::Dead(format!("malformed payload: {e}"))),
        }
    }
    wanted
}

fn set(outcomes: &mut [Option<Outcome>], w: &Wanted, outcome: Outcome) {
    for &i in &w.rows {
        outcomes[i] = Some(outcome.clone());
    }
}

/// Every row without an outcome yet gets `rest`.
fn fill(outcomes: Vec<Option<Outcome>>, rest: Outcome) -> Vec<Outcome> {
    outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(|| rest.clone()))
        .collect()
}
