//! Voucher aggregate: one hotspot voucher from generation to removal from its router.
//!
//! Lifecycle: generated → provisioned → activated → expired → removed, or revoked by an
//! admin. Outcomes reported by sagas and routers are idempotent: the first report wins.

use chrono::{DateTime, Duration, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};
pub use crate::voucher_sale::{SaleChannel, SaleRecognition, VoucherSale, VoucherSaleReversal};
use crate::voucher_sale::{sale_at_activation, sale_to_reseller};

/// Everything fixed about a voucher when it is generated (prices and limits are copied from
/// the profile so later profile edits never change a voucher already sold).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherIssue {
    pub batch_id: String,
    pub location_id: String,
    pub profile_id: String,
    pub profile_name: String,
    pub code: String,
    pub password: String,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    pub validity_secs: i64,
    pub rate_limit: Option<String>,
    pub uptime_limit_secs: Option<i64>,
    pub data_quota_bytes: Option<i64>,
    /// When its sale is revenue (the location's setting at generation). Absent in events
    /// written before sales were recorded: at activation.
    #[serde(default)]
    pub sale_on: SaleRecognition,
    /// The admin who generated it (the operator of an activation sale).
    #[serde(default)]
    pub generated_by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VoucherStatus {
    #[default]
    Generated,
    Provisioned,
    Activated,
    Expired,
    Removed,
    Revoked,
}

/// Which detector saw the first login; the first report wins, the others are no-ops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActivationSource {
    /// The hotspot profile's on-login script called `/webhooks/routers/{location}`.
    RouterWebhook,
    /// The `/ip/hotspot/active` poller saw a session.
    ActivePoll,
    /// The user list showed uptime > 0 (a login both other detectors missed).
    UptimeScan,
    /// An admin through the API.
    #[default]
    Manual,
}

impl VoucherStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generated => "GENERATED",
            Self::Provisioned => "PROVISIONED",
            Self::Activated => "ACTIVATED",
            Self::Expired => "EXPIRED",
            Self::Removed => "REMOVED",
            Self::Revoked => "REVOKED",
        }
    }
}

// Almost every voucher command in flight is a GenerateVoucher, so boxing would not save memory.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum VoucherCommand {
    GenerateVoucher(VoucherIssue),
    RecordProvisioned {
        attempt: i32,
    },
    RecordProvisioningFailed {
        attempt: i32,
        error: String,
    },
    ActivateVoucher {
        first_login_at: DateTime<Utc>,
        source: ActivationSource,
    },
    /// The router's comment now carries first-login and valid-until.
    RecordActivationWrittenBack,
    ExpireVoucher {
        now: DateTime<Utc>,
    },
    /// Expiry enforced on the router: user disabled, its sessions ended.
    RecordDisabledOnRouter {
        sessions_removed: u32,
    },
    RecordRemoved,
    RevokeVoucher {
        reason: String,
    },
    /// Handed to a reseller with its batch; a no-op for a voucher sold or revoked before.
    SellVoucher {
        reseller: String,
        price: Option<Decimal>,
        operator: Option<String>,
        at: DateTime<Utc>,
    },
    /// Takes a sale back (the batch was returned, the money refunded); a no-op when unsold
    /// or already refunded.
    RefundVoucherSale {
        reason: String,
        operator: Option<String>,
        at: DateTime<Utc>,
    },
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum VoucherEvent {
    VoucherGenerated(VoucherIssue),
    VoucherProvisioned {
        attempt: i32,
    },
    VoucherProvisioningFailed {
        attempt: i32,
        error: String,
    },
    VoucherActivated {
        first_login_at: DateTime<Utc>,
        valid_until: DateTime<Utc>,
        /// Absent in events written before detectors were told apart.
        #[serde(default)]
        source: ActivationSource,
    },
    VoucherActivationWrittenBack,
    VoucherExpired {
        at: DateTime<Utc>,
    },
    VoucherDisabledOnRouter {
        sessions_removed: u32,
    },
    VoucherRemoved,
    VoucherRevoked {
        reason: String,
    },
    VoucherSold(VoucherSale),
    VoucherSaleRefunded(VoucherSaleReversal),
}

/// The stored names of the events other crates select by name (`Interests`, sagas'
/// matches): one spelling, so a rename is a compile error there.
impl VoucherEvent {
    pub const VOUCHER_GENERATED: &'static str = "VoucherGenerated";
    pub const VOUCHER_EXPIRED: &'static str = "VoucherExpired";
    pub const VOUCHER_ACTIVATED: &'static str = "VoucherActivated";
    pub const VOUCHER_SOLD: &'static str = "VoucherSold";
    pub const VOUCHER_SALE_REFUNDED: &'static str = "VoucherSaleRefunded";
}

impl DomainEvent for VoucherEvent {
    fn event_type(&self) -> String {
        match self {
            Self::VoucherGenerated(_) => Self::VOUCHER_GENERATED,
            Self::VoucherProvisioned { .. } => "VoucherProvisioned",
            Self::VoucherProvisioningFailed { .. } => "VoucherProvisioningFailed",
            Self::VoucherActivated { .. } => Self::VOUCHER_ACTIVATED,
            Self::VoucherActivationWrittenBack => "VoucherActivationWrittenBack",
            Self::VoucherExpired { .. } => Self::VOUCHER_EXPIRED,
            Self::VoucherDisabledOnRouter { .. } => "VoucherDisabledOnRouter",
            Self::VoucherRemoved => "VoucherRemoved",
            Self::VoucherRevoked { .. } => "VoucherRevoked",
            Self::VoucherSold(_) => Self::VOUCHER_SOLD,
            Self::VoucherSaleRefunded(_) => Self::VOUCHER_SALE_REFUNDED,
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoucherError {
    #[error("voucher already exists")]
    AlreadyExists,
    #[error("voucher not found")]
    NotFound,
    #[error("voucher is revoked")]
    Revoked,
    #[error("voucher has not been activated")]
    NotActivated,
    #[error("voucher is still valid until {0}")]
    NotYetExpired(DateTime<Utc>),
    #[error("voucher is still in use")]
    StillInUse,
    #[error("voucher has already ended")]
    AlreadyEnded,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("{0}")]
    Invalid(String),
}

impl HasErrorKind for VoucherError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::AlreadyExists => ErrorKind::Conflict,
            Self::NotFound => ErrorKind::NotFound,
            Self::ReasonRequired | Self::Invalid(_) => ErrorKind::Invalid,
            _ => ErrorKind::Rejected,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Voucher {
    pub issue: Option<VoucherIssue>,
    pub status: VoucherStatus,
    pub first_login_at: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
    pub provisioning_failures: i32,
    pub written_back: bool,
    pub disabled_on_router: bool,
    /// Its sale, once recognised; absent in states cached before sales were recorded.
    #[serde(default)]
    pub sale: Option<VoucherSale>,
    #[serde(default)]
    pub sale_refunded: bool,
}

impl Voucher {
    pub fn decide(&self, cmd: VoucherCommand) -> Result<Vec<VoucherEvent>, VoucherError> {
        use VoucherCommand as C;
        use VoucherEvent as E;
        use VoucherStatus as S;
        let Some(issue) = &self.issue else {
            return match cmd {
                C::GenerateVoucher(issue) => Ok(vec![E::VoucherGenerated(issue)]),
                _ => Err(VoucherError::NotFound),
            };
        };
        Ok(match (cmd, self.status) {
            (C::GenerateVoucher(_), _) => return Err(VoucherError::AlreadyExists),
            (C::RecordProvisioned { attempt }, S::Generated) => {
                vec![E::VoucherProvisioned { attempt }]
            }
            (C::RecordProvisioningFailed { attempt, error }, S::Generated) => {
                vec![E::VoucherProvisioningFailed { attempt, error }]
            }
            (C::RecordProvisioned { .. } | C::RecordProvisioningFailed { .. }, _) => vec![],
            (
                C::ActivateVoucher {
                    first_login_at,
                    source,
                },
                S::Generated | S::Provisioned,
            ) => {
                let first_login_at = crate::bounds::date("first login", first_login_at)
                    .map_err(VoucherError::Invalid)?;
                let valid_until = first_login_at + Duration::seconds(issue.validity_secs);
                let mut events = vec![E::VoucherActivated {
                    first_login_at,
                    valid_until,
                    source,
                }];
                if self.sale.is_none() {
                    events.extend(sale_at_activation(issue, first_login_at).map(E::VoucherSold));
                }
                events
            }
            (C::ActivateVoucher { .. }, S::Revoked) => return Err(VoucherError::Revoked),
            (C::ActivateVoucher { .. }, _) => vec![],
            (C::RecordActivationWrittenBack, S::Activated) if !self.written_back => {
                vec![E::VoucherActivationWrittenBack]
            }
            (C::RecordActivationWrittenBack, _) => vec![],
            (C::RecordDisabledOnRouter { sessions_removed }, S::Expired)
                if !self.disabled_on_router =>
            {
                vec![E::VoucherDisabledOnRouter { sessions_removed }]
            }
            (C::RecordDisabledOnRouter { .. }, _) => vec![],
            (C::ExpireVoucher { now }, S::Activated) => self.expire(now)?,
            (C::ExpireVoucher { .. }, S::Expired | S::Removed) => vec![],
            (C::ExpireVoucher { .. }, _) => return Err(VoucherError::NotActivated),
            (C::RecordRemoved, S::Expired | S::Revoked) => vec![E::VoucherRemoved],
            (C::RecordRemoved, S::Removed) => vec![],
            (C::RecordRemoved, _) => return Err(VoucherError::StillInUse),
            (C::RevokeVoucher { reason }, S::Generated | S::Provisioned | S::Activated) => {
                let reason = reason.trim().to_string();
                if reason.is_empty() {
                    return Err(VoucherError::ReasonRequired);
                }
                vec![E::VoucherRevoked { reason }]
            }
            (C::RevokeVoucher { .. }, S::Revoked) => vec![],
            (C::RevokeVoucher { .. }, _) => return Err(VoucherError::AlreadyEnded),
            (C::SellVoucher { .. }, S::Revoked) => vec![],
            (C::SellVoucher { .. }, _) if self.sale.is_some() => vec![],
            (
                C::SellVoucher {
                    reseller,
                    price,
                    operator,
                    at,
                },
                _,
            ) => vec![E::VoucherSold(sale_to_reseller(
                issue, &reseller, price, operator, at,
            ))],
            (
                C::RefundVoucherSale {
                    reason,
                    operator,
                    at,
                },
                _,
            ) => self.refund(reason, operator, at)?,
        })
    }

    fn refund(
        &self,
        reason: String,
        operator: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<Vec<VoucherEvent>, VoucherError> {
        let Some(sale) = self.sale.clone().filter(|_| !self.sale_refunded) else {
            return Ok(vec![]);
        };
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(VoucherError::ReasonRequired);
        }
        Ok(vec![VoucherEvent::VoucherSaleRefunded(
            VoucherSaleReversal {
                sale,
                reason,
                operator,
                refunded_at: at,
            },
        )])
    }

    fn expire(&self, now: DateTime<Utc>) -> Result<Vec<VoucherEvent>, VoucherError> {
        match self.valid_until {
            Some(until) if now < until => Err(VoucherError::NotYetExpired(until)),
            _ => Ok(vec![VoucherEvent::VoucherExpired { at: now }]),
        }
    }
}

impl Aggregate for Voucher {
    const TYPE: &'static str = "Voucher";
    type Command = VoucherCommand;
    type Event = VoucherEvent;
    type Error = VoucherError;
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
        use VoucherEvent as E;
        match event {
            E::VoucherGenerated(issue) => self.issue = Some(issue),
            E::VoucherProvisioned { .. } => self.status = VoucherStatus::Provisioned,
            E::VoucherProvisioningFailed { .. } => self.provisioning_failures += 1,
            E::VoucherActivated {
                first_login_at,
                valid_until,
                ..
            } => {
                self.status = VoucherStatus::Activated;
                self.first_login_at = Some(first_login_at);
                self.valid_until = Some(valid_until);
            }
            E::VoucherActivationWrittenBack => self.written_back = true,
            E::VoucherExpired { .. } => self.status = VoucherStatus::Expired,
            E::VoucherDisabledOnRouter { .. } => self.disabled_on_router = true,
            E::VoucherRemoved => self.status = VoucherStatus::Removed,
            E::VoucherRevoked { .. } => self.status = VoucherStatus::Revoked,
            E::VoucherSold(sale) => self.sale = Some(sale),
            E::VoucherSaleRefunded(_) => self.sale_refunded = true,
        }
    }
}

#[cfg(test)]
#[path = "voucher_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "voucher_sale_tests.rs"]
mod sale_tests;
