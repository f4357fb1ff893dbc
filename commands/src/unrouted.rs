//! Commands on billing aggregates the `CommandBus` has no framework field for yet
//! (Customer, Subscription, Invoice): same retry-on-conflict and result as
//! `CommandBus::execute`, with a framework built per call (cheap: it holds a pool handle).
//!
//! Once `bus.rs` routes these aggregates, every `unrouted::execute::<A>(bus, …)` becomes
//! `bus.execute::<A>(…)` and this file goes away.

use cqrs_es::persist::PersistedEventStore;
use cqrs_es::{Aggregate, CqrsFramework};
use postgres_es::{PostgresCqrs, PostgresEventRepository};
use tagih_aggregates::HasErrorKind;

use crate::bus::{CommandBus, Written, jitter, stream_head};
use crate::error::CommandError;
use crate::metadata::Metadata;

const MAX_ATTEMPTS: u32 = 5;

/// Executes a command; returns where the stream's newest event now is.
pub async fn execute<A>(
    bus: &CommandBus,
    id: &str,
    cmd: A::Command,
    meta: &Metadata,
) -> Result<Written, CommandError>
where
    A: Aggregate<Services = ()> + 'static,
    A::Command: Clone,
    A::Error: HasErrorKind,
{
    let repository = PostgresEventRepository::new(bus.pool().clone());
    let framework: PostgresCqrs<A> =
        CqrsFramework::new(PersistedEventStore::new_event_store(repository), vec![], ());
    let map = meta.to_map();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = framework
            .execute_with_metadata(id, cmd.clone(), map.clone())
            .await;
        match result.map_err(|e| CommandError::from_aggregate(e, A::TYPE)) {
            Ok(()) => return stream_head(&mut *bus.pool().acquire().await?, A::TYPE, id).await,
            Err(CommandError::Conflict(_)) if attempt < MAX_ATTEMPTS => jitter(attempt).await,
            Err(e) => return Err(e),
        }
    }
}
