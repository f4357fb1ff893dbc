//! Admin accounts: creation with argon2id hashing, credential checks, sessions, password
//! changes and deactivation. An admin's aggregate id is its (normalised) username.

use sqlx::PgPool;
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::Role;
use tagih_aggregates::admin_user::{AdminUser, AdminUserCommand as C, normalise_username};

use crate::bus::{CommandBus, Written};
use crate::error::CommandError;
use crate::metadata::Metadata;
use crate::passwords;

pub struct NewAdmin<'a> {
    pub username: &'a str,
    pub email: Option<String>,
    pub password: &'a str,
    pub role: Role,
}

/// The id an admin's stream has.
pub fn admin_id(username: &str) -> Result<String, CommandError> {
    normalise_username(username).ok_or_else(|| {
        CommandError::invalid("username must be 3-32 characters of a-z, 0-9, '.', '_' or '-'")
    })
}

pub async fn create(
    bus: &CommandBus,
    new: NewAdmin<'_>,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let id = admin_id(new.username)?;
    passwords::check_policy(new.password)?;
    let password_hash = passwords::hash(new.password).await?;
    let cmd = C::CreateAdmin {
        username: id.clone(),
        email: new.email,
        password_hash,
        role: new.role,
    };
    let written = bus
        .execute::<AdminUser>(&id, cmd, &meta.with_command("CreateAdmin"))
        .await?;
    Ok((id, written))
}

/// The admin when the username exists, is active and the password matches. Unknown users
/// cost the same argon2 work as wrong passwords.
pub async fn check_credentials(
    bus: &CommandBus,
    username: &str,
    password: &str,
) -> Result<Option<(String, AdminUser)>, CommandError> {
    let Some(id) = normalise_username(username) else {
        passwords::verify(passwords::DECOY_HASH, password).await;
        return Ok(None);
    };
    let admin: AdminUser = bus.load(&id).await?;
    if !admin.created || !admin.active {
        passwords::verify(passwords::DECOY_HASH, password).await;
        return Ok(None);
    }
    let ok = passwords::verify(&admin.password_hash, password).await;
    Ok(ok.then_some((id, admin)))
}

pub async fn record_login(
    bus: &CommandBus,
    id: &str,
    session_id: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::RecordLogin {
        session_id: session_id.to_string(),
    };
    bus.execute::<AdminUser>(id, cmd, &meta.with_command("Login"))
        .await
}

pub async fn logout(
    bus: &CommandBus,
    id: &str,
    session_id: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::Logout {
        session_id: session_id.to_string(),
    };
    bus.execute::<AdminUser>(id, cmd, &meta.with_command("Logout"))
        .await
}

/// Changes a password after checking the current one (self-service).
pub async fn change_password(
    bus: &CommandBus,
    id: &str,
    current: &str,
    new: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let admin: AdminUser = bus.load(id).await?;
    if !admin.created || !passwords::verify(&admin.password_hash, current).await {
        return Err(CommandError::rejected("current password is wrong"));
    }
    set_password(bus, id, new, meta).await
}

/// Sets a password without the current one (a super admin resetting another account).
pub async fn set_password(
    bus: &CommandBus,
    id: &str,
    new: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    passwords::check_policy(new)?;
    let password_hash = passwords::hash(new).await?;
    bus.execute::<AdminUser>(
        id,
        C::ChangePassword { password_hash },
        &meta.with_command("ChangePassword"),
    )
    .await
}

pub async fn set_active(
    bus: &CommandBus,
    id: &str,
    active: bool,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let (cmd, name) = if active {
        (C::ReactivateAdmin, "ReactivateAdmin")
    } else {
        (C::DeactivateAdmin, "DeactivateAdmin")
    };
    bus.execute::<AdminUser>(id, cmd, &meta.with_command(name))
        .await
}

pub async fn change_role(
    bus: &CommandBus,
    id: &str,
    role: Role,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<AdminUser>(id, C::ChangeRole { role }, &meta.with_command("ChangeRole"))
        .await
}

/// True once any admin account has ever been created (bootstrap runs only before that).
pub async fn any_exists(pool: &PgPool) -> Result<bool, CommandError> {
    Ok(
        sqlx::query_scalar("select exists(select 1 from events where aggregate_type = $1)")
            .bind(AdminUser::TYPE)
            .fetch_one(pool)
            .await?,
    )
}
