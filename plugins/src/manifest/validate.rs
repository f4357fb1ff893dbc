//! Manifest validation: every error names the field it is about.

use std::collections::BTreeSet;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::raw::{RawChannel, RawFee, RawManifest, RawNumber, RawSetting};
use super::{Channel, Hook, Manifest, ManifestError, SettingField, SettingKind};
use crate::fees::Fee;

type Result<T> = std::result::Result<T, ManifestError>;

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> ManifestError {
    ManifestError::Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

pub(super) fn manifest(raw: RawManifest) -> Result<Manifest> {
    check_slug("name", &raw.name)?;
    check_version(&raw.version)?;
    check_text("author", &raw.author, 100)?;
    check_text("description", &raw.description, 1000)?;
    check_entry(&raw.entry)?;
    Ok(Manifest {
        hosts: hosts(&raw.hosts)?,
        hooks: hooks(&raw.hooks)?,
        channels: channels(raw.channels)?,
        settings: super::settings::fields(
            raw.settings
                .into_iter()
                .map(setting)
                .collect::<Result<_>>()?,
        )?,
        name: raw.name,
        version: raw.version,
        author: raw.author,
        description: raw.description,
        entry: raw.entry,
    })
}

fn check_slug(field: &str, value: &str) -> Result<()> {
    let ok = (2..=40).contains(&value.len())
        && value.starts_with(|c: char| c.is_ascii_lowercase())
        && !value.ends_with('-')
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            field,
            "must be 2–40 characters of a-z, 0-9 and `-`, starting with a letter",
        ))
    }
}

/// `MAJOR.MINOR.PATCH` with optional `-pre` and `+build` parts.
fn check_version(version: &str) -> Result<()> {
    let (core, _build) = version.split_once('+').unwrap_or((version, ""));
    let (core, pre) = core.split_once('-').unwrap_or((core, ""));
    let numbers: Vec<&str> = core.split('.').collect();
    let numeric = |s: &&str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    let tag_ok = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    let ok = numbers.len() == 3
        && numbers.iter().all(numeric)
        && tag_ok(pre)
        && tag_ok(_build)
        && !version.ends_with(['-', '+']);
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "version",
            format!("`{version}` is not a version like 1.2.3"),
        ))
    }
}

fn check_text(field: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(invalid(field, format!("must be at most {max} characters")));
    }
    Ok(())
}

fn check_entry(entry: &str) -> Result<()> {
    let ok = entry.ends_with(".rhai")
        && entry.len() > 5
        && !entry.starts_with('.')
        && entry
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "entry",
            "must be a plain file name ending in .rhai (no folders)",
        ))
    }
}

fn hosts(raw: &[String]) -> Result<BTreeSet<String>> {
    let mut hosts = BTreeSet::new();
    for (i, host) in raw.iter().enumerate() {
        let field = format!("hosts[{i}]");
        if !is_host_name(host) {
            return Err(invalid(
                field,
                format!(
                    "`{host}` is not a lowercase host name (no scheme, port, path or wildcard)"
                ),
            ));
        }
        if !hosts.insert(host.clone()) {
            return Err(invalid(field, format!("`{host}` is listed twice")));
        }
    }
    Ok(hosts)
}

fn is_host_name(host: &str) -> bool {
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    host.len() <= 253 && host.split('.').all(label_ok)
}

fn hooks(raw: &[String]) -> Result<BTreeSet<Hook>> {
    let mut hooks = BTreeSet::new();
    for (i, name) in raw.iter().enumerate() {
        let field = format!("hooks[{i}]");
        let hook = Hook::parse(name).ok_or_else(|| {
            let known: Vec<&str> = Hook::ALL.iter().map(|h| h.as_str()).collect();
            invalid(
                &field,
                format!("`{name}` is not one of {}", known.join(", ")),
            )
        })?;
        if !hooks.insert(hook) {
            return Err(invalid(field, format!("`{name}` is listed twice")));
        }
    }
    Ok(hooks)
}

fn channels(raw: Vec<RawChannel>) -> Result<Vec<Channel>> {
    let mut seen = BTreeSet::new();
    let mut channels = Vec::with_capacity(raw.len());
    for (i, channel) in raw.into_iter().enumerate() {
        let field = format!("channels[{i}]");
        let code_ok = (1..=32).contains(&channel.code.len())
            && channel
                .code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !code_ok {
            return Err(invalid(
                format!("{field}.code"),
                "must be 1–32 characters of A-Z, a-z, 0-9 and `_`",
            ));
        }
        if !seen.insert(channel.code.clone()) {
            return Err(invalid(
                format!("{field}.code"),
                format!("`{}` is listed twice", channel.code),
            ));
        }
        check_text(&format!("{field}.name"), &channel.name, 100)?;
        let fee = match channel.fee {
            Some(fee) => fee_of(&format!("{field}.fee"), fee)?,
            None => Fee::free(),
        };
        channels.push(Channel {
            code: channel.code,
            name: channel.name,
            fee,
        });
    }
    Ok(channels)
}

fn fee_of(field: &str, raw: RawFee) -> Result<Fee> {
    let amount = |name: &str, value: Option<RawNumber>| -> Result<Option<Decimal>> {
        value
            .map(|v| decimal(&format!("{field}.{name}"), v))
            .transpose()
    };
    let fee = Fee {
        flat: amount("flat", raw.flat)?.unwrap_or(Decimal::ZERO),
        percent: amount("percent", raw.percent)?.unwrap_or(Decimal::ZERO),
        min: amount("min", raw.min)?,
        max: amount("max", raw.max)?,
        charged_to: raw.charged_to,
    };
    if fee.percent > Decimal::ONE_HUNDRED {
        return Err(invalid(format!("{field}.percent"), "must be at most 100"));
    }
    if let (Some(min), Some(max)) = (fee.min, fee.max)
        && min > max
    {
        return Err(invalid(format!("{field}.min"), "must not exceed max"));
    }
    Ok(fee)
}

fn decimal(field: &str, value: RawNumber) -> Result<Decimal> {
    let parsed = match value {
        RawNumber::Int(i) => Decimal::from(i),
        RawNumber::Text(text) => Decimal::from_str(text.trim())
            .map_err(|_| invalid(field, format!("`{text}` is not a decimal number")))?,
        RawNumber::Float(f) => {
            return Err(invalid(
                field,
                format!("write {f} as a string (\"{f}\"): floats lose precision"),
            ));
        }
    };
    if parsed.is_sign_negative() {
        return Err(invalid(field, "must not be negative"));
    }
    Ok(parsed)
}

fn setting(raw: RawSetting) -> Result<SettingField> {
    let kind = match raw.kind.as_str() {
        "string" => SettingKind::String,
        "number" => SettingKind::Number,
        "bool" => SettingKind::Bool,
        "select" => SettingKind::Select,
        other => {
            let field = format!("settings.{}.type", raw.key);
            return Err(invalid(
                field,
                format!("`{other}` is not one of string, number, bool, select"),
            ));
        }
    };
    Ok(SettingField {
        key: raw.key,
        label: raw.label,
        kind,
        required: raw.required,
        secret: raw.secret,
        default: raw.default,
        options: raw.options,
        help: raw.help,
    })
}
