//! RouterHealth aggregate: what the health job saw of one router. One stream per location
//! per day (`{location_id}@{yyyy-mm-dd}`), so a stream stays short however long the router
//! lives; the job records a check when something changed or a heartbeat is due.

use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};

/// One probe of `/system/resource` and `/system/identity` (or the error that stopped it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCheck {
    pub location_id: String,
    pub at: DateTime<Utc>,
    pub online: bool,
    pub latency_ms: Option<i64>,
    pub identity: Option<String>,
    pub version: Option<String>,
    pub board: Option<String>,
    pub uptime_secs: Option<i64>,
    pub cpu_load: Option<i32>,
    pub free_memory: Option<i64>,
    pub total_memory: Option<i64>,
    pub error: Option<String>,
}

/// The stream a check belongs to: the location's stream of that (UTC) day.
pub fn stream_id(location_id: &str, at: DateTime<Utc>) -> String {
    format!("{location_id}@{}", at.format("%Y-%m-%d"))
}

#[derive(Debug, Clone, PartialEq)]
pub enum RouterHealthCommand {
    RecordHealth(HealthCheck),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RouterHealthEvent {
    RouterHealthChecked(HealthCheck),
}

impl DomainEvent for RouterHealthEvent {
    fn event_type(&self) -> String {
        "RouterHealthChecked".to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouterHealthError {
    #[error("{0}")]
    Invalid(String),
}

impl HasErrorKind for RouterHealthError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RouterHealth {
    pub last: Option<HealthCheck>,
}

impl RouterHealth {
    pub fn decide(
        &self,
        cmd: RouterHealthCommand,
    ) -> Result<Vec<RouterHealthEvent>, RouterHealthError> {
        let RouterHealthCommand::RecordHealth(mut check) = cmd;
        if check.location_id.is_empty() {
            return Err(RouterHealthError::Invalid("location is required".into()));
        }
        if self.last.as_ref().is_some_and(|l| l.at > check.at) {
            // A slower instance's older probe must not overwrite a newer one.
            return Ok(vec![]);
        }
        // Router strings are untrusted: keep them short.
        for field in [
            &mut check.identity,
            &mut check.version,
            &mut check.board,
            &mut check.error,
        ] {
            if let Some(text) = field.as_mut() {
                *text = text.chars().take(500).collect();
            }
        }
        Ok(vec![RouterHealthEvent::RouterHealthChecked(check)])
    }
}

impl Aggregate for RouterHealth {
    const TYPE: &'static str = "RouterHealth";
    type Command = RouterHealthCommand;
    type Event = RouterHealthEvent;
    type Error = RouterHealthError;
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
        let RouterHealthEvent::RouterHealthChecked(check) = event;
        self.last = Some(check);
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use cqrs_es::test::TestFramework;

    use super::*;

    fn check(minute: u32) -> HealthCheck {
        HealthCheck {
            location_id: "loc-1".into(),
            at: Utc
                .with_ymd_and_hms(2026, 11, 24, 8, minute, 0)
                .single()
                .unwrap_or_default(),
            online: true,
            latency_ms: Some(3),
            identity: Some("Desa".into()),
            version: Some("7.18 (stable)".into()),
            board: None,
            uptime_secs: Some(600),
            cpu_load: Some(4),
            free_memory: None,
            total_memory: None,
            error: None,
        }
    }

    #[test]
    fn a_check_is_recorded() {
        TestFramework::<RouterHealth>::with(())
            .given_no_previous_events()
            .when(RouterHealthCommand::RecordHealth(check(1)))
            .then_expect_events(vec![RouterHealthEvent::RouterHealthChecked(check(1))]);
    }

    #[test]
    fn an_older_check_than_the_last_one_is_ignored() {
        TestFramework::<RouterHealth>::with(())
            .given(vec![RouterHealthEvent::RouterHealthChecked(check(5))])
            .when(RouterHealthCommand::RecordHealth(check(1)))
            .then_expect_events(vec![]);
    }

    #[test]
    fn streams_are_per_location_and_day() {
        assert_eq!(stream_id("loc-1", check(1).at), "loc-1@2026-11-24");
    }
}
