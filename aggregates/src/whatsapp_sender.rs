//! WhatsAppSender aggregate: one sending session (a WAHA session, a Fonnte device, a Cloud
//! API phone number or a generic HTTP gateway), its priority among senders, whether it is in
//! service, and its health as the checks last saw it.
//!
//! Credentials arrive sealed (AES-GCM, by the command layer); the aggregate stores only the
//! ciphertext.

use chrono::{DateTime, Duration, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};

/// A health check is recorded at least this often even when nothing changed, so "last
/// check" stays meaningful without an event per probe.
const HEALTH_HEARTBEAT_MINUTES: i64 = 30;

/// Which wire protocol a sender speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Provider {
    Waha,
    Fonnte,
    CloudApi,
    Generic,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waha => "WAHA",
            Self::Fonnte => "FONNTE",
            Self::CloudApi => "CLOUD_API",
            Self::Generic => "GENERIC",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().replace('-', "_").as_str() {
            "WAHA" => Some(Self::Waha),
            "FONNTE" => Some(Self::Fonnte),
            "CLOUD_API" | "CLOUD" => Some(Self::CloudApi),
            "GENERIC" => Some(Self::Generic),
            _ => None,
        }
    }
}

/// Everything that describes a sender; used by create and update alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderSettings {
    pub name: String,
    pub provider: Provider,
    /// WAHA server, Fonnte/Cloud API host, or the generic URL template (`[number]`, `[text]`).
    pub base_url: String,
    /// WAHA session name (`default` on WAHA Core).
    pub session: Option<String>,
    /// Cloud API phone number id.
    pub phone_number_id: Option<String>,
    /// Cloud API Graph version, e.g. `v21.0`.
    pub api_version: Option<String>,
    /// Generic gateways: `GET` or `POST`, and the body template for POST.
    pub method: Option<String>,
    pub body_template: Option<String>,
    /// Lower is preferred; failover walks up.
    pub priority: i32,
    /// Sealed JSON of the provider's secrets (token, webhook secret, verify token).
    pub credentials_enc: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderHealth {
    pub at: DateTime<Utc>,
    pub ok: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SenderCommand {
    CreateSender(SenderSettings),
    UpdateSender(SenderSettings),
    DeactivateSender,
    ReactivateSender,
    RecordSenderHealth(SenderHealth),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SenderEvent {
    SenderCreated(SenderSettings),
    SenderUpdated(SenderSettings),
    SenderDeactivated,
    SenderReactivated,
    SenderHealthChecked(SenderHealth),
}

impl DomainEvent for SenderEvent {
    fn event_type(&self) -> String {
        match self {
            Self::SenderCreated(_) => "SenderCreated",
            Self::SenderUpdated(_) => "SenderUpdated",
            Self::SenderDeactivated => "SenderDeactivated",
            Self::SenderReactivated => "SenderReactivated",
            Self::SenderHealthChecked(_) => "SenderHealthChecked",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SenderError {
    #[error("{0}")]
    Invalid(String),
    #[error("sender already exists")]
    AlreadyExists,
    #[error("sender not found")]
    NotFound,
}

impl HasErrorKind for SenderError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::AlreadyExists => ErrorKind::Conflict,
            Self::NotFound => ErrorKind::NotFound,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WhatsAppSender {
    pub settings: Option<SenderSettings>,
    pub active: bool,
    pub health: Option<SenderHealth>,
}

fn trimmed(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl SenderSettings {
    /// Trims and checks; the first problem is reported by field name.
    pub fn validated(mut self) -> Result<Self, SenderError> {
        let bad = |m: &str| Err(SenderError::Invalid(m.to_string()));
        self.name = self.name.trim().to_string();
        self.base_url = self.base_url.trim().trim_end_matches('/').to_string();
        self.session = trimmed(self.session);
        self.phone_number_id = trimmed(self.phone_number_id);
        self.api_version = trimmed(self.api_version);
        self.method = trimmed(self.method).map(|m| m.to_ascii_uppercase());
        self.body_template = trimmed(self.body_template);
        if self.name.is_empty() || self.name.chars().count() > 100 {
            return bad("name must be 1-100 characters");
        }
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return bad("base url must start with http:// or https://");
        }
        if !(0..=1000).contains(&self.priority) {
            return bad("priority must be 0-1000");
        }
        if self.credentials_enc.is_empty() {
            return bad("credentials are required");
        }
        match self.provider {
            Provider::Waha if self.session.is_none() => self.session = Some("default".into()),
            Provider::CloudApi if self.phone_number_id.is_none() => {
                return bad("phone number id is required for the Cloud API");
            }
            Provider::Generic => {
                let carries_text = self.base_url.contains("[text]")
                    || self
                        .body_template
                        .as_deref()
                        .is_some_and(|b| b.contains("[text]"));
                if !carries_text {
                    return bad("the url or body template must contain [text]");
                }
                if !matches!(self.method.as_deref(), None | Some("GET") | Some("POST")) {
                    return bad("method must be GET or POST");
                }
            }
            _ => {}
        }
        Ok(self)
    }
}

impl WhatsAppSender {
    pub fn decide(&self, cmd: SenderCommand) -> Result<Vec<SenderEvent>, SenderError> {
        use SenderCommand as C;
        use SenderEvent as E;
        match (cmd, &self.settings) {
            (C::CreateSender(s), None) => Ok(vec![E::SenderCreated(s.validated()?)]),
            (C::CreateSender(_), Some(_)) => Err(SenderError::AlreadyExists),
            (_, None) => Err(SenderError::NotFound),
            (C::UpdateSender(s), Some(current)) => {
                let s = s.validated()?;
                Ok(if &s == current {
                    vec![]
                } else {
                    vec![E::SenderUpdated(s)]
                })
            }
            (C::DeactivateSender, _) if !self.active => Ok(vec![]),
            (C::DeactivateSender, _) => Ok(vec![E::SenderDeactivated]),
            (C::ReactivateSender, _) if self.active => Ok(vec![]),
            (C::ReactivateSender, _) => Ok(vec![E::SenderReactivated]),
            (C::RecordSenderHealth(h), _) => Ok(self.health_change(h)),
        }
    }

    /// Recorded on change, or as a heartbeat; an older check than the last one is ignored.
    fn health_change(&self, h: SenderHealth) -> Vec<SenderEvent> {
        let error = h.error.map(|e| e.chars().take(500).collect::<String>());
        let h = SenderHealth { error, ..h };
        match &self.health {
            Some(last) if h.at <= last.at => vec![],
            Some(last)
                if last.ok == h.ok
                    && last.error == h.error
                    && h.at - last.at < Duration::minutes(HEALTH_HEARTBEAT_MINUTES) =>
            {
                vec![]
            }
            _ => vec![SenderEvent::SenderHealthChecked(h)],
        }
    }

    /// Usable for sending: exists, active, and not known to be down.
    pub fn is_usable(&self) -> bool {
        self.settings.is_some() && self.active && self.health.as_ref().is_none_or(|h| h.ok)
    }
}

impl Aggregate for WhatsAppSender {
    const TYPE: &'static str = "WhatsAppSender";
    type Command = SenderCommand;
    type Event = SenderEvent;
    type Error = SenderError;
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
            SenderEvent::SenderCreated(s) => {
                self.settings = Some(s);
                self.active = true;
            }
            SenderEvent::SenderUpdated(s) => self.settings = Some(s),
            SenderEvent::SenderDeactivated => self.active = false,
            SenderEvent::SenderReactivated => self.active = true,
            SenderEvent::SenderHealthChecked(h) => self.health = Some(h),
        }
    }
}

#[cfg(test)]
#[path = "whatsapp_sender_tests.rs"]
mod tests;
