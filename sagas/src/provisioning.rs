//! Voucher provisioning: a saga that turns `VoucherGenerated` into one outbox row per
//! voucher (partitioned by location), and the handler that adds them to the router through
//! the `RouterGateway` port and records the outcomes as commands.

use std::sync::Arc;

use async_trait::async_trait;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use tagih_aggregates::voucher::{Voucher, VoucherEvent};
use tagih_commands::vouchers::{ProvisioningOutcome, record_outcomes};
use tagih_commands::{CommandBus, Metadata, SecretBox};
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

use crate::outbox::{NewOutboxRow, OutboxRow, enqueue_many};
use crate::ports::{HotspotVoucher, RouterError, RouterGateway, RouterTarget};
use crate::worker::{OutboxHandler, Outcome};

pub const SAGA_NAME: &str = "saga_voucher_provisioning";
pub const KIND: &str = "router.provision_voucher";

/// What the worker needs to add one voucher, frozen when the voucher was generated.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProvisionPayload {
    pub voucher_id: String,
    pub code: String,
    pub password: String,
    pub profile_name: String,
    pub price_sell: Decimal,
    pub uptime_limit_secs: Option<i64>,
    pub data_quota_bytes: Option<i64>,
}

#[derive(Default)]
pub struct ProvisioningSaga;

#[async_trait]
impl Projector for ProvisioningSaga {
    fn name(&self) -> &'static str {
        SAGA_NAME
    }

    fn interests(&self) -> Interests {
        Interests::events_of::<Voucher>(&[VoucherEvent::VOUCHER_GENERATED])
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        let mut rows = Vec::new();
        for ev in events
            .iter()
            .filter(|e| e.is_event::<Voucher>(VoucherEvent::VOUCHER_GENERATED))
        {
            let VoucherEvent::VoucherGenerated(issue) = ev.decode::<VoucherEvent>()? else {
                continue;
            };
            let payload = ProvisionPayload {
                voucher_id: ev.aggregate_id.clone(),
                code: issue.code,
                password: issue.password,
                profile_name: issue.profile_name,
                price_sell: issue.price_sell,
                uptime_limit_secs: issue.uptime_limit_secs,
                data_quota_bytes: issue.data_quota_bytes,
            };
            rows.push(NewOutboxRow {
                idempotency_key: format!("provision:{}", ev.aggregate_id),
                kind: KIND,
                partition_key: issue.location_id,
                payload: serde_json::to_value(payload)
                    .map_err(|e| ProjectionError::Other(e.to_string()))?,
                causation_position: ev.position,
                delay_secs: 0,
            });
        }
        enqueue_many(conn, &rows).await?;
        Ok(())
    }
}

pub struct ProvisioningHandler {
    pub bus: Arc<CommandBus>,
    pub secrets: SecretBox,
    pub gateway: Arc<dyn RouterGateway>,
}

#[async_trait]
impl OutboxHandler for ProvisioningHandler {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn batch_size(&self) -> i64 {
        500
    }

    async fn handle(&self, location_id: &str, rows: &[OutboxRow]) -> Vec<Outcome> {
        let every = |o: Outcome| vec![o; rows.len()];
        let router = match self.router(location_id).await {
            Ok(r) => r,
            Err(o) => return every(o),
        };
        let mut outcomes = Vec::with_capacity(rows.len());
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            match serde_json::from_value::<ProvisionPayload>(row.payload.clone()) {
                Ok(p) => {
                    outcomes.push(None);
                    users.push(hotspot_user(p));
                }
                Err(e) => outcomes.push(Some(Outcome::Dead(format!("malformed payload: {e}")))),
            }
        }
        let results = match self.gateway.add_hotspot_users(&router, &users).await {
            Ok(results) => results,
            Err(e) => return every(Outcome::Wait(e.to_string())),
        };
        self.record(rows, outcomes, &users, results).await
    }
}

fn hotspot_user(p: ProvisionPayload) -> HotspotVoucher {
    HotspotVoucher {
        voucher_id: p.voucher_id,
        code: p.code,
        password: p.password,
        profile_name: p.profile_name,
        price_sell: p.price_sell,
        uptime_limit_secs: p.uptime_limit_secs,
        data_quota_bytes: p.data_quota_bytes,
    }
}

impl ProvisioningHandler {
    /// The router to talk to, or the outcome for every row when there is none to talk to.
    async fn router(&self, location_id: &str) -> Result<RouterTarget, Outcome> {
        crate::routers::target(self.bus.pool(), &self.secrets, location_id)
            .await
            .map_err(crate::routers::outcome_of)
    }

    /// Records outcomes as commands first, then tells the worker; a crash in between leaves
    /// the rows leased, they are reclaimed, and recording again is a no-op.
    async fn record(
        &self,
        rows: &[OutboxRow],
        mut outcomes: Vec<Option<Outcome>>,
        users: &[HotspotVoucher],
        results: Vec<Result<(), RouterError>>,
    ) -> Vec<Outcome> {
        let mut commands = Vec::new();
        let pending = outcomes
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_none())
            .map(|(i, _)| i)
            .collect::<Vec<_>>();
        for ((i, user), result) in pending
            .into_iter()
            .zip(users)
            .zip(
                results
                    .into_iter()
                    .chain(std::iter::repeat(Err(RouterError::Transient(
                        "no result".into(),
                    )))),
            )
        {
            let attempt = rows[i].attempts;
            let (cmd, outcome) = match result {
                Ok(()) => (ProvisioningOutcome::Provisioned { attempt }, Outcome::Done),
                Err(RouterError::Unreachable(e)) => {
                    outcomes[i] = Some(Outcome::Wait(e));
                    continue;
                }
                Err(e) => (
                    ProvisioningOutcome::Failed {
                        attempt,
                        error: e.to_string(),
                    },
                    Outcome::Retry(e.to_string()),
                ),
            };
            commands.push((user.voucher_id.clone(), cmd));
            outcomes[i] = Some(outcome);
        }
        let meta = Metadata::system("saga:voucher_provisioning");
        if let Err(e) = record_outcomes(&self.bus, &commands, &meta).await {
            tracing::error!(error = %e, "could not record provisioning outcomes; rows will be retried");
            // Rows that were only waiting, or are beyond help, keep that outcome.
            let retry = Outcome::Retry(format!("recording outcome failed: {e}"));
            return outcomes
                .into_iter()
                .map(|o| match o {
                    Some(o @ (Outcome::Wait(_) | Outcome::Dead(_))) => o,
                    _ => retry.clone(),
                })
                .collect();
        }
        outcomes
            .into_iter()
            .map(|o| o.unwrap_or(Outcome::Retry("no outcome".into())))
            .collect()
    }
}
