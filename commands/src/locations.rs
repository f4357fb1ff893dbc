//! Locations (routers): create, update (partial; the password is re-encrypted only when a
//! new one is given), deactivate and reactivate.

use base64::Engine;
use rand::RngCore;
use tagih_aggregates::location::{
    Location, LocationCommand as C, LocationSettings, TlsTrust, Transport,
};
use uuid::Uuid;

use crate::bus::{CommandBus, Written};
use crate::error::CommandError;
use crate::metadata::Metadata;
use crate::secrets::SecretBox;

/// What an admin types; the password is plain text here and never stored so.
#[derive(Debug, Clone, Default)]
pub struct LocationInput {
    pub name: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub transport: Option<Transport>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub hotspot_server: Option<String>,
    pub time_zone: Option<String>,
    pub tls_trust: Option<TlsTrust>,
}

fn required<T>(v: Option<T>, field: &str) -> Result<T, CommandError> {
    v.ok_or_else(|| CommandError::invalid(format!("{field} is required")))
}

fn seal(secrets: &SecretBox, password: Option<String>) -> Option<String> {
    password.filter(|p| !p.is_empty()).map(|p| secrets.seal(&p))
}

pub async fn create(
    bus: &CommandBus,
    secrets: &SecretBox,
    input: LocationInput,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let transport = input.transport.unwrap_or_default();
    let settings = LocationSettings {
        name: required(input.name, "name")?,
        host: required(input.host, "host")?,
        port: input.port.unwrap_or(if transport == Transport::ApiTls {
            8729
        } else {
            8728
        }),
        transport,
        username: required(input.username, "username")?,
        password_enc: required(seal(secrets, input.password), "password")?,
        hotspot_server: input.hotspot_server.unwrap_or_else(|| "hotspot1".into()),
        time_zone: input.time_zone.unwrap_or_default(),
        tls_trust: input.tls_trust.unwrap_or_default(),
    };
    let id = Uuid::new_v4().to_string();
    let written = bus
        .execute::<Location>(
            &id,
            C::CreateLocation(settings),
            &meta.with_command("CreateLocation"),
        )
        .await?;
    Ok((id, written))
}

pub async fn update(
    bus: &CommandBus,
    secrets: &SecretBox,
    id: &str,
    input: LocationInput,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let current: Location = bus.load(id).await?;
    let Some(s) = current.settings else {
        return Err(CommandError::not_found("location not found"));
    };
    let settings = LocationSettings {
        name: input.name.unwrap_or(s.name),
        host: input.host.unwrap_or(s.host),
        port: input.port.unwrap_or(s.port),
        transport: input.transport.unwrap_or(s.transport),
        username: input.username.unwrap_or(s.username),
        password_enc: seal(secrets, input.password).unwrap_or(s.password_enc),
        hotspot_server: input.hotspot_server.unwrap_or(s.hotspot_server),
        time_zone: input.time_zone.unwrap_or(s.time_zone),
        tls_trust: input.tls_trust.unwrap_or(s.tls_trust),
    };
    bus.execute::<Location>(
        id,
        C::UpdateLocation(settings),
        &meta.with_command("UpdateLocation"),
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
        (C::ReactivateLocation, "ReactivateLocation")
    } else {
        (C::DeactivateLocation, "DeactivateLocation")
    };
    bus.execute::<Location>(id, cmd, &meta.with_command(name))
        .await
}

/// The location when it exists and is active; the errors the API shows otherwise.
pub async fn require_active(bus: &CommandBus, id: &str) -> Result<Location, CommandError> {
    let location: Location = bus
        .load_for_check(id, |l: &Location| l.settings.is_some() && l.active)
        .await?;
    match (&location.settings, location.active) {
        (None, _) => Err(CommandError::not_found("location not found")),
        (Some(_), false) => Err(CommandError::rejected("location is deactivated")),
        (Some(_), true) => Ok(location),
    }
}

/// Issues a fresh random token for the router's on-login webhook and returns it in clear
/// (it is stored sealed). The router webhook reads the token from this aggregate, so the
/// new one works, and the old one stops working, as soon as this returns.
pub async fn issue_router_token(
    bus: &CommandBus,
    secrets: &SecretBox,
    id: &str,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let written = bus
        .execute::<Location>(
            id,
            C::IssueRouterToken {
                token_enc: secrets.seal(&token),
            },
            &meta.with_command("IssueRouterToken"),
        )
        .await?;
    Ok((token, written))
}
