//! Location aggregate: one RouterOS router, how to reach it, and whether it is in service.
//!
//! The router password arrives already encrypted (AES-GCM, done by the command layer);
//! the aggregate only stores the ciphertext.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};
use crate::voucher_sale::SaleRecognition;

/// The time zones of Indonesia's routers (WIB, WITA, WIT): reports cut days at the
/// location's own midnight.
pub const TIME_ZONES: [(&str, &str); 3] = [
    ("WIB", "Asia/Jakarta"),
    ("WITA", "Asia/Makassar"),
    ("WIT", "Asia/Jayapura"),
];

/// The IANA name of a time zone given as WIB/WITA/WIT or by its IANA name.
pub fn time_zone_name(given: &str) -> Option<&'static str> {
    let given = given.trim();
    TIME_ZONES
        .iter()
        .find(|(short, iana)| short.eq_ignore_ascii_case(given) || *iana == given)
        .map(|(_, iana)| *iana)
}

/// How Tagih talks to the router.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    #[default]
    Api,
    ApiTls,
    Rest,
}

/// Which TLS certificates of an API-TLS router are accepted. Routers ship self-signed
/// certificates; accepting them is an explicit, per-location decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TlsTrust {
    /// Chain and host name verified against the system's roots.
    #[default]
    Verify,
    /// Exactly the certificate with this SHA-256 fingerprint (hex, colons allowed).
    Pinned { fingerprint: String },
    /// Any certificate: encrypted but not authenticated.
    AcceptSelfSigned,
}

/// Everything that describes how to reach a router; used by create and update alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationSettings {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub transport: Transport,
    pub username: String,
    /// AES-GCM ciphertext, base64 (see commands::secrets).
    pub password_enc: String,
    pub hotspot_server: String,
    pub time_zone: String,
    /// Absent in events written before TLS trust was a setting: strict verification.
    #[serde(default)]
    pub tls_trust: TlsTrust,
    /// When voucher sales here are revenue; absent in older events: at first login.
    #[serde(default)]
    pub sale_on: SaleRecognition,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LocationCommand {
    CreateLocation(LocationSettings),
    UpdateLocation(LocationSettings),
    DeactivateLocation,
    ReactivateLocation,
    /// A new secret for the router's on-login webhook (AES-GCM ciphertext, base64).
    IssueRouterToken {
        token_enc: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LocationEvent {
    LocationCreated(LocationSettings),
    LocationUpdated(LocationSettings),
    LocationDeactivated,
    LocationReactivated,
    LocationRouterTokenIssued { token_enc: String },
}

impl DomainEvent for LocationEvent {
    fn event_type(&self) -> String {
        match self {
            Self::LocationCreated(_) => "LocationCreated",
            Self::LocationUpdated(_) => "LocationUpdated",
            Self::LocationDeactivated => "LocationDeactivated",
            Self::LocationReactivated => "LocationReactivated",
            Self::LocationRouterTokenIssued { .. } => "LocationRouterTokenIssued",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocationError {
    #[error("{0}")]
    Invalid(String),
    #[error("location already exists")]
    AlreadyExists,
    #[error("location not found")]
    NotFound,
    #[error("location is deactivated")]
    Inactive,
}

impl HasErrorKind for LocationError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::AlreadyExists => ErrorKind::Conflict,
            Self::NotFound => ErrorKind::NotFound,
            Self::Inactive => ErrorKind::Rejected,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub settings: Option<LocationSettings>,
    pub active: bool,
    pub router_token_enc: Option<String>,
}

impl LocationSettings {
    /// Trims text fields and checks each; the first problem is reported by field name.
    pub fn validated(mut self) -> Result<Self, LocationError> {
        for f in [
            &mut self.name,
            &mut self.host,
            &mut self.username,
            &mut self.hotspot_server,
        ] {
            *f = f.trim().to_string();
        }
        let bad = |m: &str| Err(LocationError::Invalid(m.to_string()));
        if self.name.is_empty() || self.name.chars().count() > 100 {
            return bad("name must be 1-100 characters");
        }
        let host_ok = |c: char| c.is_ascii_alphanumeric() || ".-:[]".contains(c);
        if self.host.is_empty() || self.host.len() > 253 || !self.host.chars().all(host_ok) {
            return bad("host must be a hostname or IP address");
        }
        if self.port == 0 {
            return bad("port must be 1-65535");
        }
        if self.username.is_empty() || self.username.len() > 64 {
            return bad("username must be 1-64 characters");
        }
        if self.password_enc.is_empty() {
            return bad("password is required");
        }
        if self.hotspot_server.len() > 64 {
            return bad("hotspot server name must be at most 64 characters");
        }
        if let TlsTrust::Pinned { fingerprint } = &mut self.tls_trust {
            let hex: String = fingerprint
                .chars()
                .filter(|c| *c != ':' && !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return bad("tls fingerprint must be a SHA-256 in hex (64 digits)");
            }
            *fingerprint = hex;
        }
        if self.time_zone.trim().is_empty() {
            self.time_zone = "Asia/Jakarta".to_string();
        }
        match time_zone_name(&self.time_zone) {
            Some(tz) => self.time_zone = tz.to_string(),
            None => {
                return bad(
                    "time zone must be WIB (Asia/Jakarta), WITA (Asia/Makassar) or WIT (Asia/Jayapura)",
                );
            }
        }
        Ok(self)
    }
}

impl Location {
    pub fn decide(&self, cmd: LocationCommand) -> Result<Vec<LocationEvent>, LocationError> {
        use LocationCommand as C;
        use LocationEvent as E;
        match (cmd, &self.settings) {
            (C::CreateLocation(s), None) => Ok(vec![E::LocationCreated(s.validated()?)]),
            (C::CreateLocation(_), Some(_)) => Err(LocationError::AlreadyExists),
            (_, None) => Err(LocationError::NotFound),
            (C::UpdateLocation(_), Some(_)) if !self.active => Err(LocationError::Inactive),
            (C::UpdateLocation(s), Some(current)) => {
                let s = s.validated()?;
                Ok(if &s == current {
                    vec![]
                } else {
                    vec![E::LocationUpdated(s)]
                })
            }
            (C::DeactivateLocation, Some(_)) if !self.active => Ok(vec![]),
            (C::DeactivateLocation, Some(_)) => Ok(vec![E::LocationDeactivated]),
            (C::ReactivateLocation, Some(_)) if self.active => Ok(vec![]),
            (C::ReactivateLocation, Some(_)) => Ok(vec![E::LocationReactivated]),
            (C::IssueRouterToken { token_enc }, Some(_)) if token_enc.is_empty() => Err(
                LocationError::Invalid("router token must not be empty".into()),
            ),
            (C::IssueRouterToken { token_enc }, Some(_)) => {
                Ok(vec![E::LocationRouterTokenIssued { token_enc }])
            }
        }
    }
}

impl Aggregate for Location {
    const TYPE: &'static str = "Location";
    type Command = LocationCommand;
    type Event = LocationEvent;
    type Error = LocationError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let events = self.decide(command)?;
        crate::write_all!(self, sink, events)
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            LocationEvent::LocationCreated(s) => {
                self.settings = Some(s);
                self.active = true;
            }
            LocationEvent::LocationUpdated(s) => self.settings = Some(s),
            LocationEvent::LocationDeactivated => self.active = false,
            LocationEvent::LocationReactivated => self.active = true,
            LocationEvent::LocationRouterTokenIssued { token_enc } => {
                self.router_token_enc = Some(token_enc)
            }
        }
    }
}

#[cfg(test)]
#[path = "location_tests.rs"]
mod tests;
