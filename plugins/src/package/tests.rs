//! Package loading: happy path, zip-slip, zip bombs, size caps, signatures.

use std::collections::BTreeMap;
use std::io::Write;

use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::*;

const MANIFEST: &str = r#"
name = "demo"
version = "1.0.0"
author = "test"
description = "demo plugin"
"#;
const SCRIPT: &str =
    "fn create_payment(r) { r } fn check_status(r) { r } fn handle_callback(r) { r }";

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, content) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn plain() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("plugin.toml", MANIFEST.as_bytes()),
        ("main.rhai", SCRIPT.as_bytes()),
    ]
}

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn signature_for(entries: &[(&str, &[u8])], signer: &SigningKey) -> String {
    let files: BTreeMap<String, Vec<u8>> = entries
        .iter()
        .map(|(n, c)| (n.to_string(), c.to_vec()))
        .collect();
    STANDARD.encode(signer.sign(&signing_digest(&files)).to_bytes())
}

fn trusting(seed: u8) -> TrustPolicy {
    TrustPolicy {
        trusted_keys: vec![key(seed).verifying_key()],
        require_signature: true,
    }
}

#[test]
fn a_valid_package_loads_its_manifest_and_script() {
    let mut entries = plain();
    entries.push(("assets/logo.txt", b"logo"));
    let package = load(&zip_of(&entries), &TrustPolicy::default()).unwrap();
    assert_eq!(package.manifest.name, "demo");
    assert_eq!(package.script, SCRIPT);
    assert_eq!(package.files.len(), 3);
    assert!(package.signed_by.is_none());
    let runtime = crate::Runtime::new(crate::Limits::default()).unwrap();
    assert!(runtime.load_package(package).is_ok());
}

#[test]
fn a_json_manifest_is_accepted() {
    let json = r#"{"name":"demo","version":"1.0.0","author":"t","description":"d"}"#;
    let package = load(
        &zip_of(&[
            ("plugin.json", json.as_bytes()),
            ("main.rhai", SCRIPT.as_bytes()),
        ]),
        &TrustPolicy::default(),
    )
    .unwrap();
    assert_eq!(package.manifest.version, "1.0.0");
}

#[test]
fn zip_slip_entries_are_refused() {
    for evil in [
        "../evil",
        "a/../../evil",
        "/etc/passwd",
        "C:\\evil",
        "a\\..\\evil",
    ] {
        let mut entries = plain();
        entries.push((evil, b"x"));
        let err = load(&zip_of(&entries), &TrustPolicy::default()).unwrap_err();
        assert!(
            matches!(err, PackageError::UnsafePath(ref n) if n == evil),
            "{evil}: {err}"
        );
    }
}

#[test]
fn a_zip_bomb_is_refused_without_inflating_it() {
    let zeros = vec![0u8; 60 * 1024 * 1024];
    let mut entries = plain();
    entries.push(("bomb.bin", &zeros));
    let bytes = zip_of(&entries);
    assert!(bytes.len() < 1024 * 1024, "the bomb compresses well");
    let err = load(&bytes, &TrustPolicy::default()).unwrap_err();
    assert!(
        matches!(err, PackageError::Bomb { ref entry, .. } if entry == "bomb.bin"),
        "{err}"
    );
}

#[test]
fn the_total_uncompressed_size_is_capped() {
    // Incompressible data keeps the ratio low, so only the total cap can stop it.
    let noise: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let limits = PackageLimits {
        max_uncompressed: 200_000,
        ..PackageLimits::default()
    };
    let mut entries = plain();
    entries.push(("noise.bin", &noise));
    let err = load_with_limits(&zip_of(&entries), &TrustPolicy::default(), &limits).unwrap_err();
    assert!(
        matches!(err, PackageError::Bomb { ref reason, .. } if reason.contains("in total")),
        "{err}"
    );
}

#[test]
fn oversized_archives_are_refused_before_parsing() {
    let bytes = vec![0u8; 10 * 1024 * 1024 + 1];
    assert!(matches!(
        load(&bytes, &TrustPolicy::default()),
        Err(PackageError::TooLarge { .. })
    ));
}

#[test]
fn garbage_missing_manifest_and_missing_script_are_reported() {
    assert!(matches!(
        load(b"not a zip", &TrustPolicy::default()),
        Err(PackageError::NotAZip(_))
    ));
    let no_manifest = zip_of(&[("main.rhai", SCRIPT.as_bytes())]);
    assert!(matches!(
        load(&no_manifest, &TrustPolicy::default()),
        Err(PackageError::MissingManifest)
    ));
    let no_script = zip_of(&[("plugin.toml", MANIFEST.as_bytes())]);
    assert!(
        matches!(load(&no_script, &TrustPolicy::default()), Err(PackageError::MissingEntry(ref e)) if e == "main.rhai")
    );
    let bad_manifest = zip_of(&[
        ("plugin.toml", b"name = 1"),
        ("main.rhai", SCRIPT.as_bytes()),
    ]);
    assert!(matches!(
        load(&bad_manifest, &TrustPolicy::default()),
        Err(PackageError::Manifest(_))
    ));
}

#[test]
fn a_package_signed_by_a_trusted_key_loads() {
    let entries = plain();
    let sig = signature_for(&entries, &key(7));
    let mut signed = entries.clone();
    signed.push((SIGNATURE_FILE, sig.as_bytes()));
    let package = load(&zip_of(&signed), &trusting(7)).unwrap();
    assert_eq!(package.signed_by, Some(key(7).verifying_key()));
    assert!(!package.files.contains_key(SIGNATURE_FILE));
}

#[test]
fn signatures_by_untrusted_keys_or_over_changed_files_are_refused() {
    let entries = plain();
    let sig = signature_for(&entries, &key(8));
    let mut signed = entries.clone();
    signed.push((SIGNATURE_FILE, sig.as_bytes()));
    assert!(matches!(
        load(&zip_of(&signed), &trusting(7)),
        Err(PackageError::UntrustedSignature)
    ));

    let sig = signature_for(&entries, &key(7));
    let tampered = vec![
        ("plugin.toml", MANIFEST.as_bytes()),
        ("main.rhai", b"fn create_payment(r) { steal() }".as_slice()),
        (SIGNATURE_FILE, sig.as_bytes()),
    ];
    assert!(matches!(
        load(&zip_of(&tampered), &trusting(7)),
        Err(PackageError::UntrustedSignature)
    ));
}

#[test]
fn unsigned_or_malformed_signatures_fail_when_signatures_are_required() {
    assert!(matches!(
        load(&zip_of(&plain()), &trusting(7)),
        Err(PackageError::SignatureRequired)
    ));
    let mut entries = plain();
    entries.push((SIGNATURE_FILE, b"@@not base64@@"));
    assert!(matches!(
        load(&zip_of(&entries), &trusting(7)),
        Err(PackageError::MalformedSignature)
    ));
}
