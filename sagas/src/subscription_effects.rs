//! Subscriptions on their router: a saga that turns every change of a subscription into an
//! outbox row, and a handler that makes the router match the subscription's *current*
//! state (so rows may repeat or arrive in any order): a `/ppp/secret` (PPPoE) or named
//! `/ip/hotspot/user`, enabled with `PPPOE_SYSTEM|<customer>|<subscription>|<expiry_unix>`
//! while active or in grace, disabled with its sessions ended when disabled, removed (or
//! disabled, by policy) when cancelled. Outcomes are recorded as `RecordRouterState`.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use tagih_aggregates::subscription::{
    RouterAccountState, Subscription, SubscriptionCommand, SubscriptionEvent as E,
    SubscriptionKind, SubscriptionStatus,
};
use tagih_commands::{CommandBus, Metadata, SecretBox};
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
}

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

#[async_trait]
impl OutboxHandler for SubscriptionEffectsHandler {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn handle(&self, location_id: &str, rows: &[OutboxRow]) -> Vec<Outcome> {
        let every = |o: Outcome| vec![o; rows.len()];
        let router = match crate::routers::target(self.bus.pool(), &self.secrets, location_id).await
        {
            Ok(r) => r,
            Err(e) => return every(crate::routers::outcome_of(e)),
        };
        // One sync per subscription, whatever number of rows asked for it.
        let mut wanted: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut outcomes: Vec<Option<Outcome>> = vec![None; rows.len()];
        for (i, row) in rows.iter().enumerate() {
            match serde_json::from_value::<SyncPayload>(row.payload.clone()) {
                Ok(p) => wanted.entry(p.subscription_id).or_default().push(i),
                Err(e) => outcomes[i] = Some(Outcome::Dead(format!("malformed payload: {e}"))),
            }
        }
        for (id, indexes) in wanted {
            let outcome = self.sync_one(&router, &id).await;
            for i in indexes {
                outcomes[i] = Some(outcome.clone());
            }
        }
        outcomes
            .into_iter()
            .map(|o| o.unwrap_or(Outcome::Retry("no outcome".into())))
            .collect()
    }
}

impl SubscriptionEffectsHandler {
    async fn sync_one(&self, router: &crate::ports::RouterTarget, id: &str) -> Outcome {
        let s: Subscription = match self.bus.load(id).await {
            Ok(s) => s,
            Err(e) => return Outcome::Retry(format!("cannot load subscription: {e}")),
        };
        let Some((table, change, state)) = desired(&s, id, &self.pppoe_marker, self.cancel_policy)
        else {
            return Outcome::Dead("subscription not found".into());
        };
        let result = match self
            .gateway
            .apply_user_changes(router, table, &[change])
            .await
        {
            Ok(mut r) => r
                .pop()
                .unwrap_or(Err(RouterError::Transient("no result".into()))),
            Err(e) => Err(e),
        };
        match result {
            Ok(_) => {}
            Err(RouterError::Unreachable(e)) => return Outcome::Wait(e),
            Err(e) => return Outcome::Retry(e.to_string()),
        }
        let meta = Metadata::system("saga:subscription_router_effects");
        let cmd = SubscriptionCommand::RecordRouterState { state };
        match self
            .bus
            .execute::<Subscription>(id, cmd, &meta.with_command("RecordRouterState"))
            .await
        {
            Ok(_) => Outcome::Done,
            Err(e) => Outcome::Retry(format!("recording outcome failed: {e}")),
        }
    }
}
