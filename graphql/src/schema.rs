//! Building the schema with its limits.

use async_graphql::Schema;

use crate::auth::SessionRecheck;
use crate::context::ApiContext;
use crate::error_cap::ErrorCap;
use crate::input_guard::InputGuard;
use crate::roots::{MutationRoot, QueryRoot, SubscriptionRoot};

pub type TagihSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Deep or expensive queries are refused before they run.
pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 1000;
/// Directives on one field at most (`@include`/`@skip` need one each).
pub const MAX_DIRECTIVES: usize = 8;

pub fn build_schema(ctx: ApiContext) -> TagihSchema {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot::default(),
    )
    .data(ctx)
    // Bounds nesting before the parser recurses and refuses NUL in any text.
    .extension(InputGuard)
    // WebSocket operations see the session as it is now, not as it was at connect.
    .extension(SessionRecheck)
    // Thousands of repeated mistakes answer 50 errors and a count, not thousands.
    .extension(ErrorCap)
    .limit_depth(MAX_DEPTH)
    .limit_directives(MAX_DIRECTIVES)
    .limit_complexity(MAX_COMPLEXITY)
    .finish()
}

/// The SDL, for docs/schema.graphql (no context needed).
pub fn sdl() -> String {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot::default(),
    )
    .finish()
    .sdl()
}
