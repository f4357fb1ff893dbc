//! The safety net under the payment flow: every `PaymentCompleted` (or approved review)
//! becomes an outbox row whose handler settles the payment — pays its invoice, credits,
//! renews — idempotently. The webhook settles inline too; this finishes the job when a
//! crash cut it short.

use std::sync::Arc;

use async_trait::async_trait;
use sqlx::PgConnection;
use tagih_aggregates::payment::{Payment, PaymentEvent};
use tagih_commands::payments::{self, Settlement};
use tagih_commands::{CommandBus, Metadata};
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

use crate::outbox::{NewOutboxRow, OutboxRow, enqueue_many};
use crate::worker::{OutboxHandler, Outcome};

pub const SAGA_NAME: &str = "saga_payment_settlement";
pub const KIND: &str = "payment.settle";

pub struct SettlementSaga;

#[async_trait]
impl Projector for SettlementSaga {
    fn name(&self) -> &'static str {
        SAGA_NAME
    }

    fn interests(&self) -> Interests {
        Interests::events_of::<Payment>(&[PaymentEvent::PAYMENT_COMPLETED])
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        let rows: Vec<NewOutboxRow> = events
            .iter()
            .filter(|e| e.is_event::<Payment>(PaymentEvent::PAYMENT_COMPLETED))
            .map(|e| NewOutboxRow {
                idempotency_key: format!("settle:{}", e.aggregate_id),
                kind: KIND,
                partition_key: e.aggregate_id.clone(),
                payload: serde_json::json!({ "payment_id": e.aggregate_id }),
                causation_position: e.position,
                delay_secs: 0,
            })
            .collect();
        enqueue_many(conn, &rows).await?;
        Ok(())
    }
}

pub struct SettlementHandler {
    pub bus: Arc<CommandBus>,
    pub settlement: Settlement,
}

#[async_trait]
impl OutboxHandler for SettlementHandler {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn handle(&self, payment_id: &str, rows: &[OutboxRow]) -> Vec<Outcome> {
        let meta = Metadata::system("saga:payment_settlement");
        let outcome = match payments::settle(&self.bus, payment_id, self.settlement, &meta).await {
            Ok(_) => Outcome::Done,
            Err(e) => Outcome::Retry(e.to_string()),
        };
        vec![outcome; rows.len()]
    }
}
