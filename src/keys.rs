//! Development keys: when no JWT secret or encryption key is configured, one is generated
//! once and kept in `{data_dir}/keys.toml` (mode 0600), with a warning. Production sets both.

use std::path::Path;

use anyhow::Context;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use tagih_commands::SecretBox;

#[derive(Serialize, Deserialize)]
struct KeyFile {
    jwt_secret: String,
    encryption_key: String,
}

pub struct Keys {
    pub jwt_secret: SecretString,
    pub encryption_key: SecretString,
}

pub fn resolve(
    data_dir: &Path,
    jwt: Option<SecretString>,
    enc: Option<SecretString>,
) -> anyhow::Result<Keys> {
    if let (Some(jwt_secret), Some(encryption_key)) = (jwt.clone(), enc.clone()) {
        return Ok(Keys {
            jwt_secret,
            encryption_key,
        });
    }
    let path = data_dir.join("keys.toml");
    let file = if path.exists() {
        toml_like::read(&path)?
    } else {
        tracing::warn!(path = %path.display(), "no jwt_secret/encryption_key configured; generating development keys");
        let f = KeyFile {
            jwt_secret: SecretBox::generate_key(),
            encryption_key: SecretBox::generate_key(),
        };
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("creating {}", data_dir.display()))?;
        toml_like::write(&path, &f)?;
        f
    };
    Ok(Keys {
        jwt_secret: jwt.unwrap_or_else(|| file.jwt_secret.into()),
        encryption_key: enc.unwrap_or_else(|| file.encryption_key.into()),
    })
}

/// Two `key = "value"` lines: read and written through serde_json to avoid a TOML writer.
mod toml_like {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;

    use anyhow::Context;

    use super::KeyFile;

    pub fn read(path: &Path) -> anyhow::Result<KeyFile> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let value = |key: &str| {
            text.lines()
                .find_map(|l| {
                    l.strip_prefix(key)?
                        .trim()
                        .strip_prefix('=')
                        .map(|v| v.trim().trim_matches('"').to_string())
                })
                .with_context(|| format!("{key} missing in {}", path.display()))
        };
        Ok(KeyFile {
            jwt_secret: value("jwt_secret")?,
            encryption_key: value("encryption_key")?,
        })
    }

    pub fn write(path: &Path, keys: &KeyFile) -> anyhow::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)?;
        writeln!(
            f,
            "jwt_secret = \"{}\"\nencryption_key = \"{}\"",
            keys.jwt_secret, keys.encryption_key
        )?;
        Ok(())
    }
}
