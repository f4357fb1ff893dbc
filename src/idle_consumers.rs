//! Consumers that read nothing, for the "scaling with features" benchmark
//! (`projections.idle_consumers`): they stand for read models and sagas whose events a
//! workload never touches, and show what such a consumer costs the projection host.

use std::sync::Arc;

use async_trait::async_trait;
use sqlx::PgConnection;
use tagih_replay::{Interests, ProjectionError, Projector, StoredEvent};

/// Reads an aggregate type no command writes.
struct IdleConsumer {
    name: &'static str,
}

#[async_trait]
impl Projector for IdleConsumer {
    fn name(&self) -> &'static str {
        self.name
    }

    fn interests(&self) -> Interests {
        Interests::aggregates(&["BenchmarkNeverWritten"])
    }

    async fn apply(&self, _: &mut PgConnection, _: &[StoredEvent]) -> Result<(), ProjectionError> {
        Ok(())
    }
}

/// `count` idle consumers named `idle_consumer_N`.
pub fn idle_consumers(count: usize) -> Vec<Arc<dyn Projector>> {
    (0..count)
        .map(|i| {
            // Names live as long as the process: a handful, made once at start-up.
            let name: &'static str = Box::leak(format!("idle_consumer_{i}").into_boxed_str());
            Arc::new(IdleConsumer { name }) as Arc<dyn Projector>
        })
        .collect()
}
