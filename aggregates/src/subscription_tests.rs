use chrono::TimeZone;
use cqrs_es::test::TestFramework;
use rust_decimal_macros::dec;

use super::*;

type Given = TestFramework<Subscription>;

/// 00:00 WIB on a 2026 date.
fn wib(m: u32, d: u32) -> DateTime<Utc> {
    WIB.with_ymd_and_hms(2026, m, d, 0, 0, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn plan() -> Plan {
    Plan {
        profile: "10Mbps".into(),
        price: dec!(150000),
        cycle: BillingCycle::Monthly,
    }
}

fn spec() -> SubscriptionSpec {
    SubscriptionSpec {
        kind: SubscriptionKind::Pppoe,
        customer_id: "cust-1".into(),
        location_id: "loc-1".into(),
        username: "budi01".into(),
        password: "rahasia01".into(),
        plan: plan(),
        starts_at: wib(1, 31),
        expires_at: None,
        auto_renew: false,
    }
}

fn new_subscription() -> NewSubscription {
    NewSubscription {
        kind: SubscriptionKind::Pppoe,
        customer_id: "cust-1".into(),
        location_id: "loc-1".into(),
        username: "budi01".into(),
        password: "rahasia01".into(),
        plan: plan(),
        starts_at: wib(1, 31),
        expiry: wib(2, 28),
        anchor_day: 31,
        auto_renew: false,
    }
}

fn created() -> Vec<SubscriptionEvent> {
    vec![SubscriptionEvent::SubscriptionCreated(new_subscription())]
}

fn in_grace() -> Vec<SubscriptionEvent> {
    let mut e = created();
    e.push(SubscriptionEvent::SubscriptionEnteredGrace {
        at: wib(2, 28),
        expiry: wib(2, 28),
    });
    e
}

fn disabled() -> Vec<SubscriptionEvent> {
    let mut e = in_grace();
    e.push(SubscriptionEvent::SubscriptionDisabled {
        at: wib(3, 3),
        grace_ended_at: wib(3, 3),
    });
    e
}

fn cancelled() -> Vec<SubscriptionEvent> {
    let mut e = created();
    e.push(SubscriptionEvent::SubscriptionCancelled {
        reason: "moved away".into(),
    });
    e
}

fn renew(reference: &str, paid_at: DateTime<Utc>, policy: RenewalPolicy) -> SubscriptionCommand {
    SubscriptionCommand::RenewSubscription(RenewalRequest {
        reference: reference.into(),
        paid_at,
        policy,
        periods: 1,
    })
}

fn renewed(
    reference: &str,
    paid_at: DateTime<Utc>,
    policy: RenewalPolicy,
    from: DateTime<Utc>,
    new_expiry: DateTime<Utc>,
    anchor_day: u32,
) -> SubscriptionEvent {
    SubscriptionEvent::SubscriptionRenewed {
        reference: reference.into(),
        paid_at,
        policy,
        periods: 1,
        from,
        new_expiry,
        anchor_day,
    }
}

#[test]
fn creating_starts_the_first_period_and_remembers_the_anchor_day() {
    Given::with(())
        .given_no_previous_events()
        .when(SubscriptionCommand::CreateSubscription(spec()))
        .then_expect_events(created());
}

#[test]
fn a_migrated_subscriber_keeps_the_expiry_it_had() {
    let mut migrated = spec();
    migrated.expires_at = Some(wib(3, 15));
    let mut expected = new_subscription();
    expected.expiry = wib(3, 15);
    expected.anchor_day = 15;
    Given::with(())
        .given_no_previous_events()
        .when(SubscriptionCommand::CreateSubscription(migrated))
        .then_expect_events(vec![SubscriptionEvent::SubscriptionCreated(expected)]);
}

#[test]
fn bad_credentials_are_refused_before_they_reach_a_router() {
    let mut bad = spec();
    bad.password = "pass word".into();
    Given::with(())
        .given_no_previous_events()
        .when(SubscriptionCommand::CreateSubscription(bad))
        .then_expect_error_message(
            "password must be 1-64 characters: letters, digits or '.' '_' '-' '@' '#' '%' '+' '*' '!' ':' ',' '~' '^' '=' '&'",
        );
}

#[test]
fn creating_twice_is_a_conflict_and_other_commands_need_a_subscription() {
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::CreateSubscription(spec()))
        .then_expect_error(SubscriptionError::AlreadyExists);
    Given::with(())
        .given_no_previous_events()
        .when(SubscriptionCommand::EnterGrace { now: wib(3, 1) })
        .then_expect_error(SubscriptionError::NotFound);
}

#[test]
fn a_plan_change_applies_from_the_next_renewal_and_only_when_it_changes() {
    let cheaper = Plan {
        price: dec!(100000),
        ..plan()
    };
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::ChangePlan(cheaper.clone()))
        .then_expect_events(vec![SubscriptionEvent::SubscriptionPlanChanged {
            plan: cheaper,
            anchor_day: 31,
        }]);
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::ChangePlan(plan()))
        .then_expect_events(vec![]);
}

#[test]
fn switching_to_monthly_anchors_on_the_day_the_paid_period_ends() {
    let mut weekly = new_subscription();
    weekly.plan.cycle = BillingCycle::Weekly;
    weekly.expiry = wib(2, 7);
    weekly.anchor_day = 31;
    Given::with(())
        .given(vec![SubscriptionEvent::SubscriptionCreated(weekly)])
        .when(SubscriptionCommand::ChangePlan(plan()))
        .then_expect_events(vec![SubscriptionEvent::SubscriptionPlanChanged {
            plan: plan(),
            anchor_day: 7,
        }]);
}

#[test]
fn auto_renew_is_recorded_only_when_it_changes() {
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::SetAutoRenew { enabled: true })
        .then_expect_events(vec![SubscriptionEvent::SubscriptionAutoRenewSet {
            enabled: true,
        }]);
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::SetAutoRenew { enabled: false })
        .then_expect_events(vec![]);
}

#[test]
fn paying_before_expiry_extends_from_the_old_expiry() {
    let policy = RenewalPolicy::FromPaymentDate;
    Given::with(())
        .given(created())
        .when(renew("inv-2", wib(2, 20), policy))
        .then_expect_events(vec![renewed(
            "inv-2",
            wib(2, 20),
            policy,
            wib(2, 28),
            wib(3, 31),
            31,
        )]);
}

#[test]
fn the_same_invoice_renews_once() {
    let policy = RenewalPolicy::FromOldExpiry;
    let mut given = created();
    given.push(renewed(
        "inv-2",
        wib(2, 20),
        policy,
        wib(2, 28),
        wib(3, 31),
        31,
    ));
    Given::with(())
        .given(given)
        .when(renew("inv-2", wib(2, 21), policy))
        .then_expect_events(vec![]);
}

#[test]
fn paying_during_grace_renews_and_reactivates() {
    let policy = RenewalPolicy::FromOldExpiry;
    Given::with(())
        .given(in_grace())
        .when(renew("inv-2", wib(3, 2), policy))
        .then_expect_events(vec![
            renewed("inv-2", wib(3, 2), policy, wib(2, 28), wib(3, 31), 31),
            SubscriptionEvent::SubscriptionReactivated { at: wib(3, 2) },
        ]);
}

#[test]
fn a_disabled_account_paid_late_restarts_from_the_payment_date_when_the_policy_says_so() {
    let policy = RenewalPolicy::FromPaymentDate;
    Given::with(())
        .given(disabled())
        .when(renew("inv-2", wib(3, 10), policy))
        .then_expect_events(vec![
            renewed("inv-2", wib(3, 10), policy, wib(3, 10), wib(4, 10), 10),
            SubscriptionEvent::SubscriptionReactivated { at: wib(3, 10) },
        ]);
}

#[test]
fn a_payment_that_still_leaves_the_account_expired_does_not_reactivate_it() {
    let policy = RenewalPolicy::FromOldExpiry;
    Given::with(())
        .given(disabled())
        .when(renew("inv-2", wib(5, 10), policy))
        .then_expect_events(vec![renewed(
            "inv-2",
            wib(5, 10),
            policy,
            wib(2, 28),
            wib(3, 31),
            31,
        )]);
}

#[test]
fn renewals_need_a_reference_and_a_sane_number_of_periods() {
    let mut too_many = RenewalRequest {
        reference: "inv-2".into(),
        paid_at: wib(2, 20),
        policy: RenewalPolicy::FromOldExpiry,
        periods: 13,
    };
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::RenewSubscription(too_many.clone()))
        .then_expect_error(SubscriptionError::Invalid("periods must be 1-12".into()));
    too_many.periods = 1;
    too_many.reference = " ".into();
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::RenewSubscription(too_many))
        .then_expect_error(SubscriptionError::Invalid(
            "renewal needs a reference".into(),
        ));
}

#[test]
fn grace_starts_only_at_expiry_and_only_once() {
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::EnterGrace { now: wib(2, 27) })
        .then_expect_error(SubscriptionError::NotYetExpired(wib(2, 28)));
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::EnterGrace { now: wib(2, 28) })
        .then_expect_events(vec![SubscriptionEvent::SubscriptionEnteredGrace {
            at: wib(2, 28),
            expiry: wib(2, 28),
        }]);
    Given::with(())
        .given(in_grace())
        .when(SubscriptionCommand::EnterGrace { now: wib(3, 1) })
        .then_expect_events(vec![]);
    Given::with(())
        .given(disabled())
        .when(SubscriptionCommand::EnterGrace { now: wib(3, 5) })
        .then_expect_events(vec![]);
}

#[test]
fn disabling_waits_for_the_end_of_grace() {
    let disable = |now, grace_days| SubscriptionCommand::DisableSubscription { now, grace_days };
    Given::with(())
        .given(created())
        .when(disable(wib(3, 10), 3))
        .then_expect_error(SubscriptionError::NotInGrace);
    Given::with(())
        .given(in_grace())
        .when(disable(wib(3, 2), 3))
        .then_expect_error(SubscriptionError::GraceNotOver(wib(3, 3)));
    Given::with(())
        .given(in_grace())
        .when(disable(wib(3, 3), 3))
        .then_expect_events(vec![SubscriptionEvent::SubscriptionDisabled {
            at: wib(3, 3),
            grace_ended_at: wib(3, 3),
        }]);
    Given::with(())
        .given(disabled())
        .when(disable(wib(3, 4), 3))
        .then_expect_events(vec![]);
    Given::with(())
        .given(in_grace())
        .when(disable(wib(9, 1), 91))
        .then_expect_error(SubscriptionError::Invalid("grace must be 0-90 days".into()));
}

#[test]
fn cancelling_needs_a_reason_and_ends_billing_for_good() {
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::CancelSubscription { reason: " ".into() })
        .then_expect_error(SubscriptionError::Invalid(
            "cancellation needs a reason of 1-200 characters".into(),
        ));
    Given::with(())
        .given(created())
        .when(SubscriptionCommand::CancelSubscription {
            reason: " moved away ".into(),
        })
        .then_expect_events(vec![SubscriptionEvent::SubscriptionCancelled {
            reason: "moved away".into(),
        }]);
    Given::with(())
        .given(cancelled())
        .when(renew("inv-2", wib(2, 20), RenewalPolicy::FromOldExpiry))
        .then_expect_error(SubscriptionError::Cancelled);
    Given::with(())
        .given(cancelled())
        .when(SubscriptionCommand::EnterGrace { now: wib(3, 1) })
        .then_expect_events(vec![]);
    Given::with(())
        .given(cancelled())
        .when(SubscriptionCommand::CancelSubscription {
            reason: "again".into(),
        })
        .then_expect_events(vec![]);
}

#[test]
fn state_follows_the_lifecycle() {
    let mut s = Subscription::default();
    for e in disabled() {
        s.apply(e);
    }
    s.apply(renewed(
        "inv-2",
        wib(3, 10),
        RenewalPolicy::FromPaymentDate,
        wib(3, 10),
        wib(4, 10),
        10,
    ));
    assert_eq!(s.status, SubscriptionStatus::Disabled);
    s.apply(SubscriptionEvent::SubscriptionReactivated { at: wib(3, 10) });
    assert_eq!(s.status, SubscriptionStatus::Active);
    assert_eq!((s.expiry, s.anchor_day), (Some(wib(4, 10)), 10));
    assert!(s.renewals.contains("inv-2"));
    assert_eq!(s.customer_id(), Some("cust-1"));
}

#[test]
fn events_survive_a_round_trip_through_the_store() {
    let mut events = disabled();
    events.push(SubscriptionEvent::SubscriptionPlanChanged {
        plan: Plan {
            cycle: BillingCycle::Days(30),
            ..plan()
        },
        anchor_day: 7,
    });
    for event in events {
        let json = serde_json::to_string(&event).unwrap();
        let back: SubscriptionEvent = serde_json::from_str(&json).unwrap();
        assert_eq!(back, event, "{json}");
    }
}

#[test]
fn a_router_state_is_recorded_only_when_it_changes() {
    use super::RouterAccountState as R;
    let mut given = created();
    Given::with(())
        .given(given.clone())
        .when(SubscriptionCommand::RecordRouterState { state: R::Disabled })
        .then_expect_events(vec![SubscriptionEvent::SubscriptionRouterUpdated {
            state: R::Disabled,
        }]);
    given.push(SubscriptionEvent::SubscriptionRouterUpdated { state: R::Disabled });
    Given::with(())
        .given(given)
        .when(SubscriptionCommand::RecordRouterState { state: R::Disabled })
        .then_expect_events(vec![]);
}
