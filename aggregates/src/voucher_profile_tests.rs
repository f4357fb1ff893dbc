use cqrs_es::test::TestFramework;
use rust_decimal_macros::dec;

use super::*;

/// A way to break the input, and the message expected.
type Case = (fn(&mut VoucherProfileSpec), &'static str);

type Given = TestFramework<VoucherProfile>;

fn spec() -> VoucherProfileSpec {
    VoucherProfileSpec {
        location_id: "loc-1".into(),
        name: "1 Hari".into(),
        price_sell: dec!(5000),
        price_cost: dec!(3500),
        validity_secs: 86_400,
        rate_limit: Some("2M/2M".into()),
        uptime_limit_secs: None,
        data_quota_bytes: Some(1_073_741_824),
    }
}

fn upsert(s: VoucherProfileSpec) -> VoucherProfileCommand {
    VoucherProfileCommand::UpsertVoucherProfile(s)
}

#[test]
fn the_first_upsert_creates_the_profile_with_normalised_prices() {
    let mut raw = spec();
    raw.price_sell = dec!(5000.00);
    raw.name = " 1 Hari ".into();
    Given::with(())
        .given_no_previous_events()
        .when(upsert(raw))
        .then_expect_events(vec![VoucherProfileEvent::VoucherProfileCreated(spec())]);
}

#[test]
fn a_later_upsert_updates_only_when_something_changed() {
    let mut dearer = spec();
    dearer.price_sell = dec!(6000);
    Given::with(())
        .given(vec![VoucherProfileEvent::VoucherProfileCreated(spec())])
        .when(upsert(dearer.clone()))
        .then_expect_events(vec![VoucherProfileEvent::VoucherProfileUpdated(dearer)]);
    Given::with(())
        .given(vec![VoucherProfileEvent::VoucherProfileCreated(spec())])
        .when(upsert(spec()))
        .then_expect_events(vec![]);
}

#[test]
fn bad_prices_validity_and_limits_are_refused_with_the_reason() {
    let cases: Vec<Case> = vec![
        (
            |s| s.price_sell = dec!(-1),
            "priceSell must not be negative",
        ),
        (
            |s| s.price_cost = dec!(0.001),
            "priceCost has more than 2 decimal places",
        ),
        (
            |s| s.validity_secs = 0,
            "validity must be between 1 second and 10 years",
        ),
        (
            |s| s.rate_limit = Some("fast".into()),
            "rate limit must look like 2M/2M",
        ),
        (
            |s| s.uptime_limit_secs = Some(0),
            "uptime limit must be positive",
        ),
        (
            |s| s.data_quota_bytes = Some(-5),
            "data quota must be positive",
        ),
        (
            |s| s.name = "<script>".into(),
            "name must be 1-64 letters, digits, spaces, '.', '_' or '-'",
        ),
    ];
    for (break_it, message) in cases {
        let mut s = spec();
        break_it(&mut s);
        Given::with(())
            .given_no_previous_events()
            .when(upsert(s))
            .then_expect_error(VoucherProfileError::Invalid(message.into()));
    }
}

#[test]
fn a_profile_cannot_change_location() {
    let mut moved = spec();
    moved.location_id = "loc-2".into();
    Given::with(())
        .given(vec![VoucherProfileEvent::VoucherProfileCreated(spec())])
        .when(upsert(moved))
        .then_expect_error(VoucherProfileError::Invalid(
            "a profile cannot move to another location".into(),
        ));
}

#[test]
fn retiring_is_idempotent_and_an_upsert_revives() {
    let retired = vec![
        VoucherProfileEvent::VoucherProfileCreated(spec()),
        VoucherProfileEvent::VoucherProfileRetired,
    ];
    Given::with(())
        .given(vec![VoucherProfileEvent::VoucherProfileCreated(spec())])
        .when(VoucherProfileCommand::RetireVoucherProfile)
        .then_expect_events(vec![VoucherProfileEvent::VoucherProfileRetired]);
    Given::with(())
        .given(retired.clone())
        .when(VoucherProfileCommand::RetireVoucherProfile)
        .then_expect_events(vec![]);
    Given::with(())
        .given(retired)
        .when(upsert(spec()))
        .then_expect_events(vec![VoucherProfileEvent::VoucherProfileUpdated(spec())]);
}

#[test]
fn retiring_a_missing_profile_is_not_found() {
    Given::with(())
        .given_no_previous_events()
        .when(VoucherProfileCommand::RetireVoucherProfile)
        .then_expect_error(VoucherProfileError::NotFound);
}
