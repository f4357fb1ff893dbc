//! The routers a job visits: every active location, probed a few at a time.

use futures::{StreamExt, stream};
use tagih_projections::locations::LocationRow;
use tagih_projections::queries;

use super::JobContext;
use crate::ports::RouterTarget;
use crate::routers::{TargetError, target_of};

/// Runs `visit` for every active location (at most `parallel_routers` at once) and
/// collects a summary line per location.
pub async fn visit_routers<F, Fut>(ctx: &JobContext, visit: F) -> Result<Vec<String>, String>
where
    F: Fn(LocationRow, Result<RouterTarget, TargetError>) -> Fut,
    Fut: std::future::Future<Output = String>,
{
    let locations = queries::locations(ctx.bus.pool())
        .await
        .map_err(|e| e.to_string())?;
    let visits = locations.into_iter().filter(|l| l.active).map(|l| {
        let target = target_of(&l, &ctx.secrets);
        visit(l, target)
    });
    Ok(stream::iter(visits)
        .buffer_unordered(ctx.routers.parallel_routers.max(1))
        .collect()
        .await)
}
