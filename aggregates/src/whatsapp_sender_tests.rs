use chrono::TimeZone;
use cqrs_es::test::TestFramework;

use super::*;

type Given = TestFramework<WhatsAppSender>;

/// A way to break the input, and the message expected.
type Case = (fn(&mut SenderSettings), &'static str);

fn settings() -> SenderSettings {
    SenderSettings {
        name: "WAHA kantor".into(),
        provider: Provider::Waha,
        base_url: "http://waha:3000".into(),
        session: Some("default".into()),
        phone_number_id: None,
        api_version: None,
        method: None,
        body_template: None,
        priority: 10,
        credentials_enc: "sealed".into(),
    }
}

fn at(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
        .single()
        .unwrap_or_default()
        + Duration::minutes(min)
}

fn health(min: i64, ok: bool) -> SenderHealth {
    SenderHealth {
        at: at(min),
        ok,
        error: (!ok).then(|| "session STOPPED".to_string()),
    }
}

#[test]
fn creating_a_waha_sender_defaults_its_session_and_trims_the_url() {
    let mut raw = settings();
    raw.session = None;
    raw.base_url = " http://waha:3000/ ".into();
    Given::with(())
        .given_no_previous_events()
        .when(SenderCommand::CreateSender(raw))
        .then_expect_events(vec![SenderEvent::SenderCreated(settings())]);
}

#[test]
fn invalid_settings_name_the_field() {
    let cases: Vec<Case> = vec![
        (|s| s.name = " ".into(), "name must be 1-100 characters"),
        (
            |s| s.base_url = "waha:3000".into(),
            "base url must start with http:// or https://",
        ),
        (|s| s.priority = -1, "priority must be 0-1000"),
        (
            |s| s.credentials_enc = String::new(),
            "credentials are required",
        ),
        (
            |s| s.provider = Provider::CloudApi,
            "phone number id is required for the Cloud API",
        ),
        (
            |s| s.provider = Provider::Generic,
            "the url or body template must contain [text]",
        ),
    ];
    for (break_it, message) in cases {
        let mut s = settings();
        break_it(&mut s);
        Given::with(())
            .given_no_previous_events()
            .when(SenderCommand::CreateSender(s))
            .then_expect_error(SenderError::Invalid(message.into()));
    }
}

#[test]
fn deactivating_twice_records_once() {
    Given::with(())
        .given(vec![
            SenderEvent::SenderCreated(settings()),
            SenderEvent::SenderDeactivated,
        ])
        .when(SenderCommand::DeactivateSender)
        .then_expect_events(vec![]);
}

#[test]
fn health_is_recorded_on_change_and_as_a_heartbeat_only() {
    let created = SenderEvent::SenderCreated(settings());
    let first = SenderEvent::SenderHealthChecked(health(0, true));
    Given::with(())
        .given(vec![created.clone(), first.clone()])
        .when(SenderCommand::RecordSenderHealth(health(5, true)))
        .then_expect_events(vec![]);
    Given::with(())
        .given(vec![created.clone(), first.clone()])
        .when(SenderCommand::RecordSenderHealth(health(5, false)))
        .then_expect_events(vec![SenderEvent::SenderHealthChecked(health(5, false))]);
    Given::with(())
        .given(vec![created.clone(), first.clone()])
        .when(SenderCommand::RecordSenderHealth(health(31, true)))
        .then_expect_events(vec![SenderEvent::SenderHealthChecked(health(31, true))]);
    Given::with(())
        .given(vec![
            created,
            SenderEvent::SenderHealthChecked(health(10, false)),
        ])
        .when(SenderCommand::RecordSenderHealth(health(5, true)))
        .then_expect_events(vec![]);
}

#[test]
fn a_sender_that_failed_its_check_is_not_usable_until_it_recovers() {
    let mut s = WhatsAppSender::default();
    s.apply(SenderEvent::SenderCreated(settings()));
    assert!(s.is_usable());
    s.apply(SenderEvent::SenderHealthChecked(health(1, false)));
    assert!(!s.is_usable());
    s.apply(SenderEvent::SenderHealthChecked(health(2, true)));
    assert!(s.is_usable());
    s.apply(SenderEvent::SenderDeactivated);
    assert!(!s.is_usable());
}

#[test]
fn commands_on_a_missing_sender_are_not_found() {
    Given::with(())
        .given_no_previous_events()
        .when(SenderCommand::ReactivateSender)
        .then_expect_error(SenderError::NotFound);
}
