//! Admin accounts and sessions: login, logout, password, account management.

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::Role;
use tagih_aggregates::admin_user;
use tagih_app::auth;
use tagih_commands::Written;
use tagih_commands::admins::{self, NewAdmin};
use tagih_projections::admins::AdminUsers;
use tagih_projections::fresh::fold_stream;
use tagih_projections::{names, queries};

use crate::auth::RoleGuard;
use crate::auth::guard::actor;
use crate::context::{ApiContext, api, metadata, request_info};
use crate::error::{ApiError, gql};
use crate::read_after::answer_after;
use crate::types::{Admin, RoleName};

#[derive(SimpleObject)]
pub struct LoginPayload {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub admin: Admin,
}

#[derive(InputObject)]
pub struct CreateAdminInput {
    pub username: String,
    pub email: Option<String>,
    pub password: String,
    pub role: RoleName,
}

/// The admin as the mutation left it (read model, or its committed events if that lags).
async fn admin_after(api: &ApiContext, id: &str, written: Written) -> Result<Admin> {
    answer_after::<AdminUsers, _>(api, admin_user::AdminUser::TYPE, id, written, "account").await
}

#[derive(Default)]
pub struct AdminQuery;

#[Object]
impl AdminQuery {
    /// The caller's own account.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn me(&self, ctx: &Context<'_>) -> Result<Admin> {
        let id = actor(ctx).map_err(gql)?.admin_id.clone();
        let api = api(ctx);
        if let Some(row) = queries::admin(&api.pool, &id).await.map_err(gql)? {
            return Ok(row.into());
        }
        // A token is valid as soon as the event store has the account (ADR 0019), which
        // may be before the read model has it: the row it will hold, from the events.
        fold_stream::<AdminUsers>(&api.pool, admin_user::AdminUser::TYPE, &id)
            .await
            .map_err(|e| gql(ApiError::internal(e)))?
            .map(Into::into)
            .ok_or_else(|| gql(ApiError::NotFound("account not found".into())))
    }

    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn admins(&self, ctx: &Context<'_>) -> Result<Vec<Admin>> {
        Ok(queries::admins(&api(ctx).pool)
            .await
            .map_err(gql)?
            .into_iter()
            .map(Admin::from)
            .collect())
    }
}

#[derive(Default)]
pub struct AdminMutation;

#[Object]
impl AdminMutation {
    /// Exchanges a username and password for a 30-day session token.
    async fn login(
        &self,
        ctx: &Context<'_>,
        username: String,
        password: String,
    ) -> Result<LoginPayload> {
        let api = api(ctx);
        let ip = request_info(ctx).ip;
        let meta = metadata(ctx).with_command("Login");
        let done = auth::login(
            &api.app,
            &api.tokens,
            &api.limiter,
            &username,
            &password,
            &ip,
            &meta,
        )
        .await
        .map_err(gql)?;
        Ok(LoginPayload {
            token: done.issued.token,
            expires_at: done.issued.expires_at,
            admin: done.admin.into(),
        })
    }

    /// Ends the caller's session: its token stops working at once.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn logout(&self, ctx: &Context<'_>) -> Result<bool> {
        let a = actor(ctx).map_err(gql)?.clone();
        let api = api(ctx);
        admins::logout(&api.bus, &a.admin_id, &a.session_id, &metadata(ctx))
            .await
            .map_err(gql)?;
        // Refused here before we answer; other instances within a NOTIFY (ADR 0019).
        api.tokens.sessions().logged_out(&a.admin_id, &a.session_id);
        Ok(true)
    }

    /// Changes the caller's password; every existing session of the account is revoked.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> Result<bool> {
        let id = actor(ctx).map_err(gql)?.admin_id.clone();
        let api = api(ctx);
        let written = admins::change_password(
            &api.bus,
            &id,
            &current_password,
            &new_password,
            &metadata(ctx),
        )
        .await
        .map_err(gql)?;
        api.tokens.sessions().account_changed(&id).await;
        api.settle(names::ADMIN_USERS, written).await;
        Ok(true)
    }

    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn create_admin(&self, ctx: &Context<'_>, input: CreateAdminInput) -> Result<Admin> {
        let api = api(ctx);
        let new = NewAdmin {
            username: &input.username,
            email: input.email,
            password: &input.password,
            role: input.role.into(),
        };
        let (id, written) = admins::create(&api.bus, new, &metadata(ctx))
            .await
            .map_err(gql)?;
        api.tokens.sessions().account_changed(&id).await;
        admin_after(api, &id, written).await
    }

    /// Deactivating revokes every session of the account at once.
    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn set_admin_active(&self, ctx: &Context<'_>, id: String, active: bool) -> Result<bool> {
        let api = api(ctx);
        if !active && actor(ctx).map_err(gql)?.admin_id == id {
            return Err(gql(ApiError::Rejected(
                "you cannot deactivate your own account".into(),
            )));
        }
        let written = admins::set_active(&api.bus, &id, active, &metadata(ctx))
            .await
            .map_err(gql)?;
        api.tokens.sessions().account_changed(&id).await;
        api.settle(names::ADMIN_USERS, written).await;
        Ok(true)
    }

    /// Changing a role revokes every session of the account at once (the admin logs in
    /// again with the new role).
    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn set_admin_role(&self, ctx: &Context<'_>, id: String, role: RoleName) -> Result<bool> {
        let api = api(ctx);
        if actor(ctx).map_err(gql)?.admin_id == id {
            return Err(gql(ApiError::Rejected(
                "you cannot change your own role".into(),
            )));
        }
        let written = admins::change_role(&api.bus, &id, role.into(), &metadata(ctx))
            .await
            .map_err(gql)?;
        api.tokens.sessions().account_changed(&id).await;
        api.settle(names::ADMIN_USERS, written).await;
        Ok(true)
    }

    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn reset_admin_password(
        &self,
        ctx: &Context<'_>,
        id: String,
        new_password: String,
    ) -> Result<bool> {
        let api = api(ctx);
        let written = admins::set_password(&api.bus, &id, &new_password, &metadata(ctx))
            .await
            .map_err(gql)?;
        api.tokens.sessions().account_changed(&id).await;
        api.settle(names::ADMIN_USERS, written).await;
        Ok(true)
    }
}
