//! Location aggregate: one RouterOS router, how to reach it, and whether it is in service.
//!
//! The router password arrives already encrypted (AES-GCM, done by the command layer);
//! the aggregate only stores the ciphertext.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};

/// How Tagih talks to the router.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    #[default]
    Api,
    ApiTls,
    Rest,
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
}

#[derive(Debug, Clone, PartialEq)]
pub enum LocationCommand {
    CreateLocation(LocationSettings),
    UpdateLocation(LocationSettings),
    DeactivateLocation,
    ReactivateLocation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LocationEvent {
    LocationCreated(LocationSettings),
    LocationUpdated(LocationSettings),
    LocationDeactivated,
    LocationReactivated,
}

impl DomainEvent for LocationEvent {
    fn event_type(&self) -> String {
        match self {
            Self::LocationCreated(_) => "LocationCreated",
            Self::LocationUpdated(_) => "LocationUpdated",
            Self::LocationDeactivated => "LocationDeactivated",
            Self::LocationReactivated => "LocationReactivated",
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
        if self.time_zone.trim().is_empty() {
            self.time_zone = "Asia/Jakarta".to_string();
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
        }
    }
}

#[cfg(test)]
#[path = "location_tests.rs"]
mod tests;
