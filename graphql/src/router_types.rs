//! GraphQL types of the router side: health, drift reports, live sessions, PPP profiles,
//! job runs.

use async_graphql::{ComplexObject, Context, Enum, Result, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_aggregates::router_drift::{DriftItem as DomainDriftItem, DriftKind as DomainKind};
use tagih_app::jobs::JobRun as JobRunRow;
use tagih_projections::location_health::HealthRow;
use tagih_projections::ppp_profiles::PppProfileRow;
use tagih_projections::router_drift::DriftRow;
use tagih_projections::router_queries::{self, SessionRow};

use crate::context::api;
use crate::error::gql;
use crate::types::Location;

#[derive(SimpleObject, Clone)]
pub struct LocationHealth {
    pub location_id: String,
    pub online: bool,
    pub checked_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub latency_ms: Option<i64>,
    pub identity: Option<String>,
    pub version: Option<String>,
    pub board: Option<String>,
    pub uptime_seconds: Option<i64>,
    pub cpu_load: Option<i32>,
    pub free_memory: Option<i64>,
    pub total_memory: Option<i64>,
    pub error: Option<String>,
}

impl From<HealthRow> for LocationHealth {
    fn from(r: HealthRow) -> Self {
        Self {
            location_id: r.location_id,
            online: r.online,
            checked_at: r.checked_at,
            last_seen_at: r.last_seen_at,
            latency_ms: r.latency_ms,
            identity: r.identity,
            version: r.version,
            board: r.board,
            uptime_seconds: r.uptime_secs,
            cpu_load: r.cpu_load,
            free_memory: r.free_memory,
            total_memory: r.total_memory,
            error: r.error,
        }
    }
}

#[ComplexObject]
impl Location {
    /// What the health job last recorded; null before the first check.
    async fn health(&self, ctx: &Context<'_>) -> Result<Option<LocationHealth>> {
        Ok(router_queries::location_health(&api(ctx).pool, &self.id)
            .await
            .map_err(gql)?
            .map(Into::into))
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum DriftKind {
    Missing,
    Unknown,
    ProfileChanged,
    PasswordChanged,
    DisabledMismatch,
    /// A PPPoE-marked account no subscription wants on the router (disabled by a repair).
    Extra,
}

impl From<DomainKind> for DriftKind {
    fn from(k: DomainKind) -> Self {
        match k {
            DomainKind::Missing => Self::Missing,
            DomainKind::Unknown => Self::Unknown,
            DomainKind::ProfileChanged => Self::ProfileChanged,
            DomainKind::PasswordChanged => Self::PasswordChanged,
            DomainKind::DisabledMismatch => Self::DisabledMismatch,
            DomainKind::Extra => Self::Extra,
        }
    }
}

#[derive(SimpleObject, Clone)]
pub struct DriftItem {
    pub kind: DriftKind,
    pub username: String,
    pub voucher_id: Option<String>,
    /// The subscription whose PPP secret or named hotspot user this is.
    pub subscription_id: Option<String>,
    /// True for a `/ppp/secret`, false for a `/ip/hotspot/user`.
    pub ppp: bool,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// Set on repair failures.
    pub error: Option<String>,
}

fn item(i: DomainDriftItem, error: Option<String>) -> DriftItem {
    DriftItem {
        kind: i.kind.into(),
        username: i.username,
        voucher_id: i.voucher_id,
        subscription_id: i.subscription_id,
        ppp: i.ppp,
        expected: i.expected,
        actual: i.actual,
        error,
    }
}

#[derive(SimpleObject)]
pub struct DriftReport {
    pub location_id: String,
    pub checked_at: DateTime<Utc>,
    pub users_on_router: i32,
    pub items: Vec<DriftItem>,
    pub repaired_at: Option<DateTime<Utc>>,
    pub repaired: Vec<DriftItem>,
    pub repair_failures: Vec<DriftItem>,
}

impl From<DriftRow> for DriftReport {
    fn from(r: DriftRow) -> Self {
        let repair = r.repair.map(|j| j.0);
        Self {
            location_id: r.location_id,
            checked_at: r.checked_at,
            users_on_router: r.users_on_router,
            items: r.items.0.into_iter().map(|i| item(i, None)).collect(),
            repaired_at: r.repaired_at,
            repaired: repair
                .as_ref()
                .map(|s| s.repaired.iter().cloned().map(|i| item(i, None)).collect())
                .unwrap_or_default(),
            repair_failures: repair
                .map(|s| {
                    s.failed
                        .into_iter()
                        .map(|f| item(f.item, Some(f.error)))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

#[derive(SimpleObject, Clone)]
pub struct ActiveSession {
    /// HOTSPOT or PPP.
    pub kind: String,
    pub router_id: String,
    pub username: String,
    pub address: Option<String>,
    pub mac_address: Option<String>,
    pub uptime_seconds: i64,
    pub bytes_in: i64,
    pub bytes_out: i64,
    pub observed_at: DateTime<Utc>,
}

impl From<SessionRow> for ActiveSession {
    fn from(r: SessionRow) -> Self {
        Self {
            kind: r.kind.to_uppercase(),
            router_id: r.router_id,
            username: r.username,
            address: r.address,
            mac_address: r.mac_address,
            uptime_seconds: r.uptime_secs,
            bytes_in: r.bytes_in,
            bytes_out: r.bytes_out,
            observed_at: r.observed_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct PppProfile {
    pub id: String,
    pub location_id: String,
    pub name: String,
    pub rate_limit: Option<String>,
    pub local_address: Option<String>,
    pub remote_address: Option<String>,
    pub price: Decimal,
    /// Cost price per period: profit = price - cost.
    pub cost_price: Decimal,
    pub retired: bool,
}

impl From<PppProfileRow> for PppProfile {
    fn from(r: PppProfileRow) -> Self {
        Self {
            id: r.id,
            location_id: r.location_id,
            name: r.name,
            rate_limit: r.rate_limit,
            local_address: r.local_address,
            remote_address: r.remote_address,
            price: r.price,
            cost_price: r.price_cost,
            retired: r.retired,
        }
    }
}

#[derive(SimpleObject)]
pub struct JobRun {
    pub id: i64,
    pub job: String,
    pub instance: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// RUNNING, OK or FAILED.
    pub outcome: String,
    pub detail: Option<String>,
}

impl From<JobRunRow> for JobRun {
    fn from(r: JobRunRow) -> Self {
        Self {
            id: r.id,
            job: r.job,
            instance: r.instance,
            started_at: r.started_at,
            finished_at: r.finished_at,
            outcome: r.outcome.to_uppercase(),
            detail: r.detail,
        }
    }
}
