//! Every payment an invoice applies (gateway, cash, credit) gets a receipt: the event
//! becomes an outbox row whose handler issues the receipt with a gap-free number
//! (commands::receipts), once per payment reference.

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::json;
use sqlx::PgConnection;
use tagih_aggregates::invoice::{Invoice, InvoiceEvent as I};
use tagih_commands::{CommandBus, Metadata, SharedClock, receipts};
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

use crate::outbox::{NewOutboxRow, OutboxRow, enqueue_many};
use crate::worker::{OutboxHandler, Outcome};

pub const SAGA_NAME: &str = "saga_receipts";
pub const KIND: &str = "receipt.issue";

const PAID: &[&str] = &[I::INVOICE_PAID, I::INVOICE_PARTIALLY_PAID];

pub struct ReceiptSaga;

#[async_trait]
impl Projector for ReceiptSaga {
    fn name(&self) -> &'static str {
        SAGA_NAME
    }

    fn interests(&self) -> Interests {
        Interests::events_of::<Invoice>(PAID)
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        events: &[StoredEvent],
    ) -> Result<(), ProjectionError> {
        let mut rows = Vec::new();
        for ev in events
            .iter()
            .filter(|e| e.is::<Invoice>() && PAID.contains(&e.event_type.as_str()))
        {
            let payment_ref = ev.payload_json()[ev.event_type.as_str()]["payment_ref"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            rows.push(NewOutboxRow {
                idempotency_key: format!("receipt:{}:{payment_ref}", ev.aggregate_id),
                kind: KIND,
                partition_key: ev.aggregate_id.clone(),
                payload: json!({ "invoice_id": ev.aggregate_id, "payment_ref": payment_ref }),
                causation_position: ev.position,
                delay_secs: 0,
            });
        }
        enqueue_many(conn, &rows).await?;
        Ok(())
    }
}

pub struct ReceiptHandler {
    pub bus: Arc<CommandBus>,
    pub clock: SharedClock,
}

#[async_trait]
impl OutboxHandler for ReceiptHandler {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn handle(&self, invoice_id: &str, rows: &[OutboxRow]) -> Vec<Outcome> {
        let meta = Metadata::system("saga:receipts");
        let mut outcomes = Vec::with_capacity(rows.len());
        for row in rows {
            let payment_ref = row.payload["payment_ref"].as_str().unwrap_or_default();
            let now = self.clock.now();
            outcomes.push(
                match receipts::issue(&self.bus, invoice_id, payment_ref, now, &meta).await {
                    Ok(_) => Outcome::Done,
                    Err(e) => Outcome::Retry(e.to_string()),
                },
            );
        }
        outcomes
    }
}
