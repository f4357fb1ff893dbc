//! What a consumer of the log reads: the aggregate types (and, where it needs only a few,
//! the event types) whose events concern it.
//!
//! The projection host reads the union of its consumers' interests (in SQL), hands each
//! consumer only batches that touch its interests, and moves the checkpoint of a consumer a
//! batch does not concern without calling it (docs/adr/0020-projection-host.md).

use crate::stored_event::StoredEvent;

/// One aggregate type, with every event type or only the listed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Interest {
    aggregate_type: &'static str,
    /// Empty: every event type of the aggregate.
    event_types: &'static [&'static str],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interests {
    every_event: bool,
    only: Vec<Interest>,
}

impl Interests {
    /// Every event of the log (tools and tests that must see everything).
    pub fn all() -> Self {
        Self {
            every_event: true,
            only: Vec::new(),
        }
    }

    /// Nothing at all (a consumer switched off by its settings).
    pub fn none() -> Self {
        Self {
            every_event: false,
            only: Vec::new(),
        }
    }

    /// Every event of these aggregate types.
    pub fn aggregates(types: &[&'static str]) -> Self {
        Self {
            every_event: false,
            only: types
                .iter()
                .map(|t| Interest {
                    aggregate_type: t,
                    event_types: &[],
                })
                .collect(),
        }
    }

    /// Every event of aggregate `A` (its type named by the registry's `A::TYPE`).
    pub fn of<A: cqrs_es::Aggregate>() -> Self {
        Self::aggregates(&[A::TYPE])
    }

    /// Only these event types (the event enum's name constants) of aggregate `A`.
    pub fn events_of<A: cqrs_es::Aggregate>(event_types: &'static [&'static str]) -> Self {
        Self::events(A::TYPE, event_types)
    }

    /// Only these event types of one aggregate type.
    pub fn events(aggregate_type: &'static str, event_types: &'static [&'static str]) -> Self {
        Self {
            every_event: false,
            only: vec![Interest {
                aggregate_type,
                event_types,
            }],
        }
    }

    /// Both interests.
    pub fn and(mut self, other: Interests) -> Self {
        self.every_event |= other.every_event;
        self.only.extend(other.only);
        self
    }

    pub fn matches(&self, ev: &StoredEvent) -> bool {
        self.every_event
            || self.only.iter().any(|i| {
                i.aggregate_type == ev.aggregate_type
                    && (i.event_types.is_empty() || i.event_types.contains(&ev.event_type.as_str()))
            })
    }

    /// The aggregate types to read, or `None` for the whole log.
    pub fn aggregate_types(&self) -> Option<Vec<String>> {
        if self.every_event {
            return None;
        }
        let mut types: Vec<String> = self
            .only
            .iter()
            .map(|i| i.aggregate_type.to_string())
            .collect();
        types.sort_unstable();
        types.dedup();
        Some(types)
    }

    /// The event types to read, or `None` when some aggregate type is read whole.
    pub fn event_types(&self) -> Option<Vec<String>> {
        if self.every_event || self.only.iter().any(|i| i.event_types.is_empty()) {
            return None;
        }
        let mut types: Vec<String> = self
            .only
            .iter()
            .flat_map(|i| i.event_types.iter().map(|t| t.to_string()))
            .collect();
        types.sort_unstable();
        types.dedup();
        Some(types)
    }

    /// The union of several consumers' interests.
    pub fn union<'a>(all: impl IntoIterator<Item = &'a Interests>) -> Interests {
        all.into_iter()
            .fold(Interests::none(), |acc, i| acc.and(i.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(aggregate_type: &str, event_type: &str) -> StoredEvent {
        StoredEvent {
            aggregate_type: aggregate_type.into(),
            aggregate_id: "a".into(),
            sequence: 1,
            event_type: event_type.into(),
            event_version: "1.0".into(),
            payload: "{}".into(),
            metadata: "{}".into(),
            position: 1,
            tx_id: 1,
            recorded_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn an_aggregate_interest_takes_every_event_type_of_it_and_nothing_else() {
        let i = Interests::aggregates(&["Customer"]);
        assert!(i.matches(&event("Customer", "CustomerCreated")));
        assert!(!i.matches(&event("Voucher", "VoucherGenerated")));
        assert_eq!(i.aggregate_types(), Some(vec!["Customer".to_string()]));
        assert_eq!(i.event_types(), None);
    }

    #[test]
    fn an_event_interest_takes_only_the_named_events() {
        let i = Interests::events("Payment", &["PaymentCallbackReceived"]);
        assert!(i.matches(&event("Payment", "PaymentCallbackReceived")));
        assert!(!i.matches(&event("Payment", "PaymentOpened")));
        assert_eq!(
            i.event_types(),
            Some(vec!["PaymentCallbackReceived".into()])
        );
    }

    #[test]
    fn a_union_reads_every_type_any_member_reads() {
        let a = Interests::aggregates(&["Voucher", "Customer"]);
        let b = Interests::events("Payment", &["PaymentCallbackReceived"]);
        let u = Interests::union([&a, &b]);
        assert_eq!(
            u.aggregate_types(),
            Some(vec!["Customer".into(), "Payment".into(), "Voucher".into()])
        );
        assert_eq!(
            Interests::union([&a, &Interests::all()]).aggregate_types(),
            None
        );
        assert!(!Interests::none().matches(&event("Customer", "CustomerCreated")));
    }
}
