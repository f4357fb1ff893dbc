//! `/login`: plain (6.43+), the legacy MD5 challenge (before 6.45.1), and the replies
//! routers were traced sending (routeros.md §1.6).

use crate::proto::Sentence;

use super::md5;
use super::reply::{Reply, Trap};
use super::router::Router;

/// One connection's login progress.
pub(crate) struct Login {
    logged_in: bool,
    challenge: Option<[u8; 16]>,
}

impl Login {
    pub(crate) fn new() -> Login {
        Login {
            logged_in: false,
            challenge: None,
        }
    }

    pub(crate) fn done(&self) -> bool {
        self.logged_in
    }

    pub(crate) fn attempt(&mut self, router: &Router, sentence: &Sentence) -> Reply {
        let version = &router.version;
        let Some(name) = sentence.get("name") else {
            return self.challenge();
        };
        if let Some(response) = sentence.get("response") {
            let ok = !version.plain_login_only() && self.response_ok(router, name, response);
            return self.outcome(router, ok);
        }
        if !version.plain_login() {
            // Routers before 6.43 ignore a plain password and answer with a challenge.
            return self.challenge();
        }
        let config = &router.config;
        let ok = name == config.user && sentence.get("password").unwrap_or("") == config.password;
        self.outcome(router, ok)
    }

    /// A bare `/login`: `!done =ret=<challenge>`, which 6.47.6 still sends (§1.6).
    fn challenge(&mut self) -> Reply {
        let challenge: [u8; 16] = rand::random();
        self.challenge = Some(challenge);
        Reply::done_ret(md5::hex(&challenge))
    }

    fn response_ok(&self, router: &Router, name: &str, response: &str) -> bool {
        let Some(challenge) = self.challenge else {
            return false;
        };
        let mut input = vec![0u8];
        input.extend_from_slice(router.config.password.as_bytes());
        input.extend_from_slice(&challenge);
        name == router.config.user && response == format!("00{}", md5::hex(&md5::digest(&input)))
    }

    fn outcome(&mut self, router: &Router, ok: bool) -> Reply {
        if ok {
            self.logged_in = true;
            return Reply::done();
        }
        let message = if router.version.plain_login() {
            "invalid user name or password (6)"
        } else {
            "cannot log in"
        };
        Reply::trap(Trap::new(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The doc's example: `admin` with an empty password answering a given challenge.
    #[test]
    fn legacy_response_matches_the_doc_vector() {
        let challenge = [
            0x93, 0xb4, 0x38, 0xec, 0x9b, 0x80, 0x05, 0x7c, 0x06, 0xdd, 0x9f, 0xe6, 0x7d, 0x56,
            0xaa, 0x9a,
        ];
        let mut input = vec![0u8];
        input.extend_from_slice(&challenge);
        assert_eq!(
            format!("00{}", md5::hex(&md5::digest(&input))),
            "00e134102a9d330dd7b1849fedfea3cb57"
        );
    }
}
