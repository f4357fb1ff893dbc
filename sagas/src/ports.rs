//! Ports to the outside world that sagas drive. The real RouterOS client plugs in here; tests
//! use doubles.

use async_trait::async_trait;
use rust_decimal::Decimal;

/// How to reach one router (password already decrypted, never logged).
#[derive(Clone)]
pub struct RouterTarget {
    pub location_id: String,
    pub host: String,
    pub port: u16,
    pub transport: String,
    pub username: String,
    pub password: String,
    pub hotspot_server: String,
}

impl std::fmt::Debug for RouterTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouterTarget")
            .field("location_id", &self.location_id)
            .field("host", &self.host)
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// One voucher as a `/ip/hotspot/user` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotspotVoucher {
    pub voucher_id: String,
    pub code: String,
    pub password: String,
    pub profile_name: String,
    pub price_sell: Decimal,
    pub uptime_limit_secs: Option<i64>,
    pub data_quota_bytes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouterError {
    /// Cannot talk to the router at all: rows stay pending and drain when it returns.
    #[error("router unreachable: {0}")]
    Unreachable(String),
    /// The router refused this item (unknown profile, invalid value): counts as an attempt.
    #[error("router refused: {0}")]
    Refused(String),
    /// Anything else worth retrying.
    #[error("router error: {0}")]
    Transient(String),
}

#[async_trait]
pub trait RouterGateway: Send + Sync + 'static {
    /// Adds (or confirms, when already present with our comment) hotspot users. The outer
    /// error means nothing was attempted; the inner results are per voucher, in order.
    async fn add_hotspot_users(
        &self,
        router: &RouterTarget,
        users: &[HotspotVoucher],
    ) -> Result<Vec<Result<(), RouterError>>, RouterError>;
}
