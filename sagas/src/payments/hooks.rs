//! Plugin hooks: `payment.created`, `payment.completed`, `payment.failed`, `user.created`,
//! `user.expired` delivered to every active plugin whose manifest subscribes to them. A
//! saga turns the events into outbox rows; the handler calls each subscriber in isolation
//! (a failing plugin is marked failing, the others still get the hook, the row is done).

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{Value, json};
use sqlx::PgConnection;
use tagih_aggregates::Aggregate;
use tagih_aggregates::payment::{Payment, PaymentEvent as P};
use tagih_aggregates::subscription::{Subscription, SubscriptionEvent as S};
use tagih_aggregates::voucher::{Voucher, VoucherEvent as V};
use tagih_commands::plugins;
use tagih_plugins::manifest::Hook;
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

use super::plugins::PaymentPlugins;
use crate::outbox::{NewOutboxRow, OutboxRow, enqueue_many};
use crate::worker::{OutboxHandler, Outcome};

pub const SAGA_NAME: &str = "saga_plugin_hooks";
pub const KIND: &str = "plugin.hook";

/// The hook an event means, if any.
fn hook_of(ev: &StoredEvent) -> Option<&'static str> {
    Some(match (ev.aggregate_type.as_str(), ev.event_type.as_str()) {
        (Payment::TYPE, P::PAYMENT_CREATED) => "payment.created",
        (Payment::TYPE, P::PAYMENT_COMPLETED) => "payment.completed",
        (Payment::TYPE, P::PAYMENT_FAILED) => "payment.failed",
        (Subscription::TYPE, S::SUBSCRIPTION_CREATED) => "user.created",
        (Subscription::TYPE, S::SUBSCRIPTION_DISABLED) | (Voucher::TYPE, V::VOUCHER_EXPIRED) => {
            "user.expired"
        }
        _ => return None,
    })
}

pub struct HookSaga;

#[async_trait]
impl Projector for HookSaga {
    fn name(&self) -> &'static str {
        SAGA_NAME
    }

    fn interests(&self) -> Interests {
        Interests::events_of::<Payment>(&[
            P::PAYMENT_CREATED,
            P::PAYMENT_COMPLETED,
            P::PAYMENT_FAILED,
        ])
        .and(Interests::events_of::<Subscription>(&[
            S::SUBSCRIPTION_CREATED,
            S::SUBSCRIPTION_DISABLED,
        ]))
        .and(Interests::events_of::<Voucher>(&[V::VOUCHER_EXPIRED]))
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        let mut rows = Vec::new();
        for ev in events {
            let Some(hook) = hook_of(ev) else { continue };
            let event: Value = serde_json::from_str(&ev.payload)
                .map_err(|e| ProjectionError::Other(e.to_string()))?;
            rows.push(NewOutboxRow {
                idempotency_key: format!("hook:{}", ev.position),
                kind: KIND,
                partition_key: "hooks".into(),
                payload: json!({
                    "hook": hook,
                    "data": {
                        "aggregate_type": ev.aggregate_type,
                        "id": ev.aggregate_id,
                        "event": event,
                        "recorded_at": ev.recorded_at,
                    },
                }),
                causation_position: ev.position,
                delay_secs: 0,
            });
        }
        enqueue_many(conn, &rows).await?;
        Ok(())
    }
}

pub struct HookHandler {
    pub plugins: Arc<PaymentPlugins>,
}

impl HookHandler {
    /// Names of active plugins whose manifests subscribe to `hook`.
    async fn subscribers(&self, hook: &str) -> Result<Vec<String>, String> {
        let names = self
            .plugins
            .known_names()
            .await
            .map_err(|e| e.to_string())?;
        let mut subscribed = Vec::new();
        for name in names {
            let state = plugins::load(&self.plugins.bus, &name)
                .await
                .map_err(|e| e.to_string())?;
            let wants = state
                .package
                .as_ref()
                .is_some_and(|p| p.manifest.hooks.iter().any(|h| h == hook));
            if state.active && wants {
                subscribed.push(name);
            }
        }
        Ok(subscribed)
    }

    async fn deliver(&self, row: &OutboxRow) -> Outcome {
        let hook_name = row.payload["hook"].as_str().unwrap_or_default();
        let Some(hook) = Hook::parse(hook_name) else {
            return Outcome::Dead(format!("unknown hook {hook_name}"));
        };
        let names = match self.subscribers(hook_name).await {
            Ok(n) => n,
            Err(e) => return Outcome::Retry(e),
        };
        for name in names {
            let now = chrono::Utc::now();
            let Ok(ready) = self.plugins.ready(&name, true, now).await else {
                continue;
            };
            let result = ready
                .loaded
                .plugin
                .on_hook(hook, row.payload["data"].clone(), ready.ctx.clone())
                .await;
            if let Err(e) = &result {
                tracing::warn!(plugin = %name, hook = hook_name, error = %e, "plugin hook failed");
            }
            let failing = ready.state.failing.is_some();
            tagih_app::payments::health::record(&self.plugins.bus, &name, failing, &result).await;
        }
        Outcome::Done
    }
}

#[async_trait]
impl OutboxHandler for HookHandler {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn handle(&self, _partition: &str, rows: &[OutboxRow]) -> Vec<Outcome> {
        let mut outcomes = Vec::with_capacity(rows.len());
        for row in rows {
            outcomes.push(self.deliver(row).await);
        }
        outcomes
    }
}
