//! RouterDrift aggregate: what the router sync found different between a router and Tagih,
//! and what it repaired. One stream per location per day; a check that finds exactly what
//! the previous one found records nothing.

use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DriftKind {
    /// Tagih expects the user on the router; it is not there.
    Missing,
    /// On the router, unknown to Tagih (never touched by a repair).
    Unknown,
    ProfileChanged,
    PasswordChanged,
    DisabledMismatch,
    /// On the router with Tagih's PPPoE marker, but no subscription of Tagih wants it there
    /// (cancelled, or unknown): a repair disables it, never deletes it.
    Extra,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DriftItem {
    pub kind: DriftKind,
    pub username: String,
    pub voucher_id: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// The subscription whose account this is (PPPoE secrets, named hotspot users).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
    /// True for a `/ppp/secret`; false (absent) for a `/ip/hotspot/user`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ppp: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairFailure {
    pub item: DriftItem,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RouterDriftCommand {
    RecordDriftCheck {
        location_id: String,
        at: DateTime<Utc>,
        users_on_router: u32,
        items: Vec<DriftItem>,
    },
    RecordDriftRepair {
        location_id: String,
        at: DateTime<Utc>,
        repaired: Vec<DriftItem>,
        failed: Vec<RepairFailure>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RouterDriftEvent {
    RouterDriftChecked {
        location_id: String,
        at: DateTime<Utc>,
        users_on_router: u32,
        items: Vec<DriftItem>,
    },
    RouterDriftRepaired {
        location_id: String,
        at: DateTime<Utc>,
        repaired: Vec<DriftItem>,
        failed: Vec<RepairFailure>,
    },
}

impl DomainEvent for RouterDriftEvent {
    fn event_type(&self) -> String {
        match self {
            Self::RouterDriftChecked { .. } => "RouterDriftChecked",
            Self::RouterDriftRepaired { .. } => "RouterDriftRepaired",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouterDriftError {
    #[error("{0}")]
    Invalid(String),
}

impl HasErrorKind for RouterDriftError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RouterDrift {
    pub last_items: Option<Vec<DriftItem>>,
}

impl RouterDrift {
    pub fn decide(
        &self,
        cmd: RouterDriftCommand,
    ) -> Result<Vec<RouterDriftEvent>, RouterDriftError> {
        use RouterDriftCommand as C;
        use RouterDriftEvent as E;
        match cmd {
            C::RecordDriftCheck { location_id, .. } | C::RecordDriftRepair { location_id, .. }
                if location_id.is_empty() =>
            {
                Err(RouterDriftError::Invalid("location is required".into()))
            }
            C::RecordDriftCheck {
                location_id,
                at,
                users_on_router,
                mut items,
            } => {
                items.sort();
                if self.last_items.as_ref() == Some(&items) {
                    return Ok(vec![]);
                }
                Ok(vec![E::RouterDriftChecked {
                    location_id,
                    at,
                    users_on_router,
                    items,
                }])
            }
            C::RecordDriftRepair {
                repaired, failed, ..
            } if repaired.is_empty() && failed.is_empty() => Ok(vec![]),
            C::RecordDriftRepair {
                location_id,
                at,
                repaired,
                failed,
            } => Ok(vec![E::RouterDriftRepaired {
                location_id,
                at,
                repaired,
                failed,
            }]),
        }
    }
}

impl Aggregate for RouterDrift {
    const TYPE: &'static str = "RouterDrift";
    type Command = RouterDriftCommand;
    type Event = RouterDriftEvent;
    type Error = RouterDriftError;
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
            RouterDriftEvent::RouterDriftChecked { items, .. } => self.last_items = Some(items),
            // After a repair the next check must be recorded even if it finds the same.
            RouterDriftEvent::RouterDriftRepaired { .. } => self.last_items = None,
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

    fn missing(name: &str) -> DriftItem {
        DriftItem {
            kind: DriftKind::Missing,
            username: name.into(),
            voucher_id: Some(format!("v-{name}")),
            expected: None,
            actual: None,
            subscription_id: None,
            ppp: false,
        }
    }

    fn check(items: Vec<DriftItem>) -> RouterDriftCommand {
        RouterDriftCommand::RecordDriftCheck {
            location_id: "loc-1".into(),
            at: at(),
            users_on_router: 3,
            items,
        }
    }

    #[test]
    fn a_check_records_its_items_sorted() {
        TestFramework::<RouterDrift>::with(())
            .given_no_previous_events()
            .when(check(vec![missing("B"), missing("A")]))
            .then_expect_events(vec![RouterDriftEvent::RouterDriftChecked {
                location_id: "loc-1".into(),
                at: at(),
                users_on_router: 3,
                items: vec![missing("A"), missing("B")],
            }]);
    }

    #[test]
    fn the_same_findings_twice_record_nothing() {
        TestFramework::<RouterDrift>::with(())
            .given(vec![RouterDriftEvent::RouterDriftChecked {
                location_id: "loc-1".into(),
                at: at(),
                users_on_router: 3,
                items: vec![missing("A")],
            }])
            .when(check(vec![missing("A")]))
            .then_expect_events(vec![]);
    }

    #[test]
    fn an_empty_repair_records_nothing() {
        TestFramework::<RouterDrift>::with(())
            .given_no_previous_events()
            .when(RouterDriftCommand::RecordDriftRepair {
                location_id: "loc-1".into(),
                at: at(),
                repaired: vec![],
                failed: vec![],
            })
            .then_expect_events(vec![]);
    }
}
