use cqrs_es::test::TestFramework;

use super::*;

type Given = TestFramework<PluginInstall>;

fn package(version: &str, hash: char) -> PluginPackage {
    PluginPackage {
        version: version.into(),
        sha256: hash.to_string().repeat(64),
        manifest: ManifestSummary {
            name: "duitku".into(),
            version: version.into(),
            author: "Tagih".into(),
            description: "Duitku payment gateway".into(),
            channels: vec![ChannelSummary {
                code: "BC".into(),
                name: "BCA Virtual Account".into(),
            }],
            hosts: vec!["sandbox.duitku.com".into()],
            hooks: vec![],
        },
        source: PluginSource::Upload,
        signed_by: Some("tagih-2026".into()),
    }
}

fn install(version: &str, hash: char, settings_valid: bool) -> PluginCommand {
    PluginCommand::InstallPlugin {
        package: Box::new(package(version, hash)),
        settings_valid,
    }
}

fn installed(version: &str, hash: char, settings_valid: bool) -> PluginEvent {
    PluginEvent::PluginInstalled {
        package: Box::new(package(version, hash)),
        settings_valid,
    }
}

fn settings() -> BTreeMap<String, PluginSetting> {
    [
        ("merchant_code", "D0001", false),
        ("api_key", "c2VhbGVkLWNpcGhlcnRleHQ=", true),
    ]
    .into_iter()
    .map(|(k, v, secret)| {
        let setting = PluginSetting {
            value: v.into(),
            secret,
        };
        (k.to_string(), setting)
    })
    .collect()
}

fn update(validated: bool) -> PluginCommand {
    PluginCommand::UpdatePluginSettings {
        settings: settings(),
        validated,
    }
}

fn active() -> Vec<PluginEvent> {
    vec![
        installed("1.0.0", 'a', false),
        PluginEvent::PluginSettingsUpdated {
            settings: settings(),
            valid: true,
        },
        PluginEvent::PluginActivated,
    ]
}

fn state(events: Vec<PluginEvent>) -> PluginInstall {
    let mut plugin = PluginInstall::default();
    for e in events {
        plugin.apply(e);
    }
    plugin
}

#[test]
fn installing_records_the_package_and_its_manifest() {
    Given::with(())
        .given_no_previous_events()
        .when(install("1.0.0", 'a', false))
        .then_expect_events(vec![installed("1.0.0", 'a', false)]);
}

#[test]
fn a_newer_version_replaces_the_installed_one_and_an_active_plugin_stays_active() {
    Given::with(())
        .given(active())
        .when(install("1.1.0", 'b', true))
        .then_expect_events(vec![installed("1.1.0", 'b', true)]);
    let mut e = active();
    e.push(installed("1.1.0", 'b', true));
    let s = state(e);
    assert!(s.active && s.settings_valid);
    assert_eq!(s.package.unwrap().version, "1.1.0");
}

#[test]
fn the_same_package_again_is_a_no_op_and_an_older_or_equal_version_is_refused() {
    let given = vec![installed("1.2.0", 'a', false)];
    Given::with(())
        .given(given.clone())
        .when(install("1.2.0", 'a', false))
        .then_expect_events(vec![]);
    for (version, hash) in [("1.2.0", 'b'), ("1.1.9", 'c'), ("1.2.0-rc.1", 'd')] {
        Given::with(())
            .given(given.clone())
            .when(install(version, hash, false))
            .then_expect_error(PluginError::VersionNotNewer {
                installed: "1.2.0".into(),
            });
    }
}

#[test]
fn an_upgrade_whose_settings_fail_validation_is_refused_while_active() {
    Given::with(())
        .given(active())
        .when(install("2.0.0", 'b', false))
        .then_expect_error(PluginError::SettingsInvalidWhileActive);
}

#[test]
fn a_package_needs_a_name_a_version_matching_its_manifest_and_a_sha256() {
    let mut other_version = package("1.0.0", 'a');
    other_version.manifest.version = "1.0.1".into();
    let mut bad_name = package("1.0.0", 'a');
    bad_name.manifest.name = "Duitku".into();
    let mut bad_hash = package("1.0.0", 'a');
    bad_hash.sha256 = "ABC".into();
    let cases = [
        (other_version, "package version differs from its manifest"),
        (
            bad_name,
            "plugin name must be 2-40 characters of a-z, 0-9 and '-'",
        ),
        (bad_hash, "sha256 must be 64 lower-case hex digits"),
        (package("1.0", 'a'), "`1.0` is not a version like 1.2.3"),
    ];
    for (package, message) in cases {
        Given::with(())
            .given_no_previous_events()
            .when(PluginCommand::InstallPlugin {
                package: Box::new(package),
                settings_valid: true,
            })
            .then_expect_error(PluginError::Invalid(message.into()));
    }
}

#[test]
fn a_package_of_another_plugin_cannot_land_on_this_stream() {
    let mut other = package("2.0.0", 'b');
    other.manifest.name = "midtrans".into();
    Given::with(())
        .given(vec![installed("1.0.0", 'a', false)])
        .when(PluginCommand::InstallPlugin {
            package: Box::new(other),
            settings_valid: true,
        })
        .then_expect_error(PluginError::Invalid(
            "this package is plugin `midtrans`, not `duitku`".into(),
        ));
}

#[test]
fn activation_needs_validated_settings() {
    Given::with(())
        .given(vec![installed("1.0.0", 'a', false)])
        .when(PluginCommand::ActivatePlugin)
        .then_expect_error(PluginError::SettingsNotValidated);
    Given::with(())
        .given(vec![installed("1.0.0", 'a', true)])
        .when(PluginCommand::ActivatePlugin)
        .then_expect_events(vec![PluginEvent::PluginActivated]);
    Given::with(())
        .given(active())
        .when(PluginCommand::ActivatePlugin)
        .then_expect_events(vec![]);
}

#[test]
fn deactivating_is_a_no_op_when_inactive() {
    Given::with(())
        .given(active())
        .when(PluginCommand::DeactivatePlugin)
        .then_expect_events(vec![PluginEvent::PluginDeactivated]);
    Given::with(())
        .given(vec![installed("1.0.0", 'a', true)])
        .when(PluginCommand::DeactivatePlugin)
        .then_expect_events(vec![]);
}

#[test]
fn settings_are_stored_with_their_verdict_but_an_active_plugin_only_takes_valid_ones() {
    Given::with(())
        .given(vec![installed("1.0.0", 'a', true)])
        .when(update(false))
        .then_expect_events(vec![PluginEvent::PluginSettingsUpdated {
            settings: settings(),
            valid: false,
        }]);
    Given::with(())
        .given(active())
        .when(update(false))
        .then_expect_error(PluginError::SettingsInvalidWhileActive);
    let mut bad = settings();
    bad.insert("api key".into(), bad["api_key"].clone());
    Given::with(())
        .given(active())
        .when(PluginCommand::UpdatePluginSettings {
            settings: bad,
            validated: true,
        })
        .then_expect_error(PluginError::Invalid(
            "setting key `api key` is not a valid name".into(),
        ));
}

#[test]
fn a_failing_plugin_is_marked_once_per_error_and_recovers() {
    let failed = PluginEvent::PluginFailed {
        error: "operation limit exceeded".into(),
    };
    let fail = |error: &str| PluginCommand::RecordPluginFailure {
        error: error.into(),
    };
    Given::with(())
        .given(active())
        .when(fail(" operation limit exceeded "))
        .then_expect_events(vec![failed.clone()]);
    let mut e = active();
    e.push(failed);
    Given::with(())
        .given(e.clone())
        .when(fail("operation limit exceeded"))
        .then_expect_events(vec![]);
    Given::with(())
        .given(e.clone())
        .when(PluginCommand::RecordPluginRecovery)
        .then_expect_events(vec![PluginEvent::PluginRecovered]);
    Given::with(())
        .given(active())
        .when(PluginCommand::RecordPluginRecovery)
        .then_expect_events(vec![]);
    let s = state(e);
    assert!(s.active, "a failing plugin stays installed and active");
    assert_eq!(s.failing.as_deref(), Some("operation limit exceeded"));
}

#[test]
fn commands_on_a_plugin_that_is_not_installed_are_refused() {
    for cmd in [
        PluginCommand::ActivatePlugin,
        PluginCommand::DeactivatePlugin,
        update(true),
        PluginCommand::RecordPluginRecovery,
    ] {
        Given::with(())
            .given_no_previous_events()
            .when(cmd)
            .then_expect_error(PluginError::NotInstalled);
    }
}

fn set_hosts(hosts: &[&str], allow_private: bool) -> PluginCommand {
    PluginCommand::SetPluginExtraHosts {
        hosts: hosts.iter().map(|h| h.to_string()).collect(),
        allow_private,
    }
}

fn hosts_set(hosts: &[&str]) -> PluginEvent {
    PluginEvent::PluginExtraHostsSet {
        hosts: hosts.iter().map(|h| h.to_string()).collect(),
    }
}

#[test]
fn extra_hosts_replace_the_set_normalised() {
    Given::with(())
        .given(vec![installed("1.0.0", 'a', true)])
        .when(set_hosts(
            &["Proxy.Example.com:8443", "app.example.com"],
            false,
        ))
        .then_expect_events(vec![hosts_set(&[
            "app.example.com",
            "proxy.example.com:8443",
        ])]);
}

#[test]
fn the_same_extra_hosts_again_write_nothing_and_an_empty_set_removes_them() {
    let given = vec![
        installed("1.0.0", 'a', true),
        hosts_set(&["app.example.com"]),
    ];
    Given::with(())
        .given(given.clone())
        .when(set_hosts(&["APP.example.com "], false))
        .then_expect_events(vec![]);
    Given::with(())
        .given(given)
        .when(set_hosts(&[], false))
        .then_expect_events(vec![hosts_set(&[])]);
}

#[test]
fn bad_or_private_extra_hosts_are_refused_and_need_an_installed_plugin() {
    let mut state = PluginInstall::default();
    state.apply(installed("1.0.0", 'a', true));
    let refused = |cmd| state.decide(cmd).unwrap_err();
    assert_eq!(
        refused(set_hosts(&["https://x.example.com"], false)).kind(),
        ErrorKind::Invalid
    );
    assert_eq!(
        refused(set_hosts(&["127.0.0.1:9000"], false)).kind(),
        ErrorKind::Invalid
    );
    Given::with(())
        .given(vec![installed("1.0.0", 'a', true)])
        .when(set_hosts(&["127.0.0.1:9000"], true))
        .then_expect_events(vec![hosts_set(&["127.0.0.1:9000"])]);
    Given::with(())
        .given_no_previous_events()
        .when(set_hosts(&["app.example.com"], false))
        .then_expect_error(PluginError::NotInstalled);
}

#[test]
fn extra_hosts_survive_an_upgrade() {
    let mut state = PluginInstall::default();
    for e in [
        installed("1.0.0", 'a', true),
        hosts_set(&["app.example.com"]),
        installed("1.1.0", 'b', true),
    ] {
        state.apply(e);
    }
    assert_eq!(state.extra_hosts, ["app.example.com"]);
}
