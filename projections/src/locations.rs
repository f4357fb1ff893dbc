//! Locations (routers) as the API lists them; the password stays encrypted.

use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::location::Location;
use tagih_aggregates::location::{LocationEvent as E, LocationSettings, TlsTrust, Transport};
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_sql};

#[derive(Debug, Clone, FromRow)]
pub struct LocationRow {
    pub id: String,
    pub name: String,
    pub host: String,
    pub port: i32,
    pub transport: String,
    pub username: String,
    pub password_enc: String,
    pub hotspot_server: String,
    pub time_zone: String,
    pub tls_trust: String,
    pub tls_fingerprint: Option<String>,
    pub router_token_enc: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
    /// ACTIVATION or HANDOVER: when voucher sales here are revenue.
    pub sale_on: String,
}

pub fn transport_name(t: Transport) -> &'static str {
    match t {
        Transport::Api => "API",
        Transport::ApiTls => "API_TLS",
        Transport::Rest => "REST",
    }
}

/// The API's name of a trust setting, and the pinned fingerprint if any.
pub fn tls_trust_parts(t: &TlsTrust) -> (&'static str, Option<String>) {
    match t {
        TlsTrust::Verify => ("VERIFY", None),
        TlsTrust::Pinned { fingerprint } => ("PINNED", Some(fingerprint.clone())),
        TlsTrust::AcceptSelfSigned => ("ACCEPT_SELF_SIGNED", None),
    }
}

fn with_settings(
    id: &str,
    s: LocationSettings,
    base: Option<LocationRow>,
    at: DateTime<Utc>,
) -> LocationRow {
    let (trust, fingerprint) = tls_trust_parts(&s.tls_trust);
    LocationRow {
        id: id.to_string(),
        name: s.name,
        host: s.host,
        port: i32::from(s.port),
        transport: transport_name(s.transport).to_string(),
        username: s.username,
        password_enc: s.password_enc,
        hotspot_server: s.hotspot_server,
        time_zone: s.time_zone,
        tls_trust: trust.to_string(),
        tls_fingerprint: fingerprint,
        router_token_enc: base.as_ref().and_then(|b| b.router_token_enc.clone()),
        active: base.as_ref().is_none_or(|b| b.active),
        created_at: base.as_ref().map_or(at, |b| b.created_at),
        updated_at: at,
        last_position: 0,
        sale_on: s.sale_on.as_str().to_string(),
    }
}

pub struct Locations;

impl RowModel for Locations {
    type Row = LocationRow;
    const NAME: &'static str = crate::names::LOCATIONS;
    const TABLE: &'static str = "rm_locations";

    fn interests() -> Interests {
        Interests::of::<Location>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<Location>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &LocationRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<LocationRow>,
        ev: &StoredEvent,
    ) -> Result<Option<LocationRow>, ProjectionError> {
        let at = ev.recorded_at;
        let mut row = match (ev.decode::<E>()?, row) {
            (E::LocationCreated(s), base) | (E::LocationUpdated(s), base @ Some(_)) => {
                with_settings(&ev.aggregate_id, s, base, at)
            }
            (_, None) => return Ok(None),
            (E::LocationDeactivated, Some(r)) => LocationRow {
                active: false,
                updated_at: at,
                ..r
            },
            (E::LocationReactivated, Some(r)) => LocationRow {
                active: true,
                updated_at: at,
                ..r
            },
            (E::LocationRouterTokenIssued { token_enc }, Some(r)) => LocationRow {
                router_token_enc: Some(token_enc),
                updated_at: at,
                ..r
            },
        };
        row.last_position = ev.position;
        Ok(Some(row))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, LocationRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &LocationRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<LocationRow>,
    ) -> sqlx::Result<()> {
        let sql = upsert_sql(
            &table,
            &[
                ("id", "text"),
                ("name", "text"),
                ("host", "text"),
                ("port", "int"),
                ("transport", "text"),
                ("username", "text"),
                ("password_enc", "text"),
                ("hotspot_server", "text"),
                ("time_zone", "text"),
                ("tls_trust", "text"),
                ("tls_fingerprint", "text"),
                ("router_token_enc", "text"),
                ("active", "bool"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
                ("last_position", "bigint"),
                ("sale_on", "text"),
            ],
        );
        let col = |f: fn(&LocationRow) -> String| rows.iter().map(f).collect::<Vec<_>>();
        sqlx::query(&sql)
            .bind(col(|r| r.id.clone()))
            .bind(col(|r| r.name.clone()))
            .bind(col(|r| r.host.clone()))
            .bind(rows.iter().map(|r| r.port).collect::<Vec<_>>())
            .bind(col(|r| r.transport.clone()))
            .bind(col(|r| r.username.clone()))
            .bind(col(|r| r.password_enc.clone()))
            .bind(col(|r| r.hotspot_server.clone()))
            .bind(col(|r| r.time_zone.clone()))
            .bind(col(|r| r.tls_trust.clone()))
            .bind(
                rows.iter()
                    .map(|r| r.tls_fingerprint.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(
                rows.iter()
                    .map(|r| r.router_token_enc.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(rows.iter().map(|r| r.active).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.created_at).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.updated_at).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.last_position).collect::<Vec<_>>())
            .bind(col(|r| r.sale_on.clone()))
            .execute(conn)
            .await?;
        Ok(())
    }
}
