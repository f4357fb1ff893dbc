use cqrs_es::test::TestFramework;

use super::*;

#[test]
fn time_zones_are_the_three_of_indonesia_by_either_name() {
    let mut raw = settings();
    raw.time_zone = "wita".into();
    assert_eq!(raw.clone().validated().unwrap().time_zone, "Asia/Makassar");
    raw.time_zone = "Asia/Jayapura".into();
    assert_eq!(raw.clone().validated().unwrap().time_zone, "Asia/Jayapura");
    raw.time_zone = "Europe/Paris".into();
    assert!(raw.validated().is_err());
}

/// A way to break the input, and the message expected.
type Case = (fn(&mut LocationSettings), &'static str);

type Given = TestFramework<Location>;

fn settings() -> LocationSettings {
    LocationSettings {
        name: "Desa Sukamaju".into(),
        host: "10.10.0.1".into(),
        port: 8728,
        transport: Transport::Api,
        username: "api".into(),
        password_enc: "ciphertext".into(),
        hotspot_server: "hotspot1".into(),
        time_zone: "Asia/Jakarta".into(),
        tls_trust: TlsTrust::Verify,
        sale_on: SaleRecognition::Activation,
    }
}

#[test]
fn creating_a_location_trims_and_records_its_settings() {
    let mut raw = settings();
    raw.name = "  Desa Sukamaju ".into();
    Given::with(())
        .given_no_previous_events()
        .when(LocationCommand::CreateLocation(raw))
        .then_expect_events(vec![LocationEvent::LocationCreated(settings())]);
}

#[test]
fn a_blank_time_zone_defaults_to_jakarta() {
    let mut raw = settings();
    raw.time_zone = " ".into();
    Given::with(())
        .given_no_previous_events()
        .when(LocationCommand::CreateLocation(raw))
        .then_expect_events(vec![LocationEvent::LocationCreated(settings())]);
}

#[test]
fn invalid_settings_name_the_field() {
    let cases: Vec<Case> = vec![
        (|s| s.name = String::new(), "name must be 1-100 characters"),
        (
            |s| s.host = "bad host".into(),
            "host must be a hostname or IP address",
        ),
        (|s| s.port = 0, "port must be 1-65535"),
        (
            |s| s.username = String::new(),
            "username must be 1-64 characters",
        ),
        (|s| s.password_enc = String::new(), "password is required"),
    ];
    for (break_it, message) in cases {
        let mut s = settings();
        break_it(&mut s);
        Given::with(())
            .given_no_previous_events()
            .when(LocationCommand::CreateLocation(s))
            .then_expect_error(LocationError::Invalid(message.into()));
    }
}

#[test]
fn creating_an_existing_location_is_a_conflict() {
    Given::with(())
        .given(vec![LocationEvent::LocationCreated(settings())])
        .when(LocationCommand::CreateLocation(settings()))
        .then_expect_error(LocationError::AlreadyExists);
}

#[test]
fn updating_records_only_real_changes() {
    let mut changed = settings();
    changed.port = 8729;
    changed.transport = Transport::ApiTls;
    Given::with(())
        .given(vec![LocationEvent::LocationCreated(settings())])
        .when(LocationCommand::UpdateLocation(changed.clone()))
        .then_expect_events(vec![LocationEvent::LocationUpdated(changed)]);
    Given::with(())
        .given(vec![LocationEvent::LocationCreated(settings())])
        .when(LocationCommand::UpdateLocation(settings()))
        .then_expect_events(vec![]);
}

#[test]
fn a_deactivated_location_cannot_be_updated_until_reactivated() {
    let deactivated = vec![
        LocationEvent::LocationCreated(settings()),
        LocationEvent::LocationDeactivated,
    ];
    Given::with(())
        .given(deactivated.clone())
        .when(LocationCommand::UpdateLocation(settings()))
        .then_expect_error(LocationError::Inactive);
    Given::with(())
        .given(deactivated.clone())
        .when(LocationCommand::DeactivateLocation)
        .then_expect_events(vec![]);
    Given::with(())
        .given(deactivated)
        .when(LocationCommand::ReactivateLocation)
        .then_expect_events(vec![LocationEvent::LocationReactivated]);
}

#[test]
fn commands_on_a_missing_location_are_not_found() {
    Given::with(())
        .given_no_previous_events()
        .when(LocationCommand::DeactivateLocation)
        .then_expect_error(LocationError::NotFound);
}

#[test]
fn a_pinned_fingerprint_is_normalised_to_lowercase_hex() {
    let mut raw = settings();
    let hex = "AB".repeat(32);
    let with_colons = hex
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join(":");
    raw.tls_trust = TlsTrust::Pinned {
        fingerprint: with_colons,
    };
    let mut expected = settings();
    expected.tls_trust = TlsTrust::Pinned {
        fingerprint: "ab".repeat(32),
    };
    Given::with(())
        .given_no_previous_events()
        .when(LocationCommand::CreateLocation(raw))
        .then_expect_events(vec![LocationEvent::LocationCreated(expected)]);
}

#[test]
fn a_malformed_fingerprint_is_refused() {
    let mut raw = settings();
    raw.tls_trust = TlsTrust::Pinned {
        fingerprint: "abc".into(),
    };
    Given::with(())
        .given_no_previous_events()
        .when(LocationCommand::CreateLocation(raw))
        .then_expect_error(LocationError::Invalid(
            "tls fingerprint must be a SHA-256 in hex (64 digits)".into(),
        ));
}

#[test]
fn a_router_token_can_be_issued_and_reissued() {
    Given::with(())
        .given(vec![LocationEvent::LocationCreated(settings())])
        .when(LocationCommand::IssueRouterToken {
            token_enc: "sealed".into(),
        })
        .then_expect_events(vec![LocationEvent::LocationRouterTokenIssued {
            token_enc: "sealed".into(),
        }]);
    Given::with(())
        .given_no_previous_events()
        .when(LocationCommand::IssueRouterToken {
            token_enc: "sealed".into(),
        })
        .then_expect_error(LocationError::NotFound);
}
