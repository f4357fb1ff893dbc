//! Locations (routers).

use async_graphql::{Context, Enum, InputObject, Object, Result};
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::Role;
use tagih_aggregates::location;
use tagih_aggregates::location::{TlsTrust, Transport};
use tagih_commands::locations::{self, LocationInput};
use tagih_projections::locations::Locations;
use tagih_projections::queries;

use crate::auth::RoleGuard;
use crate::context::{api, metadata};
use crate::error::{ApiError, gql};
use crate::read_after::answer_after;
use crate::types::Location;

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum TransportName {
    Api,
    ApiTls,
    Rest,
}

impl From<TransportName> for Transport {
    fn from(t: TransportName) -> Self {
        match t {
            TransportName::Api => Transport::Api,
            TransportName::ApiTls => Transport::ApiTls,
            TransportName::Rest => Transport::Rest,
        }
    }
}

/// When a location's voucher sales are revenue (fixed onto each batch at generation).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum SaleRecognitionName {
    /// At each voucher's first login, unless its batch was sold to a reseller before.
    Activation,
    /// Only when the batch is sold (`sellVoucherBatch`).
    Handover,
}

impl From<SaleRecognitionName> for tagih_aggregates::voucher_sale::SaleRecognition {
    fn from(s: SaleRecognitionName) -> Self {
        match s {
            SaleRecognitionName::Activation => Self::Activation,
            SaleRecognitionName::Handover => Self::Handover,
        }
    }
}

/// How an API-TLS router's certificate is checked.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum TlsTrustName {
    /// Against trusted roots (refuses routers' usual self-signed certificates).
    Verify,
    /// Exactly the certificate whose SHA-256 is `tlsFingerprint`.
    Pinned,
    /// Any certificate: encrypted, not authenticated.
    AcceptSelfSigned,
}

fn tls_trust(name: Option<TlsTrustName>, fingerprint: Option<String>) -> Result<Option<TlsTrust>> {
    Ok(match (name, fingerprint) {
        (None, None) => None,
        (Some(TlsTrustName::Pinned) | None, Some(fingerprint)) => {
            Some(TlsTrust::Pinned { fingerprint })
        }
        (Some(TlsTrustName::Pinned), None) => {
            return Err(gql(ApiError::BadInput(
                "tlsFingerprint is required to pin a certificate".into(),
            )));
        }
        (Some(TlsTrustName::Verify), _) => Some(TlsTrust::Verify),
        (Some(TlsTrustName::AcceptSelfSigned), _) => Some(TlsTrust::AcceptSelfSigned),
    })
}

#[derive(InputObject)]
pub struct CreateLocationInput {
    pub name: String,
    pub host: String,
    pub port: Option<i32>,
    pub transport: Option<TransportName>,
    pub username: String,
    pub password: String,
    pub hotspot_server: Option<String>,
    /// WIB, WITA or WIT (or Asia/Jakarta, Asia/Makassar, Asia/Jayapura); WIB when absent.
    pub time_zone: Option<String>,
    pub tls_trust: Option<TlsTrustName>,
    /// SHA-256 of the router's certificate (hex, colons allowed) when pinning.
    pub tls_fingerprint: Option<String>,
    /// ACTIVATION when absent.
    pub sale_recognition: Option<SaleRecognitionName>,
}

#[derive(InputObject)]
pub struct UpdateLocationInput {
    pub name: Option<String>,
    pub host: Option<String>,
    pub port: Option<i32>,
    pub transport: Option<TransportName>,
    pub username: Option<String>,
    /// Leave out to keep the current password.
    pub password: Option<String>,
    pub hotspot_server: Option<String>,
    pub time_zone: Option<String>,
    pub tls_trust: Option<TlsTrustName>,
    /// SHA-256 of the router's certificate (hex, colons allowed) when pinning.
    pub tls_fingerprint: Option<String>,
    pub sale_recognition: Option<SaleRecognitionName>,
}

fn port(p: Option<i32>) -> Result<Option<u16>> {
    p.map(|p| {
        u16::try_from(p)
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| gql(ApiError::BadInput("port must be 1-65535".into())))
    })
    .transpose()
}

/// The location as the mutation left it (read model, or its committed events if that lags).
async fn location_after(
    ctx: &Context<'_>,
    id: &str,
    written: tagih_commands::Written,
) -> Result<Location> {
    answer_after::<Locations, _>(api(ctx), location::Location::TYPE, id, written, "location").await
}

#[derive(Default)]
pub struct NetworkQuery;

#[Object]
impl NetworkQuery {
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn locations(&self, ctx: &Context<'_>) -> Result<Vec<Location>> {
        Ok(queries::locations(&api(ctx).pool)
            .await
            .map_err(gql)?
            .into_iter()
            .map(Location::from)
            .collect())
    }

    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn location(&self, ctx: &Context<'_>, id: String) -> Result<Option<Location>> {
        Ok(queries::location(&api(ctx).pool, &id)
            .await
            .map_err(gql)?
            .map(Location::from))
    }
}

#[derive(Default)]
pub struct NetworkMutation;

#[Object]
impl NetworkMutation {
    /// Adds a router. Its password is encrypted before it is stored.
    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn create_location(
        &self,
        ctx: &Context<'_>,
        input: CreateLocationInput,
    ) -> Result<Location> {
        let api = api(ctx);
        let li = LocationInput {
            name: Some(input.name),
            host: Some(input.host),
            port: port(input.port)?,
            transport: input.transport.map(Into::into),
            username: Some(input.username),
            password: Some(input.password),
            hotspot_server: input.hotspot_server,
            time_zone: input.time_zone,
            tls_trust: tls_trust(input.tls_trust, input.tls_fingerprint)?,
            sale_on: input.sale_recognition.map(Into::into),
        };
        let (id, written) = locations::create(&api.bus, &api.secrets, li, &metadata(ctx))
            .await
            .map_err(gql)?;
        location_after(ctx, &id, written).await
    }

    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn update_location(
        &self,
        ctx: &Context<'_>,
        id: String,
        input: UpdateLocationInput,
    ) -> Result<Location> {
        let api = api(ctx);
        let li = LocationInput {
            name: input.name,
            host: input.host,
            port: port(input.port)?,
            transport: input.transport.map(Into::into),
            username: input.username,
            password: input.password,
            hotspot_server: input.hotspot_server,
            time_zone: input.time_zone,
            tls_trust: tls_trust(input.tls_trust, input.tls_fingerprint)?,
            sale_on: input.sale_recognition.map(Into::into),
        };
        let written = locations::update(&api.bus, &api.secrets, &id, li, &metadata(ctx))
            .await
            .map_err(gql)?;
        location_after(ctx, &id, written).await
    }

    /// Deactivated locations keep their history; provisioning to them waits.
    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn set_location_active(
        &self,
        ctx: &Context<'_>,
        id: String,
        active: bool,
    ) -> Result<Location> {
        let written = locations::set_active(&api(ctx).bus, &id, active, &metadata(ctx))
            .await
            .map_err(gql)?;
        location_after(ctx, &id, written).await
    }
}
