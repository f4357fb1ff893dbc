//! VoucherProfile aggregate: a hotspot profile of one location with Tagih's prices and limits.
//!
//! Its id is derived from (location, name) by the command layer, so an upsert by name can
//! never create two profiles even when two requests race.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};
use crate::money::check_amount;

/// Longest validity accepted: ten years. Longer is a typo, and would overflow router fields.
const MAX_VALIDITY_SECS: i64 = 10 * 366 * 24 * 3600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherProfileSpec {
    pub location_id: String,
    pub name: String,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    pub validity_secs: i64,
    pub rate_limit: Option<String>,
    pub uptime_limit_secs: Option<i64>,
    pub data_quota_bytes: Option<i64>,
}

/// What a router profile Tagih did not manage held when an operator adopted it. The
/// on-login script is kept only as a digest: someone else's script may carry credentials
/// (fetch URLs with tokens), and the log is append-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplacedRouterProfile {
    /// The router's spelling of the name.
    pub router_profile: String,
    pub rate_limit: Option<String>,
    pub comment: Option<String>,
    pub session_timeout_secs: Option<i64>,
    /// SHA-256 (hex) and length in characters of the replaced on-login script.
    pub on_login_sha256: Option<String>,
    pub on_login_chars: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VoucherProfileCommand {
    UpsertVoucherProfile(VoucherProfileSpec),
    RetireVoucherProfile,
    /// The operator hands a router profile Tagih did not manage to Tagih (ADR 0025).
    AdoptRouterProfile(ReplacedRouterProfile),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum VoucherProfileEvent {
    VoucherProfileCreated(VoucherProfileSpec),
    VoucherProfileUpdated(VoucherProfileSpec),
    VoucherProfileRetired,
    VoucherProfileRouterProfileAdopted(ReplacedRouterProfile),
}

impl DomainEvent for VoucherProfileEvent {
    fn event_type(&self) -> String {
        match self {
            Self::VoucherProfileCreated(_) => "VoucherProfileCreated",
            Self::VoucherProfileUpdated(_) => "VoucherProfileUpdated",
            Self::VoucherProfileRetired => "VoucherProfileRetired",
            Self::VoucherProfileRouterProfileAdopted(_) => "VoucherProfileRouterProfileAdopted",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoucherProfileError {
    #[error("{0}")]
    Invalid(String),
    #[error("voucher profile not found")]
    NotFound,
}

impl HasErrorKind for VoucherProfileError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::NotFound => ErrorKind::NotFound,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VoucherProfile {
    pub spec: Option<VoucherProfileSpec>,
    pub retired: bool,
    /// The router profile of this name was adopted: Tagih manages it though it had no
    /// marker (profile sync then installs Tagih's script, which carries the marker).
    #[serde(default)]
    pub adopted: Option<ReplacedRouterProfile>,
}

fn invalid(msg: impl Into<String>) -> VoucherProfileError {
    VoucherProfileError::Invalid(msg.into())
}

/// RouterOS rate-limit strings look like "2M/2M" or "512k/1M 2M/4M ...": digits, units, '/', ' '.
fn valid_rate_limit(r: &str) -> bool {
    !r.is_empty()
        && r.len() <= 128
        && r.chars()
            .all(|c| c.is_ascii_digit() || "kKmMgG/ .".contains(c))
}

impl VoucherProfileSpec {
    pub fn validated(mut self) -> Result<Self, VoucherProfileError> {
        self.name = self.name.trim().to_string();
        let name_ok = |c: char| c.is_alphanumeric() || " ._-".contains(c);
        if self.name.is_empty() || self.name.chars().count() > 64 || !self.name.chars().all(name_ok)
        {
            return Err(invalid(
                "name must be 1-64 letters, digits, spaces, '.', '_' or '-'",
            ));
        }
        self.price_sell =
            check_amount("priceSell", self.price_sell).map_err(|e| invalid(e.to_string()))?;
        self.price_cost =
            check_amount("priceCost", self.price_cost).map_err(|e| invalid(e.to_string()))?;
        if !(1..=MAX_VALIDITY_SECS).contains(&self.validity_secs) {
            return Err(invalid("validity must be between 1 second and 10 years"));
        }
        self.rate_limit = self
            .rate_limit
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        if self
            .rate_limit
            .as_deref()
            .is_some_and(|r| !valid_rate_limit(r))
        {
            return Err(invalid("rate limit must look like 2M/2M"));
        }
        if self.uptime_limit_secs.is_some_and(|u| u <= 0) {
            return Err(invalid("uptime limit must be positive"));
        }
        if self.data_quota_bytes.is_some_and(|q| q <= 0) {
            return Err(invalid("data quota must be positive"));
        }
        Ok(self)
    }
}

impl VoucherProfile {
    pub fn decide(
        &self,
        cmd: VoucherProfileCommand,
    ) -> Result<Vec<VoucherProfileEvent>, VoucherProfileError> {
        use VoucherProfileEvent as E;
        match (cmd, &self.spec) {
            (VoucherProfileCommand::UpsertVoucherProfile(spec), None) => {
                Ok(vec![E::VoucherProfileCreated(spec.validated()?)])
            }
            (VoucherProfileCommand::UpsertVoucherProfile(spec), Some(current)) => {
                let spec = spec.validated()?;
                if spec.location_id != current.location_id {
                    return Err(invalid("a profile cannot move to another location"));
                }
                let same = &spec == current && !self.retired;
                Ok(if same {
                    vec![]
                } else {
                    vec![E::VoucherProfileUpdated(spec)]
                })
            }
            (VoucherProfileCommand::RetireVoucherProfile, None) => {
                Err(VoucherProfileError::NotFound)
            }
            (VoucherProfileCommand::RetireVoucherProfile, Some(_)) if self.retired => Ok(vec![]),
            (VoucherProfileCommand::RetireVoucherProfile, Some(_)) => {
                Ok(vec![E::VoucherProfileRetired])
            }
            (VoucherProfileCommand::AdoptRouterProfile(_), None) => {
                Err(VoucherProfileError::NotFound)
            }
            // Adopted once is adopted: a repeat (a retried mutation) records nothing.
            (VoucherProfileCommand::AdoptRouterProfile(_), Some(_)) if self.adopted.is_some() => {
                Ok(vec![])
            }
            (VoucherProfileCommand::AdoptRouterProfile(replaced), Some(_)) => {
                Ok(vec![E::VoucherProfileRouterProfileAdopted(replaced)])
            }
        }
    }

    /// A profile that exists and is not retired can be used for new vouchers.
    pub fn usable(&self) -> Option<&VoucherProfileSpec> {
        self.spec.as_ref().filter(|_| !self.retired)
    }
}

impl Aggregate for VoucherProfile {
    const TYPE: &'static str = "VoucherProfile";
    type Command = VoucherProfileCommand;
    type Event = VoucherProfileEvent;
    type Error = VoucherProfileError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let events = self.decide(command)?;
        crate::write_all!(self, sink, events)
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            VoucherProfileEvent::VoucherProfileCreated(spec)
            | VoucherProfileEvent::VoucherProfileUpdated(spec) => {
                self.spec = Some(spec);
                self.retired = false;
            }
            VoucherProfileEvent::VoucherProfileRetired => self.retired = true,
            VoucherProfileEvent::VoucherProfileRouterProfileAdopted(replaced) => {
                self.adopted = Some(replaced);
            }
        }
    }
}

#[cfg(test)]
#[path = "voucher_profile_tests.rs"]
mod tests;
