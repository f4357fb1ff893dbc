//! WhatsAppOptOut aggregate: one stream per phone number (`628…`) saying whether its owner
//! asked not to receive WhatsApp notifications. Keyed by the number, not the customer, so a
//! number shared by two customers is honoured for both.

use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};

#[derive(Debug, Clone, PartialEq)]
pub enum OptOutCommand {
    OptOut { reason: String, at: DateTime<Utc> },
    OptIn { at: DateTime<Utc> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OptOutEvent {
    WhatsAppOptedOut { reason: String, at: DateTime<Utc> },
    WhatsAppOptedIn { at: DateTime<Utc> },
}

impl DomainEvent for OptOutEvent {
    fn event_type(&self) -> String {
        match self {
            Self::WhatsAppOptedOut { .. } => "WhatsAppOptedOut",
            Self::WhatsAppOptedIn { .. } => "WhatsAppOptedIn",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptOutError {
    #[error("{0}")]
    Invalid(String),
}

impl HasErrorKind for OptOutError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WhatsAppOptOut {
    pub opted_out: bool,
    pub reason: Option<String>,
}

impl WhatsAppOptOut {
    pub fn decide(&self, cmd: OptOutCommand) -> Result<Vec<OptOutEvent>, OptOutError> {
        Ok(match cmd {
            OptOutCommand::OptOut { .. } if self.opted_out => vec![],
            OptOutCommand::OptOut { reason, at } => {
                let reason: String = reason.trim().chars().take(200).collect();
                vec![OptOutEvent::WhatsAppOptedOut { reason, at }]
            }
            OptOutCommand::OptIn { at } if self.opted_out => {
                vec![OptOutEvent::WhatsAppOptedIn { at }]
            }
            OptOutCommand::OptIn { .. } => vec![],
        })
    }
}

impl Aggregate for WhatsAppOptOut {
    const TYPE: &'static str = "WhatsAppOptOut";
    type Command = OptOutCommand;
    type Event = OptOutEvent;
    type Error = OptOutError;
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
            OptOutEvent::WhatsAppOptedOut { reason, .. } => {
                self.opted_out = true;
                self.reason = Some(reason);
            }
            OptOutEvent::WhatsAppOptedIn { .. } => {
                self.opted_out = false;
                self.reason = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use cqrs_es::test::TestFramework;

    use super::*;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn opting_out_twice_records_once_and_opting_in_undoes_it() {
        let out = OptOutEvent::WhatsAppOptedOut {
            reason: "STOP".into(),
            at: at(),
        };
        TestFramework::<WhatsAppOptOut>::with(())
            .given(vec![out.clone()])
            .when(OptOutCommand::OptOut {
                reason: "again".into(),
                at: at(),
            })
            .then_expect_events(vec![]);
        TestFramework::<WhatsAppOptOut>::with(())
            .given(vec![out])
            .when(OptOutCommand::OptIn { at: at() })
            .then_expect_events(vec![OptOutEvent::WhatsAppOptedIn { at: at() }]);
        TestFramework::<WhatsAppOptOut>::with(())
            .given_no_previous_events()
            .when(OptOutCommand::OptIn { at: at() })
            .then_expect_events(vec![]);
    }
}
