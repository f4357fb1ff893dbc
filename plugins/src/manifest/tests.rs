//! Manifest parsing and validation: every error names its field.

use serde_json::json;

use super::*;
use crate::fees::ChargedTo;

const VALID: &str = r#"
name = "my-gateway"
version = "1.2.3-beta.1"
author = "Tagih"
description = "A gateway"
hosts = ["api.example.com", "127.0.0.1"]
hooks = ["payment.completed", "user.expired"]

[[channels]]
code = "QRIS"
name = "QRIS"
fee = { flat = 750, percent = "0.7", max = "10000", charged_to = "customer" }

[[settings]]
key = "api_key"
label = "API key"
type = "string"
required = true
secret = true

[[settings]]
key = "sandbox"
label = "Sandbox"
type = "bool"
default = true

[[settings]]
key = "method"
label = "Method"
type = "select"
options = ["QRIS", "BCAVA"]
default = "QRIS"
"#;

fn field_error(text: &str) -> String {
    match Manifest::from_toml(text) {
        Err(ManifestError::Invalid { field, .. }) => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

fn with(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "{from}");
    VALID.replacen(from, to, 1)
}

#[test]
fn a_complete_manifest_parses() {
    let m = Manifest::from_toml(VALID).unwrap();
    assert_eq!(m.id(), "my-gateway@1.2.3-beta.1");
    assert_eq!(m.entry, "main.rhai");
    assert!(m.hosts.contains("127.0.0.1"));
    assert!(m.hooks.contains(&Hook::UserExpired));
    let fee = &m.channel("QRIS").unwrap().fee;
    assert_eq!(fee.charged_to, ChargedTo::Customer);
    assert_eq!(fee.percent.to_string(), "0.7");
    assert_eq!(m.setting("method").unwrap().kind, SettingKind::Select);
    assert_eq!(
        Hook::PaymentCompleted.function_name(),
        "on_payment_completed"
    );
}

#[test]
fn json_manifests_parse_the_same_way() {
    let json = json!({
        "name": "js", "version": "0.1.0", "author": "a", "description": "d",
        "channels": [{"code": "X", "name": "X", "fee": {"flat": "1000", "charged_to": "merchant"}}]
    });
    let m = Manifest::from_file("plugin.json", &json.to_string()).unwrap();
    assert_eq!(m.channels[0].fee.flat.to_string(), "1000");
    assert!(matches!(
        Manifest::from_file("plugin.yaml", ""),
        Err(ManifestError::UnknownFormat(_))
    ));
}

#[test]
fn invalid_fields_are_named() {
    assert_eq!(
        field_error(&with("\"my-gateway\"", "\"My Gateway\"")),
        "name"
    );
    assert_eq!(field_error(&with("\"1.2.3-beta.1\"", "\"1.2\"")), "version");
    assert_eq!(
        field_error(&with("author = \"Tagih\"", "author = \" \"")),
        "author"
    );
    assert_eq!(
        field_error(&with(
            "description = \"A gateway\"\n",
            "description = \"d\"\nentry = \"../x.rhai\"\n"
        )),
        "entry"
    );
    assert_eq!(
        field_error(&with("\"api.example.com\"", "\"https://api.example.com\"")),
        "hosts[0]"
    );
    assert_eq!(
        field_error(&with("\"api.example.com\"", "\"*.example.com\"")),
        "hosts[0]"
    );
    assert_eq!(
        field_error(&with("\"user.expired\"", "\"user.deleted\"")),
        "hooks[1]"
    );
    assert_eq!(
        field_error(&with("percent = \"0.7\"", "percent = 0.7")),
        "channels[0].fee.percent"
    );
    assert_eq!(
        field_error(&with("percent = \"0.7\"", "percent = \"170\"")),
        "channels[0].fee.percent"
    );
    assert_eq!(
        field_error(&with("flat = 750", "flat = -1")),
        "channels[0].fee.flat"
    );
    assert_eq!(
        field_error(&with("max = \"10000\"", "min = \"5\", max = \"1\"")),
        "channels[0].fee.min"
    );
    assert_eq!(
        field_error(&with("code = \"QRIS\"", "code = \"QR IS\"")),
        "channels[0].code"
    );
    assert_eq!(
        field_error(&with("type = \"bool\"", "type = \"boolean\"")),
        "settings.sandbox.type"
    );
    assert_eq!(
        field_error(&with("default = true", "default = \"yes\"")),
        "settings.sandbox.default"
    );
    assert_eq!(
        field_error(&with("options = [\"QRIS\", \"BCAVA\"]", "options = []")),
        "settings.method.options"
    );
    assert_eq!(
        field_error(&with("default = \"QRIS\"", "default = \"OVO\"")),
        "settings.method.default"
    );
    assert_eq!(
        field_error(&with("key = \"sandbox\"", "key = \"api_key\"")),
        "settings.api_key.key"
    );
}

#[test]
fn float_money_errors_explain_the_fix() {
    let err = Manifest::from_toml(&with("percent = \"0.7\"", "percent = 0.7")).unwrap_err();
    assert!(err.to_string().contains("floats lose precision"), "{err}");
}

#[test]
fn syntax_errors_unknown_and_missing_fields_are_reported() {
    assert!(matches!(
        Manifest::from_toml("name = "),
        Err(ManifestError::Syntax { .. })
    ));
    let err = Manifest::from_toml(&with("author = \"Tagih\"", "authr = \"Tagih\"")).unwrap_err();
    assert!(err.to_string().contains("authr"), "{err}");
    let err = Manifest::from_toml(&with("author = \"Tagih\"\n", "")).unwrap_err();
    assert!(err.to_string().contains("author"), "{err}");
}

#[test]
fn settings_are_checked_against_the_schema() {
    let m = Manifest::from_toml(VALID).unwrap();
    let ok = json!({"api_key": "k", "method": "BCAVA"});
    assert_eq!(m.check_settings(ok.as_object().unwrap()), Ok(()));
    let cases = [
        (json!({}), SettingsError::Missing("api_key".into())),
        (
            json!({"api_key": "  "}),
            SettingsError::Missing("api_key".into()),
        ),
        (
            json!({"api_key": "k", "x": 1}),
            SettingsError::Unknown("x".into()),
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(m.check_settings(value.as_object().unwrap()), Err(expected));
    }
    let wrong = json!({"api_key": "k", "method": "OVO", "sandbox": "no"});
    assert!(
        matches!(m.check_settings(wrong.as_object().unwrap()), Err(SettingsError::Invalid { ref key, .. }) if key == "sandbox")
    );
}

#[test]
fn resolved_settings_fill_defaults_and_drop_unknown_keys() {
    let m = Manifest::from_toml(VALID).unwrap();
    let saved = json!({"api_key": "k", "stray": 1, "method": ""});
    let resolved = m.resolve_settings(saved.as_object().unwrap());
    assert_eq!(
        serde_json::Value::Object(resolved),
        json!({"api_key": "k", "sandbox": true, "method": "QRIS"})
    );
}

#[test]
fn a_nul_anywhere_in_the_manifest_is_refused() {
    let nul = super::text::nul_error();
    let toml = VALID.replace("label = \"API key\"", "label = \"API\\u0000key\"");
    assert_eq!(Manifest::from_toml(&toml), Err(nul.clone()));
    let json = json!({"name": "x", "version": "1.0.0", "author": "a\u{0}", "description": "d"});
    assert_eq!(Manifest::from_json(&json.to_string()), Err(nul));
}

#[test]
fn a_manifest_nested_thousands_deep_is_a_syntax_error_not_a_crash() {
    for n in [300, 5_000] {
        let toml = format!("{VALID}\nx = {}1{}\n", "[".repeat(n), "]".repeat(n));
        assert!(
            matches!(
                Manifest::from_toml(&toml),
                Err(ManifestError::Syntax { .. }) | Err(ManifestError::Invalid { .. })
            ),
            "toml depth {n}"
        );
        let inline = format!("{VALID}\ny = {}1{}\n", "{a = ".repeat(n), "}".repeat(n));
        assert!(
            Manifest::from_toml(&inline).is_err(),
            "inline table depth {n}"
        );
        let json = format!("{}1{}", "[".repeat(n), "]".repeat(n));
        assert!(
            matches!(
                Manifest::from_json(&json),
                Err(ManifestError::Syntax { .. })
            ),
            "json depth {n}"
        );
    }
}
