//! Plugin versions, `MAJOR.MINOR.PATCH[-pre][+build]`, ordered the way semver orders them
//! (a pre-release sorts before its release; build metadata is ignored).

use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum PreId {
    // Declared first: numeric identifiers sort before alphanumeric ones.
    Num(u64),
    Alpha(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginVersion {
    core: [u64; 3],
    pre: Vec<PreId>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a version like 1.2.3")]
pub struct VersionError(pub String);

fn pre_id(part: &str) -> Option<PreId> {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    Some(match part.parse::<u64>() {
        Ok(n) if part.bytes().all(|b| b.is_ascii_digit()) => PreId::Num(n),
        _ => PreId::Alpha(part.to_string()),
    })
}

impl PluginVersion {
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let bad = || VersionError(text.to_string());
        let (main, _build) = text.trim().split_once('+').unwrap_or((text.trim(), ""));
        let (core, pre) = match main.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (main, None),
        };
        let numbers: Vec<u64> = core
            .split('.')
            .map(|n| {
                let digits = !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit());
                digits.then(|| n.parse().ok()).flatten()
            })
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        let core: [u64; 3] = numbers.try_into().map_err(|_| bad())?;
        let pre = match pre {
            Some(pre) => pre
                .split('.')
                .map(pre_id)
                .collect::<Option<_>>()
                .ok_or_else(bad)?,
            None => vec![],
        };
        Ok(Self { core, pre })
    }
}

impl Ord for PluginVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.core
            .cmp(&other.core)
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => self.pre.cmp(&other.pre),
            })
    }
}

impl PartialOrd for PluginVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> PluginVersion {
        PluginVersion::parse(s).unwrap()
    }

    #[test]
    fn versions_order_like_semver() {
        let ordered = [
            "0.9.9",
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.2.0",
            "1.10.0",
            "2.0.0",
        ];
        for pair in ordered.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn build_metadata_does_not_change_the_order() {
        assert_eq!(v("1.2.3+build.7").cmp(&v("1.2.3")), Ordering::Equal);
    }

    #[test]
    fn malformed_versions_are_refused() {
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "1.x.3",
            "1.2.3-",
            "1.2.3-a..b",
            "v1.2.3",
        ] {
            assert!(PluginVersion::parse(bad).is_err(), "{bad}");
        }
    }
}
