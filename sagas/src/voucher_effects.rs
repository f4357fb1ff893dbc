//! The voucher's life on its router after provisioning: a saga that turns activation,
//! expiry and revocation into outbox rows, and the handler that writes the activation
//! comment back, disables expired users (ending their sessions) and removes them by the
//! cleanup policy, recording each outcome as a command.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use tagih_aggregates::voucher::{Voucher, VoucherEvent};
use tagih_commands::vouchers::{RouterOutcome, record_router_outcomes};
use tagih_commands::{CommandBus, Metadata, SecretBox};
use tagih_projections::router_queries;
use tagih_projections::vouchers::VoucherRow;
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

use crate::outbox::{NewOutboxRow, OutboxRow, enqueue_many};
use crate::ports::{RouterError, RouterGateway, UserChange, UserTable};
use crate::routeros_gateway::activated_comment;
use crate::stream_origin::locations_of;
use crate::worker::{OutboxHandler, Outcome};

pub const SAGA_NAME: &str = "saga_voucher_router_effects";
pub const KIND: &str = "router.voucher_effect";

/// What happens to expired vouchers on the router.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CleanupPolicy {
    /// Disabled at expiry and left so (the operator can see and reuse history).
    Disable,
    /// Disabled at expiry, removed after the delay.
    #[default]
    Remove,
}

#[derive(Debug, Clone, Copy)]
pub struct CleanupSettings {
    pub policy: CleanupPolicy,
    pub delay_secs: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Effect {
    WriteBack {
        first_login_at: DateTime<Utc>,
        valid_until: DateTime<Utc>,
    },
    Disable,
    Remove,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EffectPayload {
    pub voucher_id: String,
    #[serde(flatten)]
    pub effect: Effect,
}

pub struct VoucherEffectsSaga {
    pub cleanup: CleanupSettings,
}

impl VoucherEffectsSaga {
    fn rows_for(&self, ev: &StoredEvent) -> Result<Vec<(Effect, i64)>, ProjectionError> {
        Ok(match ev.decode::<VoucherEvent>()? {
            VoucherEvent::VoucherActivated {
                first_login_at,
                valid_until,
                ..
            } => vec![(
                Effect::WriteBack {
                    first_login_at,
                    valid_until,
                },
                0,
            )],
            VoucherEvent::VoucherExpired { .. } => match self.cleanup.policy {
                CleanupPolicy::Disable => vec![(Effect::Disable, 0)],
                CleanupPolicy::Remove => vec![
                    (Effect::Disable, 0),
                    (Effect::Remove, self.cleanup.delay_secs.max(0)),
                ],
            },
            VoucherEvent::VoucherRevoked { .. } => vec![(Effect::Remove, 0)],
            _ => vec![],
        })
    }
}

fn action(effect: &Effect) -> &'static str {
    match effect {
        Effect::WriteBack { .. } => "write_back",
        Effect::Disable => "disable",
        Effect::Remove => "remove",
    }
}

#[async_trait]
impl Projector for VoucherEffectsSaga {
    fn name(&self) -> &'static str {
        SAGA_NAME
    }

    fn interests(&self) -> Interests {
        Interests::of::<Voucher>()
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        let mut wanted = Vec::new();
        for ev in events.iter().filter(|e| e.is::<Voucher>()) {
            for (effect, delay_secs) in self.rows_for(ev)? {
                wanted.push((ev, effect, delay_secs));
            }
        }
        if wanted.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = wanted
            .iter()
            .map(|(e, ..)| e.aggregate_id.clone())
            .collect();
        let locations =
            locations_of::<Voucher>(conn, VoucherEvent::VOUCHER_GENERATED, &ids).await?;
        let mut rows = Vec::new();
        for (ev, effect, delay_secs) in wanted {
            {
                let Some(location) = locations.get(&ev.aggregate_id).cloned() else {
                    continue;
                };
                rows.push(NewOutboxRow {
                    idempotency_key: format!("voucher:{}:{}", ev.aggregate_id, action(&effect)),
                    kind: KIND,
                    partition_key: location,
                    payload: serde_json::to_value(EffectPayload {
                        voucher_id: ev.aggregate_id.clone(),
                        effect,
                    })
                    .map_err(|e| ProjectionError::Other(e.to_string()))?,
                    causation_position: ev.position,
                    delay_secs,
                });
            }
        }
        enqueue_many(conn, &rows).await?;
        Ok(())
    }
}

pub struct VoucherEffectsHandler {
    pub bus: Arc<CommandBus>,
    pub secrets: SecretBox,
    pub gateway: Arc<dyn RouterGateway>,
}

fn change_for(effect: &Effect, v: &VoucherRow) -> UserChange {
    let name = v.code.clone();
    match effect {
        Effect::WriteBack {
            first_login_at,
            valid_until,
        } => UserChange::SetComment {
            name,
            comment: activated_comment(v.price_sell, *first_login_at, *valid_until),
        },
        Effect::Disable => UserChange::Disable { name },
        Effect::Remove => UserChange::Remove { name },
    }
}

fn outcome_for(effect: &Effect, sessions_removed: u32) -> RouterOutcome {
    match effect {
        Effect::WriteBack { .. } => RouterOutcome::ActivationWrittenBack,
        Effect::Disable => RouterOutcome::DisabledOnRouter { sessions_removed },
        Effect::Remove => RouterOutcome::Removed,
    }
}

#[async_trait]
impl OutboxHandler for VoucherEffectsHandler {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn batch_size(&self) -> i64 {
        200
    }

    async fn handle(&self, location_id: &str, rows: &[OutboxRow]) -> Vec<Outcome> {
        let every = |o: Outcome| vec![o; rows.len()];
        let router = match crate::routers::target(self.bus.pool(), &self.secrets, location_id).await
        {
            Ok(r) => r,
            Err(e) => return every(crate::routers::outcome_of(e)),
        };
        let payloads: Vec<Option<EffectPayload>> = rows
            .iter()
            .map(|r| serde_json::from_value(r.payload.clone()).ok())
            .collect();
        let ids: Vec<String> = payloads
            .iter()
            .flatten()
            .map(|p| p.voucher_id.clone())
            .collect();
        let vouchers: HashMap<String, VoucherRow> =
            match router_queries::vouchers_by_ids(self.bus.pool(), &ids).await {
                Ok(v) => v.into_iter().map(|v| (v.id.clone(), v)).collect(),
                Err(e) => return every(Outcome::Retry(format!("database: {e}"))),
            };
        let mut outcomes: Vec<Option<Outcome>> = vec![None; rows.len()];
        let mut work = Vec::new();
        for (i, payload) in payloads.iter().enumerate() {
            match payload.as_ref().map(|p| (p, vouchers.get(&p.voucher_id))) {
                None => outcomes[i] = Some(Outcome::Dead("malformed payload".into())),
                Some((_, None)) => {
                    outcomes[i] = Some(Outcome::Retry("voucher not in the read model yet".into()))
                }
                Some((p, Some(v))) => work.push((i, p, change_for(&p.effect, v))),
            }
        }
        let changes: Vec<UserChange> = work.iter().map(|(_, _, c)| c.clone()).collect();
        let results = match self
            .gateway
            .apply_user_changes(&router, UserTable::Hotspot, &changes)
            .await
        {
            Ok(r) => r,
            Err(RouterError::Unreachable(e)) => return every(Outcome::Wait(e)),
            Err(e) => return every(Outcome::Retry(e.to_string())),
        };
        let mut recorded = Vec::new();
        for ((i, p, _), result) in work.into_iter().zip(results) {
            outcomes[i] = Some(match result {
                Ok(n) => {
                    recorded.push((p.voucher_id.clone(), outcome_for(&p.effect, n)));
                    Outcome::Done
                }
                Err(RouterError::Unreachable(e)) => Outcome::Wait(e),
                Err(e) => Outcome::Retry(e.to_string()),
            });
        }
        let meta = Metadata::system("saga:voucher_router_effects");
        if let Err(e) = record_router_outcomes(&self.bus, &recorded, &meta).await {
            tracing::error!(error = %e, "could not record router outcomes; rows will be retried");
            return every(Outcome::Retry(format!("recording outcome failed: {e}")));
        }
        outcomes
            .into_iter()
            .map(|o| o.unwrap_or(Outcome::Retry("no outcome".into())))
            .collect()
    }
}
