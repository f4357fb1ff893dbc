//! Who is calling, and logging in: session tokens (JWTs checked against the in-memory
//! session authority), the brute-force limit on logins, and the login use case. The
//! GraphQL layer adds only its field guards; HTTP handlers (plugin upload, WebSocket
//! `connection_init`) authenticate through the same `TokenService`.

pub mod limiter;
pub mod tokens;

use tagih_aggregates::Aggregate as _;
use tagih_aggregates::Role;
use tagih_aggregates::admin_user::AdminUser;
use tagih_commands::{Metadata, admins};
use tagih_projections::admins::{AdminRow, AdminUsers};

use crate::App;
use crate::error::{AppError, AppResult};
pub use limiter::LoginLimiter;
pub use tokens::{Actor, AuthState, IssuedToken, TokenService};

/// A successful login: the token and the account as the login left it.
pub struct LoggedIn {
    pub issued: IssuedToken,
    pub admin: AdminRow,
}

/// Checks the credentials (rate limited per username and address), issues a session
/// token and records the login with the new session on the admin's stream.
pub async fn login(
    app: &App,
    tokens: &TokenService,
    limiter: &LoginLimiter,
    username: &str,
    password: &str,
    ip: &str,
    meta: &Metadata,
) -> AppResult<LoggedIn> {
    if !limiter.try_attempt(username, ip).await {
        return Err(AppError::RateLimited(
            "too many failed logins; try again later".into(),
        ));
    }
    let Some((id, admin)) = admins::check_credentials(&app.bus, username, password).await? else {
        return Err(AppError::Unauthenticated(
            "invalid username or password".into(),
        ));
    };
    limiter.reset(username, ip).await;
    let role = admin.role.unwrap_or(Role::Operator);
    let issued = tokens.issue(&id, role, admin.session_generation)?;
    let meta = Metadata {
        actor_id: Some(id.clone()),
        actor_role: Some(role.as_str().into()),
        ..meta.clone()
    };
    let written = admins::record_login(&app.bus, &id, &issued.session_id, &meta).await?;
    let admin = app
        .answer_after::<AdminUsers>(AdminUser::TYPE, &id, written, "account")
        .await?;
    Ok(LoggedIn { issued, admin })
}
