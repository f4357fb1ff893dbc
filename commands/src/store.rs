//! The event store adapter: the one statement that appends to `events` (the bus and bulk
//! writes share it, so metadata and payload text are written one way) and the one read of a
//! stream's events after a version. The same statement writes the write-side lookup rows
//! the events create (`payment_orders`, ADR 0022): they exist exactly when the events do.

use cqrs_es::{Aggregate, DomainEvent};
use sqlx::PgExecutor;
use tagih_aggregates::Decider;
use tagih_aggregates::event_registry::WriteKey;

use crate::bus::Written;
use crate::error::CommandError;
use crate::metadata::Metadata;

/// Events to append, as columns (one `unnest` insert whatever their number).
#[derive(Default)]
pub(crate) struct NewEvents {
    ids: Vec<String>,
    sequences: Vec<i64>,
    types: Vec<String>,
    versions: Vec<String>,
    payloads: Vec<String>,
    orders: PaymentOrders,
}

/// `payment_orders` rows, as columns.
#[derive(Default)]
struct PaymentOrders {
    order_ids: Vec<String>,
    plugins: Vec<String>,
    payment_ids: Vec<String>,
}

impl NewEvents {
    /// Adds `event` as number `sequence` of stream `id`, with the lookup rows it creates.
    pub(crate) fn push<A: Decider>(
        &mut self,
        id: &str,
        sequence: i64,
        event: &A::Event,
    ) -> Result<(), CommandError> {
        self.ids.push(id.to_string());
        self.sequences.push(sequence);
        self.types.push(event.event_type());
        self.versions.push(event.event_version());
        self.payloads.push(serde_json::to_string(event)?);
        for key in A::write_keys(event) {
            match key {
                WriteKey::PaymentOrder { plugin, order_id } => {
                    self.orders.order_ids.push(order_id);
                    self.orders.plugins.push(plugin);
                    self.orders.payment_ids.push(id.to_string());
                }
            }
        }
        Ok(())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Metadata as postgres-es stored it before ADR 0018: through `serde_json::Value`, so its
/// keys are sorted and the same command's metadata is the same text (the hash chain covers
/// it). Payloads keep their fields in declaration order, as bulk writes always stored them.
fn metadata_text(meta: &Metadata) -> Result<String, CommandError> {
    Ok(serde_json::to_value(meta.to_map())?.to_string())
}

/// Appends `events` (with the same metadata on each) in one statement; returns where the
/// last of them landed, `None` when there were none. A stream that moved meanwhile collides
/// on the primary key: `CommandError::Conflict`, nothing written.
pub(crate) async fn append<'c>(
    conn: impl PgExecutor<'c>,
    aggregate_type: &str,
    events: &NewEvents,
    meta: &Metadata,
) -> Result<Option<Written>, CommandError> {
    if events.is_empty() {
        return Ok(None);
    }
    let metadata = metadata_text(meta)?;
    let orders = &events.orders;
    // Most appends create no lookup row: they keep the plain statement.
    let sql = if orders.order_ids.is_empty() {
        APPEND_SQL
    } else {
        APPEND_WITH_ORDERS_SQL
    };
    // One statement, one transaction id: max(position) is the statement's last event.
    let query = sqlx::query_as(sql)
        .bind(aggregate_type)
        .bind(&events.ids)
        .bind(&events.sequences)
        .bind(&events.types)
        .bind(&events.versions)
        .bind(&events.payloads)
        .bind(metadata);
    let query = if orders.order_ids.is_empty() {
        query
    } else {
        query
            .bind(&orders.order_ids)
            .bind(&orders.plugins)
            .bind(&orders.payment_ids)
    };
    let result: Result<(i64, i64), _> = query.fetch_one(conn).await;
    match result {
        Ok((tx_id, position)) => Ok(Some(Written { tx_id, position })),
        // Another payment has this order id: never two payments for one gateway order.
        Err(sqlx::Error::Database(db)) if db.constraint() == Some("payment_orders_pkey") => Err(
            CommandError::conflict("this gateway order id belongs to another payment"),
        ),
        Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("23505") => {
            Err(CommandError::Conflict("stream"))
        }
        Err(e) => Err(e.into()),
    }
}

/// The append: ($1 type, $2..$6 the events' columns, $7 metadata).
const APPEND_SQL: &str = "with appended as (
   insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
   select $1, id, seq, et, ev, p::json, $7::json
     from unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[]) as t(id, seq, et, ev, p)
   returning tx_id::text::bigint as tx, position)
 select max(tx), max(position) from appended";

/// The append with the `payment_orders` rows ($8 order ids, $9 plugins, $10 payment ids)
/// its events create, in the same statement:
/// both are written or neither. The events' insert runs first (the select reads it), so a
/// racing writer of the same stream meets the events' key and retries as any other.
const APPEND_WITH_ORDERS_SQL: &str = "with appended as (
   insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
   select $1, id, seq, et, ev, p::json, $7::json
     from unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[]) as t(id, seq, et, ev, p)
   returning tx_id::text::bigint as tx, position),
 keyed as (
   insert into payment_orders (order_id, plugin, payment_id)
   select * from unnest($8::text[], $9::text[], $10::text[]))
 select max(tx), max(position) from appended";

/// One stored event of a stream, as the bus folds it.
pub(crate) struct TailEvent<A: Aggregate> {
    pub sequence: i64,
    pub event: A::Event,
    pub written: Written,
}

/// A stream's events after a version: ($1 type, $2 id, $3 version). A range of the
/// primary key, whatever the statistics (tested with EXPLAIN on a never-analysed log).
pub const READ_AFTER_SQL: &str = "select sequence, payload::text, tx_id::text::bigint, position
  from events where aggregate_type = $1 and aggregate_id = $2 and sequence > $3
 order by sequence";

/// The events of stream `id` after `version`, in order.
pub(crate) async fn read_after<'c, A: Aggregate>(
    conn: impl PgExecutor<'c>,
    id: &str,
    version: i64,
) -> Result<Vec<TailEvent<A>>, CommandError> {
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(READ_AFTER_SQL)
        .bind(A::TYPE)
        .bind(id)
        .bind(version)
        .fetch_all(conn)
        .await?;
    rows.into_iter()
        .map(|(sequence, payload, tx_id, position)| {
            Ok(TailEvent {
                sequence,
                event: serde_json::from_str(&payload)?,
                written: Written { tx_id, position },
            })
        })
        .collect()
}
