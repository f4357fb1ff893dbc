use chrono::TimeZone;
use cqrs_es::test::TestFramework;
use rust_decimal_macros::dec;

use super::*;

type Given = TestFramework<Voucher>;

pub(super) fn issue() -> VoucherIssue {
    VoucherIssue {
        batch_id: "b1".into(),
        location_id: "loc-1".into(),
        profile_id: "p1".into(),
        profile_name: "1 Hari".into(),
        code: "HSABCD2345".into(),
        password: "HSABCD2345".into(),
        price_sell: dec!(5000),
        price_cost: dec!(3500),
        validity_secs: 86_400,
        rate_limit: Some("2M/2M".into()),
        uptime_limit_secs: None,
        data_quota_bytes: None,
        sale_on: SaleRecognition::Activation,
        generated_by: Some("admin-1".into()),
    }
}

pub(super) fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, h, 0, 0)
        .single()
        .unwrap_or_default()
}

pub(super) fn generated() -> Vec<VoucherEvent> {
    vec![VoucherEvent::VoucherGenerated(issue())]
}

pub(super) fn activated() -> Vec<VoucherEvent> {
    let mut e = generated();
    e.push(VoucherEvent::VoucherProvisioned { attempt: 1 });
    e.push(VoucherEvent::VoucherActivated {
        first_login_at: at(8),
        valid_until: at(8) + Duration::days(1),
        source: ActivationSource::RouterWebhook,
    });
    e.push(VoucherEvent::VoucherSold(activation_sale(at(8))));
    e
}

pub(super) fn activation_sale(at: DateTime<Utc>) -> VoucherSale {
    VoucherSale {
        batch_id: "b1".into(),
        location_id: "loc-1".into(),
        profile_id: "p1".into(),
        profile_name: "1 Hari".into(),
        price: dec!(5000),
        cost: dec!(3500),
        channel: SaleChannel::Activation,
        reseller: None,
        operator: Some("admin-1".into()),
        sold_at: at,
    }
}

fn expired() -> Vec<VoucherEvent> {
    let mut e = activated();
    e.push(VoucherEvent::VoucherExpired {
        at: at(8) + Duration::days(1),
    });
    e
}

#[test]
fn generating_records_the_issue() {
    Given::with(())
        .given_no_previous_events()
        .when(VoucherCommand::GenerateVoucher(issue()))
        .then_expect_events(generated());
}

#[test]
fn generating_twice_is_a_conflict_and_other_commands_need_a_voucher() {
    Given::with(())
        .given(generated())
        .when(VoucherCommand::GenerateVoucher(issue()))
        .then_expect_error(VoucherError::AlreadyExists);
    Given::with(())
        .given_no_previous_events()
        .when(VoucherCommand::RecordProvisioned { attempt: 1 })
        .then_expect_error(VoucherError::NotFound);
}

#[test]
fn provisioning_outcomes_count_only_while_generated() {
    Given::with(())
        .given(generated())
        .when(VoucherCommand::RecordProvisioned { attempt: 2 })
        .then_expect_events(vec![VoucherEvent::VoucherProvisioned { attempt: 2 }]);
    Given::with(())
        .given(generated())
        .when(VoucherCommand::RecordProvisioningFailed {
            attempt: 1,
            error: "timeout".into(),
        })
        .then_expect_events(vec![VoucherEvent::VoucherProvisioningFailed {
            attempt: 1,
            error: "timeout".into(),
        }]);
    // A late duplicate from a retried outbox row changes nothing.
    Given::with(())
        .given(activated())
        .when(VoucherCommand::RecordProvisioned { attempt: 3 })
        .then_expect_events(vec![]);
    Given::with(())
        .given(activated())
        .when(VoucherCommand::RecordProvisioningFailed {
            attempt: 3,
            error: "x".into(),
        })
        .then_expect_events(vec![]);
}

#[test]
fn activation_sets_valid_until_from_first_login_plus_validity() {
    let mut provisioned = generated();
    provisioned.push(VoucherEvent::VoucherProvisioned { attempt: 1 });
    Given::with(())
        .given(provisioned)
        .when(VoucherCommand::ActivateVoucher {
            first_login_at: at(8),
            source: ActivationSource::RouterWebhook,
        })
        .then_expect_events(vec![
            VoucherEvent::VoucherActivated {
                first_login_at: at(8),
                valid_until: at(8) + Duration::days(1),
                source: ActivationSource::RouterWebhook,
            },
            VoucherEvent::VoucherSold(activation_sale(at(8))),
        ]);
}

#[test]
fn a_login_seen_before_provisioning_was_recorded_still_activates() {
    Given::with(())
        .given(generated())
        .when(VoucherCommand::ActivateVoucher {
            first_login_at: at(9),
            source: ActivationSource::RouterWebhook,
        })
        .then_expect_events(vec![
            VoucherEvent::VoucherActivated {
                first_login_at: at(9),
                valid_until: at(9) + Duration::days(1),
                source: ActivationSource::RouterWebhook,
            },
            VoucherEvent::VoucherSold(activation_sale(at(9))),
        ]);
}

#[test]
fn the_first_activation_wins_and_later_ones_are_no_ops() {
    Given::with(())
        .given(activated())
        .when(VoucherCommand::ActivateVoucher {
            first_login_at: at(10),
            source: ActivationSource::RouterWebhook,
        })
        .then_expect_events(vec![]);
    Given::with(())
        .given(expired())
        .when(VoucherCommand::ActivateVoucher {
            first_login_at: at(10),
            source: ActivationSource::RouterWebhook,
        })
        .then_expect_events(vec![]);
}

#[test]
fn a_revoked_voucher_cannot_be_activated() {
    let mut revoked = generated();
    revoked.push(VoucherEvent::VoucherRevoked {
        reason: "lost".into(),
    });
    Given::with(())
        .given(revoked)
        .when(VoucherCommand::ActivateVoucher {
            first_login_at: at(8),
            source: ActivationSource::RouterWebhook,
        })
        .then_expect_error(VoucherError::Revoked);
}

#[test]
fn expiry_waits_for_valid_until() {
    Given::with(())
        .given(activated())
        .when(VoucherCommand::ExpireVoucher { now: at(20) })
        .then_expect_error(VoucherError::NotYetExpired(at(8) + Duration::days(1)));
    Given::with(())
        .given(activated())
        .when(VoucherCommand::ExpireVoucher {
            now: at(9) + Duration::days(1),
        })
        .then_expect_events(vec![VoucherEvent::VoucherExpired {
            at: at(9) + Duration::days(1),
        }]);
    Given::with(())
        .given(expired())
        .when(VoucherCommand::ExpireVoucher {
            now: at(12) + Duration::days(2),
        })
        .then_expect_events(vec![]);
    Given::with(())
        .given(generated())
        .when(VoucherCommand::ExpireVoucher { now: at(9) })
        .then_expect_error(VoucherError::NotActivated);
}

#[test]
fn removal_follows_expiry_or_revocation_only() {
    Given::with(())
        .given(expired())
        .when(VoucherCommand::RecordRemoved)
        .then_expect_events(vec![VoucherEvent::VoucherRemoved]);
    let mut removed = expired();
    removed.push(VoucherEvent::VoucherRemoved);
    Given::with(())
        .given(removed)
        .when(VoucherCommand::RecordRemoved)
        .then_expect_events(vec![]);
    Given::with(())
        .given(activated())
        .when(VoucherCommand::RecordRemoved)
        .then_expect_error(VoucherError::StillInUse);
}

#[test]
fn revocation_needs_a_reason_and_is_idempotent() {
    Given::with(())
        .given(activated())
        .when(VoucherCommand::RevokeVoucher {
            reason: " lost card ".into(),
        })
        .then_expect_events(vec![VoucherEvent::VoucherRevoked {
            reason: "lost card".into(),
        }]);
    Given::with(())
        .given(generated())
        .when(VoucherCommand::RevokeVoucher { reason: " ".into() })
        .then_expect_error(VoucherError::ReasonRequired);
    let mut revoked = generated();
    revoked.push(VoucherEvent::VoucherRevoked {
        reason: "lost".into(),
    });
    Given::with(())
        .given(revoked)
        .when(VoucherCommand::RevokeVoucher {
            reason: "again".into(),
        })
        .then_expect_events(vec![]);
    Given::with(())
        .given(expired())
        .when(VoucherCommand::RevokeVoucher {
            reason: "late".into(),
        })
        .then_expect_error(VoucherError::AlreadyEnded);
}

#[test]
fn the_activation_write_back_is_recorded_once() {
    Given::with(())
        .given(activated())
        .when(VoucherCommand::RecordActivationWrittenBack)
        .then_expect_events(vec![VoucherEvent::VoucherActivationWrittenBack]);
    let mut written = activated();
    written.push(VoucherEvent::VoucherActivationWrittenBack);
    Given::with(())
        .given(written)
        .when(VoucherCommand::RecordActivationWrittenBack)
        .then_expect_events(vec![]);
}

#[test]
fn expiry_enforcement_on_the_router_is_recorded_once_and_only_after_expiry() {
    Given::with(())
        .given(expired())
        .when(VoucherCommand::RecordDisabledOnRouter {
            sessions_removed: 1,
        })
        .then_expect_events(vec![VoucherEvent::VoucherDisabledOnRouter {
            sessions_removed: 1,
        }]);
    let mut disabled = expired();
    disabled.push(VoucherEvent::VoucherDisabledOnRouter {
        sessions_removed: 1,
    });
    Given::with(())
        .given(disabled)
        .when(VoucherCommand::RecordDisabledOnRouter {
            sessions_removed: 0,
        })
        .then_expect_events(vec![]);
    Given::with(())
        .given(activated())
        .when(VoucherCommand::RecordDisabledOnRouter {
            sessions_removed: 0,
        })
        .then_expect_events(vec![]);
}
