//! The simulated RouterOS version and the behaviours that depend on it.

/// A version string such as `7.18`, `6.49.10` or `7.18beta6`, compared numerically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Version {
    text: String,
    parts: [u32; 3],
}

impl Version {
    pub(crate) fn parse(text: &str) -> Version {
        let mut parts = [0u32; 3];
        let numeric = text
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .next()
            .unwrap_or("");
        for (slot, piece) in parts.iter_mut().zip(numeric.split('.')) {
            *slot = piece.parse().unwrap_or(0);
        }
        Version {
            text: text.to_owned(),
            parts,
        }
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn major(&self) -> u32 {
        self.parts[0]
    }

    fn at_least(&self, wanted: [u32; 3]) -> bool {
        self.parts >= wanted
    }

    /// `!empty` before `!done` for an empty reply: introduced in 7.18 (routeros.md §1.5).
    pub(crate) fn has_empty(&self) -> bool {
        self.at_least([7, 18, 0])
    }

    /// Plain `/login =name= =password=`; older routers ignore it and send a challenge.
    pub(crate) fn plain_login(&self) -> bool {
        self.at_least([6, 43, 0])
    }

    /// From 6.45.1 the MD5 challenge answer is refused ("Old API authentication method
    /// will also no longer work"), though a bare `/login` still gets a challenge.
    pub(crate) fn plain_login_only(&self) -> bool {
        self.at_least([6, 45, 1])
    }

    /// How `listen` marks a vanished row: `yes` per the doc, `true` as one integrator
    /// observed on 7.24.1 (routeros.md §1.7).
    pub(crate) fn dead_word(&self) -> &'static str {
        if self.at_least([7, 24, 0]) {
            "true"
        } else {
            "yes"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(Version::parse("7.18").has_empty());
        assert!(Version::parse("7.18beta6").has_empty());
        assert!(!Version::parse("7.17.2").has_empty());
        assert!(Version::parse("7.100").has_empty());
        assert!(!Version::parse("6.42").plain_login());
        assert_eq!(Version::parse("6.49.10").major(), 6);
        assert_eq!(Version::parse("7.24.1").dead_word(), "true");
    }
}
