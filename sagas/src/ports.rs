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
    pub tls_trust: TlsTrustSetting,
}

/// How an API-TLS router's certificate is checked (the location's setting).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TlsTrustSetting {
    #[default]
    Verify,
    Pinned(String),
    AcceptSelfSigned,
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

/// `/system/resource` and `/system/identity` as one probe saw them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouterReading {
    pub identity: Option<String>,
    pub version: Option<String>,
    pub board: Option<String>,
    pub uptime_secs: Option<i64>,
    pub cpu_load: Option<i32>,
    pub free_memory: Option<i64>,
    pub total_memory: Option<i64>,
    pub latency_ms: i64,
}

/// One live session (`/ip/hotspot/active` or `/ppp/active`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActiveSession {
    pub router_id: String,
    pub user: String,
    pub address: Option<String>,
    pub mac_address: Option<String>,
    pub uptime_secs: i64,
    pub bytes_in: i64,
    pub bytes_out: i64,
}

/// One `/ip/hotspot/user` as the router has it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouterUser {
    pub name: String,
    pub password: Option<String>,
    pub profile: String,
    pub disabled: bool,
    pub comment: Option<String>,
    pub uptime_secs: i64,
}

/// One hotspot user profile or PPP profile as the router has it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouterProfile {
    pub name: String,
    pub rate_limit: Option<String>,
    pub on_login: Option<String>,
    pub comment: Option<String>,
    pub session_timeout_secs: Option<i64>,
    pub local_address: Option<String>,
    pub remote_address: Option<String>,
}

/// A hotspot user profile as Tagih wants it on the router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotspotProfileSpec {
    pub name: String,
    pub rate_limit: Option<String>,
    pub on_login: String,
}

/// Which accounts a change addresses: hotspot users or PPP secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserTable {
    Hotspot,
    Ppp,
}

/// A change to one hotspot user or PPP secret, addressed by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserChange {
    /// Creates or updates the account with these fields (`password`, `profile`, `comment`,
    /// `disabled`, …); `kick` also ends its sessions (a disable must drop live users).
    Upsert {
        name: String,
        fields: Vec<(String, String)>,
        kick: bool,
    },
    SetComment {
        name: String,
        comment: String,
    },
    /// Ends the user's sessions and disables it (expiry).
    Disable {
        name: String,
    },
    /// Ends the user's sessions and removes it; an absent user counts as removed.
    Remove {
        name: String,
    },
    /// Puts a user back as Tagih has it (drift repair): added when missing, else set.
    Restore {
        user: HotspotVoucher,
        comment: String,
        disabled: bool,
    },
}

impl UserChange {
    pub fn name(&self) -> &str {
        match self {
            Self::SetComment { name, .. }
            | Self::Disable { name }
            | Self::Remove { name }
            | Self::Upsert { name, .. } => name,
            Self::Restore { user, .. } => &user.code,
        }
    }
}

fn unsupported<T>() -> Result<T, RouterError> {
    Err(RouterError::Refused("not supported by this gateway".into()))
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

    /// Identity and resources, with the round-trip time of the probe.
    async fn probe(&self, _router: &RouterTarget) -> Result<RouterReading, RouterError> {
        unsupported()
    }

    async fn hotspot_active(
        &self,
        _router: &RouterTarget,
    ) -> Result<Vec<ActiveSession>, RouterError> {
        unsupported()
    }

    async fn ppp_active(&self, _router: &RouterTarget) -> Result<Vec<ActiveSession>, RouterError> {
        unsupported()
    }

    async fn hotspot_users(&self, _router: &RouterTarget) -> Result<Vec<RouterUser>, RouterError> {
        unsupported()
    }

    async fn hotspot_profiles(
        &self,
        _router: &RouterTarget,
    ) -> Result<Vec<RouterProfile>, RouterError> {
        unsupported()
    }

    async fn ppp_profiles(
        &self,
        _router: &RouterTarget,
    ) -> Result<Vec<RouterProfile>, RouterError> {
        unsupported()
    }

    /// `/ppp/secret` as the router has it (uptime 0).
    async fn ppp_secrets(&self, _router: &RouterTarget) -> Result<Vec<RouterUser>, RouterError> {
        unsupported()
    }

    /// Creates or updates a hotspot user profile by name.
    async fn upsert_hotspot_profile(
        &self,
        router: &RouterTarget,
        profile: &HotspotProfileSpec,
    ) -> Result<(), RouterError> {
        self.upsert_hotspot_profiles(router, std::slice::from_ref(profile))
            .await?
            .pop()
            .unwrap_or(Err(RouterError::Transient("no result".into())))
    }

    /// Creates or updates hotspot user profiles by name, pipelined; per profile, in order.
    /// The outer error means nothing was attempted.
    async fn upsert_hotspot_profiles(
        &self,
        _router: &RouterTarget,
        _profiles: &[HotspotProfileSpec],
    ) -> Result<Vec<Result<(), RouterError>>, RouterError> {
        unsupported()
    }

    /// Applies changes pipelined; per change, how many sessions it ended. The outer error
    /// means nothing was attempted.
    async fn apply_user_changes(
        &self,
        _router: &RouterTarget,
        _table: UserTable,
        _changes: &[UserChange],
    ) -> Result<Vec<Result<u32, RouterError>>, RouterError> {
        unsupported()
    }

    /// As [`RouterGateway::apply_user_changes`] for accounts of both tables at once (a
    /// location's PPPoE secrets and hotspot users in the same rounds). Each name appears at
    /// most once per table in one call. Doubles get it by table.
    async fn apply_account_changes(
        &self,
        router: &RouterTarget,
        changes: &[(UserTable, UserChange)],
    ) -> Result<Vec<Result<u32, RouterError>>, RouterError> {
        let mut out: Vec<Result<u32, RouterError>> = vec![Ok(0); changes.len()];
        for table in [UserTable::Ppp, UserTable::Hotspot] {
            let (at, some): (Vec<usize>, Vec<UserChange>) = changes
                .iter()
                .enumerate()
                .filter(|(_, (t, _))| *t == table)
                .map(|(i, (_, c))| (i, c.clone()))
                .unzip();
            if some.is_empty() {
                continue;
            }
            let results = self.apply_user_changes(router, table, &some).await?;
            for (i, r) in at.into_iter().zip(results) {
                out[i] = r;
            }
        }
        Ok(out)
    }
}
