//! MessageTemplate aggregate: the WhatsApp text of one category in one language, as a list
//! of versions. A rollback never rewrites history: it saves the old body as a new version.
//!
//! The stream id is `{category}:{language}` (e.g. `invoice:id`), so the sender finds a
//! template without a read model. Syntax and variables are checked by the command layer
//! (the template engine lives there) before a body reaches `decide`.

use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};

/// WhatsApp's own limit on a text message.
pub const MAX_BODY_CHARS: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateCategory {
    Welcome,
    Invoice,
    Payment,
    ExpiryReminder,
    /// Past the due date and still unpaid (the daily reminder after the due date).
    Overdue,
    Expired,
    Renewal,
    Support,
}

impl TemplateCategory {
    pub const ALL: [Self; 8] = [
        Self::Welcome,
        Self::Invoice,
        Self::Payment,
        Self::ExpiryReminder,
        Self::Overdue,
        Self::Expired,
        Self::Renewal,
        Self::Support,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Welcome => "welcome",
            Self::Invoice => "invoice",
            Self::Payment => "payment",
            Self::ExpiryReminder => "expiry_reminder",
            Self::Overdue => "overdue",
            Self::Expired => "expired",
            Self::Renewal => "renewal",
            Self::Support => "support",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Id,
    En,
}

impl Language {
    pub const ALL: [Self; 2] = [Self::Id, Self::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s))
    }
}

/// The stream id of a template.
pub fn template_id(category: TemplateCategory, language: Language) -> String {
    format!("{}:{}", category.as_str(), language.as_str())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateVersion {
    pub version: u32,
    pub body: String,
    pub saved_at: DateTime<Utc>,
    /// The version whose body this one restored, for a rollback.
    pub rolled_back_from: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TemplateCommand {
    /// A new version (the first one creates the template). An unchanged body is a no-op.
    SaveTemplate {
        category: TemplateCategory,
        language: Language,
        body: String,
        at: DateTime<Utc>,
    },
    /// The shipped default, only when the template has no version yet.
    SeedTemplate {
        category: TemplateCategory,
        language: Language,
        body: String,
        at: DateTime<Utc>,
    },
    Rollback {
        to_version: u32,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TemplateEvent {
    TemplateVersionSaved {
        category: TemplateCategory,
        language: Language,
        #[serde(flatten)]
        version: TemplateVersion,
    },
}

impl DomainEvent for TemplateEvent {
    fn event_type(&self) -> String {
        "TemplateVersionSaved".to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("{0}")]
    Invalid(String),
    #[error("template not found")]
    NotFound,
    #[error("template has no version {0}")]
    NoSuchVersion(u32),
}

impl HasErrorKind for TemplateError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::NotFound | Self::NoSuchVersion(_) => ErrorKind::NotFound,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageTemplate {
    pub key: Option<(TemplateCategory, Language)>,
    pub versions: Vec<TemplateVersion>,
}

impl MessageTemplate {
    pub fn current(&self) -> Option<&TemplateVersion> {
        self.versions.last()
    }

    fn next(
        &self,
        (category, language): (TemplateCategory, Language),
        body: String,
        at: DateTime<Utc>,
        rolled_back_from: Option<u32>,
    ) -> Result<Vec<TemplateEvent>, TemplateError> {
        let body = body.trim_end().to_string();
        if body.trim().is_empty() {
            return Err(TemplateError::Invalid("template body is empty".into()));
        }
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(TemplateError::Invalid(format!(
                "template body is longer than {MAX_BODY_CHARS} characters"
            )));
        }
        if self.current().is_some_and(|v| v.body == body) {
            return Ok(vec![]);
        }
        Ok(vec![TemplateEvent::TemplateVersionSaved {
            category,
            language,
            version: TemplateVersion {
                version: self.versions.len() as u32 + 1,
                body,
                saved_at: at,
                rolled_back_from,
            },
        }])
    }

    pub fn decide(&self, cmd: TemplateCommand) -> Result<Vec<TemplateEvent>, TemplateError> {
        use TemplateCommand as C;
        match cmd {
            C::SeedTemplate { .. } if self.key.is_some() => Ok(vec![]),
            C::SaveTemplate {
                category,
                language,
                body,
                at,
            }
            | C::SeedTemplate {
                category,
                language,
                body,
                at,
            } => match self.key {
                Some(key) if key != (category, language) => Err(TemplateError::Invalid(
                    "category and language of a template cannot change".into(),
                )),
                _ => self.next((category, language), body, at, None),
            },
            C::Rollback { to_version, at } => {
                let key = self.key.ok_or(TemplateError::NotFound)?;
                let old = self
                    .versions
                    .iter()
                    .find(|v| v.version == to_version)
                    .ok_or(TemplateError::NoSuchVersion(to_version))?;
                self.next(key, old.body.clone(), at, Some(to_version))
            }
        }
    }
}

impl Aggregate for MessageTemplate {
    const TYPE: &'static str = "MessageTemplate";
    type Command = TemplateCommand;
    type Event = TemplateEvent;
    type Error = TemplateError;
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
        let TemplateEvent::TemplateVersionSaved {
            category,
            language,
            version,
        } = event;
        self.key = Some((category, language));
        self.versions.push(version);
    }
}

#[cfg(test)]
#[path = "message_template_tests.rs"]
mod tests;
