//! Role guard for fields: unauthenticated callers get UNAUTHENTICATED, callers whose role is
//! too low get FORBIDDEN.

use async_graphql::{Context, ErrorExtensions, Guard, Result};
use tagih_aggregates::Role;

use crate::error::ApiError;
use tagih_app::auth::{Actor, AuthState};

pub struct RoleGuard {
    required: Role,
}

impl RoleGuard {
    pub fn new(required: Role) -> Self {
        Self { required }
    }
}

/// The authenticated caller, or the error that explains why there is none.
pub fn actor<'a>(ctx: &'a Context<'_>) -> Result<&'a Actor, ApiError> {
    match ctx.data_opt::<AuthState>() {
        Some(AuthState::Authenticated(actor)) => Ok(actor),
        Some(AuthState::Invalid(reason)) => Err(ApiError::Unauthenticated(reason.clone())),
        _ => Err(ApiError::Unauthenticated("authentication required".into())),
    }
}

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> Result<()> {
        let actor = actor(ctx).map_err(|e| e.extend())?;
        if actor.role.at_least(self.required) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "requires role {} or higher",
                self.required.as_str()
            ))
            .extend())
        }
    }
}
