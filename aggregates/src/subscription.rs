//! Subscription aggregate: one recurring PPPoE or hotspot account of a customer.
//!
//! Lifecycle: active → (expiry) grace → (grace over) disabled → (paid) active again, or
//! cancelled for good. Renewals are keyed by a reference (the invoice they pay), so one
//! invoice renews one period however often the payment flow is retried. Scheduler commands
//! (enter grace, disable) are no-ops when already done, so overlapping sweeps are harmless.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::billing_cycle::{BillingCycle, WIB, anchor_day};
use crate::error::{ErrorKind, HasErrorKind};
use crate::renewal::{MAX_PERIODS, RenewalPolicy, plan_renewal};
pub use crate::subscription_spec::{Plan, SubscriptionKind, SubscriptionSpec};

/// Longest grace an operator may configure.
pub const MAX_GRACE_DAYS: u32 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubscriptionStatus {
    #[default]
    Active,
    Grace,
    Disabled,
    Cancelled,
}

/// What the router has for this account, as the router-effects worker last left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouterAccountState {
    /// Present and enabled, its comment carrying this expiry.
    Enabled {
        expiry: DateTime<Utc>,
    },
    /// Present, disabled, sessions ended.
    Disabled,
    Removed,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SubscriptionCommand {
    CreateSubscription(SubscriptionSpec),
    ChangePlan(Plan),
    SetAutoRenew {
        enabled: bool,
    },
    RenewSubscription(RenewalRequest),
    EnterGrace {
        now: DateTime<Utc>,
    },
    DisableSubscription {
        now: DateTime<Utc>,
        grace_days: u32,
    },
    CancelSubscription {
        reason: String,
    },
    /// Outcome of the router-effects worker.
    RecordRouterState {
        state: RouterAccountState,
    },
}

/// A paid renewal as the payment flow asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalRequest {
    /// Idempotency key: the invoice (or other payment) this renewal is for.
    pub reference: String,
    pub paid_at: DateTime<Utc>,
    pub policy: RenewalPolicy,
    pub periods: u32,
}

/// Everything fixed when a subscription is created, plus its first plan and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSubscription {
    pub kind: SubscriptionKind,
    pub customer_id: String,
    pub location_id: String,
    pub username: String,
    pub password: String,
    #[serde(flatten)]
    pub plan: Plan,
    pub starts_at: DateTime<Utc>,
    pub expiry: DateTime<Utc>,
    pub anchor_day: u32,
    pub auto_renew: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SubscriptionEvent {
    SubscriptionCreated(NewSubscription),
    SubscriptionPlanChanged {
        #[serde(flatten)]
        plan: Plan,
        anchor_day: u32,
    },
    SubscriptionAutoRenewSet {
        enabled: bool,
    },
    SubscriptionRenewed {
        reference: String,
        paid_at: DateTime<Utc>,
        policy: RenewalPolicy,
        periods: u32,
        from: DateTime<Utc>,
        new_expiry: DateTime<Utc>,
        anchor_day: u32,
    },
    SubscriptionReactivated {
        at: DateTime<Utc>,
    },
    SubscriptionEnteredGrace {
        at: DateTime<Utc>,
        expiry: DateTime<Utc>,
    },
    SubscriptionDisabled {
        at: DateTime<Utc>,
        grace_ended_at: DateTime<Utc>,
    },
    SubscriptionCancelled {
        reason: String,
    },
    SubscriptionRouterUpdated {
        state: RouterAccountState,
    },
}

/// The stored names of the events other crates select by name (`Interests`, sagas'
/// matches): one spelling, so a rename is a compile error there.
impl SubscriptionEvent {
    pub const SUBSCRIPTION_CREATED: &'static str = "SubscriptionCreated";
    pub const SUBSCRIPTION_PLAN_CHANGED: &'static str = "SubscriptionPlanChanged";
    pub const SUBSCRIPTION_RENEWED: &'static str = "SubscriptionRenewed";
    pub const SUBSCRIPTION_REACTIVATED: &'static str = "SubscriptionReactivated";
    pub const SUBSCRIPTION_DISABLED: &'static str = "SubscriptionDisabled";
    pub const SUBSCRIPTION_CANCELLED: &'static str = "SubscriptionCancelled";
}

impl DomainEvent for SubscriptionEvent {
    fn event_type(&self) -> String {
        match self {
            Self::SubscriptionCreated(_) => Self::SUBSCRIPTION_CREATED,
            Self::SubscriptionPlanChanged { .. } => Self::SUBSCRIPTION_PLAN_CHANGED,
            Self::SubscriptionAutoRenewSet { .. } => "SubscriptionAutoRenewSet",
            Self::SubscriptionRenewed { .. } => Self::SUBSCRIPTION_RENEWED,
            Self::SubscriptionReactivated { .. } => Self::SUBSCRIPTION_REACTIVATED,
            Self::SubscriptionEnteredGrace { .. } => "SubscriptionEnteredGrace",
            Self::SubscriptionDisabled { .. } => Self::SUBSCRIPTION_DISABLED,
            Self::SubscriptionCancelled { .. } => Self::SUBSCRIPTION_CANCELLED,
            Self::SubscriptionRouterUpdated { .. } => "SubscriptionRouterUpdated",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubscriptionError {
    #[error("{0}")]
    Invalid(String),
    #[error("subscription already exists")]
    AlreadyExists,
    #[error("subscription not found")]
    NotFound,
    #[error("subscription is cancelled")]
    Cancelled,
    #[error("subscription is valid until {0}")]
    NotYetExpired(DateTime<Utc>),
    #[error("subscription is not in its grace period")]
    NotInGrace,
    #[error("grace period lasts until {0}")]
    GraceNotOver(DateTime<Utc>),
}

impl HasErrorKind for SubscriptionError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::AlreadyExists => ErrorKind::Conflict,
            Self::NotFound => ErrorKind::NotFound,
            _ => ErrorKind::Rejected,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    /// As created; `plan`, `expiry`, `anchor_day` and `auto_renew` below are the current values.
    pub created: Option<NewSubscription>,
    pub plan: Option<Plan>,
    pub expiry: Option<DateTime<Utc>>,
    pub anchor_day: u32,
    pub status: SubscriptionStatus,
    pub auto_renew: bool,
    /// References already renewed (exactly-once renewal per invoice).
    pub renewals: BTreeSet<String>,
    pub router_state: Option<RouterAccountState>,
}

fn invalid(msg: impl Into<String>) -> SubscriptionError {
    SubscriptionError::Invalid(msg.into())
}

fn create(spec: SubscriptionSpec) -> Result<Vec<SubscriptionEvent>, SubscriptionError> {
    let spec = spec.validated().map_err(SubscriptionError::Invalid)?;
    let (expiry, anchor) = match spec.expires_at {
        Some(expiry) => (expiry, anchor_day(expiry, WIB)),
        None => {
            let anchor = anchor_day(spec.starts_at, WIB);
            let expiry = spec.plan.cycle.next_expiry(spec.starts_at, anchor, WIB);
            (
                expiry.ok_or_else(|| invalid("expiry is out of range"))?,
                anchor,
            )
        }
    };
    Ok(vec![SubscriptionEvent::SubscriptionCreated(
        NewSubscription {
            kind: spec.kind,
            customer_id: spec.customer_id,
            location_id: spec.location_id,
            username: spec.username,
            password: spec.password,
            plan: spec.plan,
            starts_at: spec.starts_at,
            expiry,
            anchor_day: anchor,
            auto_renew: spec.auto_renew,
        },
    )])
}

impl Subscription {
    pub fn decide(
        &self,
        cmd: SubscriptionCommand,
    ) -> Result<Vec<SubscriptionEvent>, SubscriptionError> {
        use SubscriptionCommand as C;
        use SubscriptionEvent as E;
        use SubscriptionStatus as S;
        let (Some(plan), Some(expiry)) = (&self.plan, self.expiry) else {
            return match cmd {
                C::CreateSubscription(spec) => create(spec),
                _ => Err(SubscriptionError::NotFound),
            };
        };
        Ok(match (cmd, self.status) {
            (C::CreateSubscription(_), _) => return Err(SubscriptionError::AlreadyExists),
            (C::RecordRouterState { state }, _) if self.router_state.as_ref() == Some(&state) => {
                vec![]
            }
            (C::RecordRouterState { state }, _) => vec![E::SubscriptionRouterUpdated { state }],
            // A sweep that read a stale list finds nothing left to do on a cancelled account.
            (C::EnterGrace { .. } | C::DisableSubscription { .. }, S::Cancelled) => vec![],
            (C::CancelSubscription { .. }, S::Cancelled) => vec![],
            (_, S::Cancelled) => return Err(SubscriptionError::Cancelled),
            (C::ChangePlan(new), _) => self.change_plan(plan, new, expiry)?,
            (C::SetAutoRenew { enabled }, _) if enabled == self.auto_renew => vec![],
            (C::SetAutoRenew { enabled }, _) => vec![E::SubscriptionAutoRenewSet { enabled }],
            (C::RenewSubscription(request), _) => self.renew(plan.cycle, expiry, request)?,
            (C::EnterGrace { now }, S::Active) if now < expiry => {
                return Err(SubscriptionError::NotYetExpired(expiry));
            }
            (C::EnterGrace { now }, S::Active) => {
                vec![E::SubscriptionEnteredGrace { at: now, expiry }]
            }
            (C::EnterGrace { .. }, _) => vec![],
            (C::DisableSubscription { grace_days, .. }, _) if grace_days > MAX_GRACE_DAYS => {
                return Err(invalid("grace must be 0-90 days"));
            }
            (C::DisableSubscription { now, grace_days }, S::Grace) => {
                let grace_ended_at = expiry + Duration::days(i64::from(grace_days));
                if now < grace_ended_at {
                    return Err(SubscriptionError::GraceNotOver(grace_ended_at));
                }
                vec![E::SubscriptionDisabled {
                    at: now,
                    grace_ended_at,
                }]
            }
            (C::DisableSubscription { .. }, S::Disabled) => vec![],
            (C::DisableSubscription { .. }, _) => return Err(SubscriptionError::NotInGrace),
            (C::CancelSubscription { reason }, _) => {
                let reason = reason.trim().to_string();
                if reason.is_empty() || reason.chars().count() > 200 {
                    return Err(invalid("cancellation needs a reason of 1-200 characters"));
                }
                vec![E::SubscriptionCancelled { reason }]
            }
        })
    }

    /// A new plan applies from the next renewal; the paid period keeps its expiry.
    fn change_plan(
        &self,
        current: &Plan,
        new: Plan,
        expiry: DateTime<Utc>,
    ) -> Result<Vec<SubscriptionEvent>, SubscriptionError> {
        let plan = new.validated().map_err(SubscriptionError::Invalid)?;
        if &plan == current {
            return Ok(vec![]);
        }
        // Switching to monthly billing anchors on the day the current period ends.
        let anchor_day = match (current.cycle, plan.cycle) {
            (c, BillingCycle::Monthly) if c != BillingCycle::Monthly => anchor_day(expiry, WIB),
            _ => self.anchor_day,
        };
        Ok(vec![SubscriptionEvent::SubscriptionPlanChanged {
            plan,
            anchor_day,
        }])
    }

    fn renew(
        &self,
        cycle: BillingCycle,
        expiry: DateTime<Utc>,
        request: RenewalRequest,
    ) -> Result<Vec<SubscriptionEvent>, SubscriptionError> {
        let RenewalRequest {
            paid_at,
            policy,
            periods,
            ..
        } = request;
        let reference = request.reference.trim().to_string();
        if reference.is_empty() {
            return Err(invalid("renewal needs a reference"));
        }
        if self.renewals.contains(&reference) {
            return Ok(vec![]);
        }
        if !(1..=MAX_PERIODS).contains(&periods) {
            return Err(invalid("periods must be 1-12"));
        }
        let r = plan_renewal(
            expiry,
            self.anchor_day,
            cycle,
            paid_at,
            policy,
            periods,
            WIB,
        )
        .ok_or_else(|| invalid("expiry is out of range"))?;
        let mut events = vec![SubscriptionEvent::SubscriptionRenewed {
            reference,
            paid_at,
            policy,
            periods,
            from: r.from,
            new_expiry: r.new_expiry,
            anchor_day: r.anchor_day,
        }];
        // Re-enable at once when paid — unless the payment (old-expiry policy, long overdue)
        // still leaves the account expired; then it stays where it is until paid up.
        let lapsed = matches!(
            self.status,
            SubscriptionStatus::Grace | SubscriptionStatus::Disabled
        );
        if lapsed && r.new_expiry > paid_at {
            events.push(SubscriptionEvent::SubscriptionReactivated { at: paid_at });
        }
        Ok(events)
    }

    pub fn customer_id(&self) -> Option<&str> {
        self.created.as_ref().map(|c| c.customer_id.as_str())
    }
}

impl Aggregate for Subscription {
    const TYPE: &'static str = "Subscription";
    type Command = SubscriptionCommand;
    type Event = SubscriptionEvent;
    type Error = SubscriptionError;
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
        use SubscriptionEvent as E;
        match event {
            E::SubscriptionCreated(new) => {
                self.plan = Some(new.plan.clone());
                self.expiry = Some(new.expiry);
                self.anchor_day = new.anchor_day;
                self.auto_renew = new.auto_renew;
                self.status = SubscriptionStatus::Active;
                self.created = Some(new);
            }
            E::SubscriptionPlanChanged { plan, anchor_day } => {
                self.plan = Some(plan);
                self.anchor_day = anchor_day;
            }
            E::SubscriptionAutoRenewSet { enabled } => self.auto_renew = enabled,
            E::SubscriptionRenewed {
                reference,
                new_expiry,
                anchor_day,
                ..
            } => {
                self.expiry = Some(new_expiry);
                self.anchor_day = anchor_day;
                self.renewals.insert(reference);
            }
            E::SubscriptionReactivated { .. } => self.status = SubscriptionStatus::Active,
            E::SubscriptionEnteredGrace { .. } => self.status = SubscriptionStatus::Grace,
            E::SubscriptionDisabled { .. } => self.status = SubscriptionStatus::Disabled,
            E::SubscriptionCancelled { .. } => self.status = SubscriptionStatus::Cancelled,
            E::SubscriptionRouterUpdated { state } => self.router_state = Some(state),
        }
    }
}

#[cfg(test)]
#[path = "subscription_tests.rs"]
mod tests;
