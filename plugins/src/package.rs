//! Plugin packages: a ZIP holding `plugin.toml` (or `plugin.json`), the entry script and
//! optional assets, read defensively (size caps, zip-slip and zip-bomb checks) and
//! optionally signed.
//!
//! Signature scheme: `signature.sig` holds the base64 of an ed25519 signature over the
//! 32-byte SHA-256 of the *package listing* — one line `"{sha256_hex(content)}  {path}\n"`
//! per other entry, sorted by path (the format of `sha256sum`). The listing covers names
//! and contents and does not depend on the order or compression of ZIP entries, so a
//! package can be re-zipped without breaking its signature. See [`signing_digest`].

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::manifest::{Manifest, ManifestError};

pub const SIGNATURE_FILE: &str = "signature.sig";
const MIB: u64 = 1024 * 1024;

/// Bounds applied while reading a package; the defaults suit gateway plugins.
#[derive(Debug, Clone)]
pub struct PackageLimits {
    pub max_compressed: u64,
    pub max_uncompressed: u64,
    /// Highest uncompressed:compressed ratio tolerated once an entry passes 1 MiB.
    pub max_ratio: u64,
    pub max_entries: usize,
}

impl Default for PackageLimits {
    fn default() -> Self {
        Self {
            max_compressed: 10 * MIB,
            max_uncompressed: 50 * MIB,
            max_ratio: 100,
            max_entries: 256,
        }
    }
}

/// Which signers are trusted, and whether unsigned packages are accepted at all.
#[derive(Debug, Clone, Default)]
pub struct TrustPolicy {
    pub trusted_keys: Vec<VerifyingKey>,
    pub require_signature: bool,
}

#[derive(Debug)]
pub struct PluginPackage {
    pub manifest: Manifest,
    pub script: String,
    /// Every entry except the signature, by path.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The trusted key that signed the package, if it was signed.
    pub signed_by: Option<VerifyingKey>,
}

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("package is {size} bytes, above the {limit}-byte limit")]
    TooLarge { size: u64, limit: u64 },
    #[error("package is not a readable zip: {0}")]
    NotAZip(String),
    #[error("package has more than {0} entries")]
    TooManyEntries(usize),
    #[error("package entry `{0}` has an unsafe path")]
    UnsafePath(String),
    #[error("package entry `{0}` appears twice")]
    DuplicateEntry(String),
    #[error("package entry `{entry}` looks like a zip bomb: {reason}")]
    Bomb { entry: String, reason: String },
    #[error("package has no plugin.toml or plugin.json")]
    MissingManifest,
    #[error("package lacks its entry script `{0}`")]
    MissingEntry(String),
    #[error("package entry `{0}` is not utf-8 text")]
    NotText(String),
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("package is not signed, and a signature is required")]
    SignatureRequired,
    #[error("package signature is malformed")]
    MalformedSignature,
    #[error("package signature does not match any trusted key")]
    UntrustedSignature,
}

/// Reads a package with the default limits.
pub fn load(bytes: &[u8], trust: &TrustPolicy) -> Result<PluginPackage, PackageError> {
    load_with_limits(bytes, trust, &PackageLimits::default())
}

pub fn load_with_limits(
    bytes: &[u8],
    trust: &TrustPolicy,
    limits: &PackageLimits,
) -> Result<PluginPackage, PackageError> {
    let size = bytes.len() as u64;
    if size > limits.max_compressed {
        let limit = limits.max_compressed;
        return Err(PackageError::TooLarge { size, limit });
    }
    let mut files = read_entries(bytes, limits)?;
    let signature = files.remove(SIGNATURE_FILE);
    let signed_by = check_signature(&files, signature.as_deref(), trust)?;
    let (manifest_name, manifest_bytes) = ["plugin.toml", "plugin.json"]
        .into_iter()
        .find_map(|name| files.get(name).map(|b| (name, b)))
        .ok_or(PackageError::MissingManifest)?;
    let manifest = Manifest::from_file(manifest_name, text(manifest_name, manifest_bytes)?)?;
    let script = files
        .get(&manifest.entry)
        .ok_or_else(|| PackageError::MissingEntry(manifest.entry.clone()))?;
    let script = text(&manifest.entry, script)?.to_string();
    Ok(PluginPackage {
        manifest,
        script,
        files,
        signed_by,
    })
}

fn text<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, PackageError> {
    std::str::from_utf8(bytes).map_err(|_| PackageError::NotText(name.to_string()))
}

fn read_entries(
    bytes: &[u8],
    limits: &PackageLimits,
) -> Result<BTreeMap<String, Vec<u8>>, PackageError> {
    let not_zip = |e: zip::result::ZipError| PackageError::NotAZip(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(not_zip)?;
    if archive.len() > limits.max_entries {
        return Err(PackageError::TooManyEntries(limits.max_entries));
    }
    let mut budget = limits.max_uncompressed;
    let mut files = BTreeMap::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(not_zip)?;
        let name = entry.name().to_string();
        if !is_safe_path(&name) || entry.enclosed_name().is_none() {
            return Err(PackageError::UnsafePath(name));
        }
        if entry.is_dir() {
            continue;
        }
        let compressed = entry.compressed_size();
        let content = read_bounded(&mut entry, &name, compressed, &mut budget, limits)?;
        if files.insert(name.clone(), content).is_some() {
            return Err(PackageError::DuplicateEntry(name));
        }
    }
    Ok(files)
}

/// Relative, forward-slash paths without `..`, drive letters or empty segments.
fn is_safe_path(name: &str) -> bool {
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    !trimmed.is_empty()
        && !name.starts_with('/')
        && !name.contains(['\\', ':', '\0'])
        && trimmed
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".")
}

/// Decompresses while counting: the sizes in the ZIP headers are attacker-controlled,
/// so the budget and the ratio are checked against the bytes actually produced.
fn read_bounded(
    reader: &mut impl Read,
    name: &str,
    compressed: u64,
    budget: &mut u64,
    limits: &PackageLimits,
) -> Result<Vec<u8>, PackageError> {
    let bomb = |reason: String| PackageError::Bomb {
        entry: name.to_string(),
        reason,
    };
    let mut content = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let read = reader
            .read(&mut chunk)
            .map_err(|e| PackageError::NotAZip(format!("{name}: {e}")))?;
        if read == 0 {
            break;
        }
        content.extend_from_slice(&chunk[..read]);
        let produced = content.len() as u64;
        if produced > *budget {
            let limit = limits.max_uncompressed;
            return Err(bomb(format!(
                "more than {limit} bytes uncompressed in total"
            )));
        }
        if produced > MIB && produced > compressed.max(1).saturating_mul(limits.max_ratio) {
            return Err(bomb(format!(
                "compression ratio above {}:1",
                limits.max_ratio
            )));
        }
    }
    *budget -= content.len() as u64;
    Ok(content)
}

/// The digest a package signature covers (see the module documentation).
pub fn signing_digest(files: &BTreeMap<String, Vec<u8>>) -> [u8; 32] {
    let mut listing = Sha256::new();
    for (name, content) in files.iter().filter(|(n, _)| n.as_str() != SIGNATURE_FILE) {
        let line = format!("{}  {name}\n", hex::encode(Sha256::digest(content)));
        listing.update(line.as_bytes());
    }
    listing.finalize().into()
}

fn check_signature(
    files: &BTreeMap<String, Vec<u8>>,
    signature: Option<&[u8]>,
    trust: &TrustPolicy,
) -> Result<Option<VerifyingKey>, PackageError> {
    let Some(signature) = signature else {
        return if trust.require_signature {
            Err(PackageError::SignatureRequired)
        } else {
            Ok(None)
        };
    };
    let encoded = std::str::from_utf8(signature).map_err(|_| PackageError::MalformedSignature)?;
    let raw = STANDARD
        .decode(encoded.trim())
        .map_err(|_| PackageError::MalformedSignature)?;
    let signature = Signature::from_slice(&raw).map_err(|_| PackageError::MalformedSignature)?;
    let digest = signing_digest(files);
    trust
        .trusted_keys
        .iter()
        .find(|key| key.verify_strict(&digest, &signature).is_ok())
        .copied()
        .map(Some)
        .ok_or(PackageError::UntrustedSignature)
}

#[cfg(test)]
mod tests;
