//! GraphQL output types, built from read-model rows (secrets never leave the server).

use async_graphql::{Enum, Json, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_app::outbox::OutboxRow;
use tagih_projections::admins::AdminRow;
use tagih_projections::locations::LocationRow;
use tagih_projections::queries::{CheckpointRow, PoisonRow};
use tagih_projections::voucher_batches::BatchRow;
use tagih_projections::voucher_profiles::ProfileRow;
use tagih_projections::vouchers::VoucherRow;
use tagih_replay::StoredEvent;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum RoleName {
    SuperAdmin,
    Admin,
    Operator,
}

impl From<RoleName> for tagih_aggregates::Role {
    fn from(r: RoleName) -> Self {
        match r {
            RoleName::SuperAdmin => Self::SuperAdmin,
            RoleName::Admin => Self::Admin,
            RoleName::Operator => Self::Operator,
        }
    }
}

#[derive(SimpleObject)]
pub struct Admin {
    pub id: String,
    pub username: String,
    pub email: Option<String>,
    pub role: String,
    pub active: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<AdminRow> for Admin {
    fn from(r: AdminRow) -> Self {
        Self {
            id: r.id,
            username: r.username,
            email: r.email,
            role: r.role,
            active: r.active,
            last_login_at: r.last_login_at,
            created_at: r.created_at,
        }
    }
}

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Location {
    pub id: String,
    pub name: String,
    pub host: String,
    pub port: i32,
    pub transport: String,
    pub username: String,
    pub hotspot_server: String,
    pub time_zone: String,
    /// VERIFY, PINNED or ACCEPT_SELF_SIGNED (API-TLS only).
    pub tls_trust: String,
    pub tls_fingerprint: Option<String>,
    /// Whether the router's on-login webhook has a token (issued by the first sync).
    pub has_router_token: bool,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// ACTIVATION or HANDOVER: when voucher sales here are revenue.
    pub sale_recognition: String,
}

impl From<LocationRow> for Location {
    fn from(r: LocationRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            host: r.host,
            port: r.port,
            transport: r.transport,
            username: r.username,
            hotspot_server: r.hotspot_server,
            time_zone: r.time_zone,
            tls_trust: r.tls_trust,
            tls_fingerprint: r.tls_fingerprint,
            has_router_token: r.router_token_enc.is_some(),
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
            sale_recognition: r.sale_on,
        }
    }
}

#[derive(SimpleObject)]
pub struct VoucherProfile {
    pub id: String,
    pub location_id: String,
    pub name: String,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    pub profit: Decimal,
    pub validity_seconds: i64,
    pub rate_limit: Option<String>,
    pub uptime_limit_seconds: Option<i64>,
    pub data_quota_bytes: Option<i64>,
    pub retired: bool,
    pub updated_at: DateTime<Utc>,
}

impl From<ProfileRow> for VoucherProfile {
    fn from(r: ProfileRow) -> Self {
        Self {
            id: r.id,
            location_id: r.location_id,
            name: r.name,
            profit: r.price_sell - r.price_cost,
            price_sell: r.price_sell,
            price_cost: r.price_cost,
            validity_seconds: r.validity_secs,
            rate_limit: r.rate_limit,
            uptime_limit_seconds: r.uptime_limit_secs,
            data_quota_bytes: r.data_quota_bytes,
            retired: r.retired,
            updated_at: r.updated_at,
        }
    }
}

#[derive(SimpleObject, Clone)]
pub struct Voucher {
    pub id: String,
    pub code: String,
    pub password: String,
    pub status: String,
    pub location_id: String,
    pub batch_id: String,
    pub profile_id: String,
    pub profile_name: String,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    pub validity_seconds: i64,
    pub rate_limit: Option<String>,
    pub uptime_limit_seconds: Option<i64>,
    pub data_quota_bytes: Option<i64>,
    pub first_login_at: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
    pub provisioning_failures: i32,
    pub last_error: Option<String>,
    pub generated_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When its sale was recognised (first login, or its batch sold to a reseller).
    pub sold_at: Option<DateTime<Utc>>,
    pub sale_price: Option<Decimal>,
    pub reseller: Option<String>,
    pub sale_refunded: bool,
    pub expired_at: Option<DateTime<Utc>>,
}

impl From<VoucherRow> for Voucher {
    fn from(r: VoucherRow) -> Self {
        Self {
            sold_at: r.sold_at,
            sale_price: r.sale_price,
            reseller: r.reseller.clone(),
            sale_refunded: r.sale_refunded,
            expired_at: r.expired_at,
            id: r.id,
            code: r.code,
            password: r.password,
            status: r.status,
            location_id: r.location_id,
            batch_id: r.batch_id,
            profile_id: r.profile_id,
            profile_name: r.profile_name,
            price_sell: r.price_sell,
            price_cost: r.price_cost,
            validity_seconds: r.validity_secs,
            rate_limit: r.rate_limit,
            uptime_limit_seconds: r.uptime_limit_secs,
            data_quota_bytes: r.data_quota_bytes,
            first_login_at: r.first_login_at,
            valid_until: r.valid_until,
            provisioning_failures: r.provisioning_failures,
            last_error: r.last_error,
            generated_at: r.generated_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct VoucherBatch {
    pub id: String,
    pub location_id: String,
    pub profile_name: String,
    pub count: i32,
    pub prefix: String,
    pub code_length: i32,
    pub charset: String,
    pub password_mode: String,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    pub generated_by: Option<String>,
    pub generated_at: DateTime<Utc>,
    /// ACTIVATION or HANDOVER: when its vouchers' sales are revenue.
    pub sale_recognition: String,
    /// The reseller it is sold to, the agreed price per voucher and how many it sold.
    pub reseller: Option<String>,
    pub agreed_price: Option<Decimal>,
    pub sold_vouchers: Option<i32>,
    pub sold_at: Option<DateTime<Utc>>,
}

impl From<BatchRow> for VoucherBatch {
    fn from(r: BatchRow) -> Self {
        Self {
            sale_recognition: r.sale_on.clone(),
            reseller: r.reseller.clone(),
            agreed_price: r.agreed_price,
            sold_vouchers: r.sold_vouchers,
            sold_at: r.sold_at,
            id: r.id,
            location_id: r.location_id,
            profile_name: r.profile_name,
            count: r.count,
            prefix: r.prefix,
            code_length: r.code_length,
            charset: r.charset,
            password_mode: r.password_mode,
            price_sell: r.price_sell,
            price_cost: r.price_cost,
            generated_by: r.generated_by,
            generated_at: r.generated_at,
        }
    }
}

/// One event of the log as auditors see it (secrets redacted).
#[derive(SimpleObject, Clone)]
pub struct Event {
    pub position: i64,
    pub sequence: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub event_type: String,
    pub event_version: String,
    pub recorded_at: DateTime<Utc>,
    pub actor: Option<String>,
    pub actor_role: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub command: Option<String>,
    pub payload: Json<serde_json::Value>,
    pub metadata: Json<serde_json::Value>,
}

impl From<&StoredEvent> for Event {
    fn from(e: &StoredEvent) -> Self {
        Self {
            position: e.position,
            sequence: e.sequence,
            aggregate_type: e.aggregate_type.clone(),
            aggregate_id: e.aggregate_id.clone(),
            event_type: e.event_type.clone(),
            event_version: e.event_version.clone(),
            recorded_at: e.recorded_at,
            actor: e.meta("actor_id"),
            actor_role: e.meta("actor_role"),
            ip: e.meta("ip"),
            request_id: e.meta("request_id"),
            command: e.meta("command"),
            payload: Json(tagih_replay::history::redact(
                &e.aggregate_type,
                e.payload_json(),
            )),
            metadata: Json(e.metadata_json()),
        }
    }
}

#[derive(SimpleObject)]
pub struct ProjectionStatus {
    pub name: String,
    pub position: i64,
    /// `live`, `failed` (retrying with back-off, nothing skipped), `rebuilding`, or
    /// `poisoned` (live, but skipping the events in `poisonedEvents`).
    pub status: String,
    /// While failed: the failure; while poisoned: the latest skipped event's error.
    pub last_error: Option<String>,
    pub failures: i32,
    pub updated_at: DateTime<Utc>,
    /// How many events this projection skipped because it could not apply them.
    pub poisoned: i32,
    /// Those events, oldest first; `tagih replay rebuild <name>` retries them all.
    pub poisoned_events: Vec<PoisonedEvent>,
}

/// An event a projection skipped (ADR 0012).
#[derive(SimpleObject)]
pub struct PoisonedEvent {
    pub position: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub event_type: String,
    pub error: String,
    pub poisoned_at: DateTime<Utc>,
}

impl ProjectionStatus {
    /// The checkpoint with the skipped events that belong to it.
    pub fn with_poison(r: CheckpointRow, all: &[PoisonRow]) -> Self {
        let poisoned_events: Vec<PoisonedEvent> = all
            .iter()
            .filter(|p| p.projection == r.name)
            .map(|p| PoisonedEvent {
                position: p.position,
                aggregate_type: p.aggregate_type.clone(),
                aggregate_id: p.aggregate_id.clone(),
                event_type: p.event_type.clone(),
                error: p.error.clone(),
                poisoned_at: p.poisoned_at,
            })
            .collect();
        Self {
            name: r.name,
            position: r.position,
            status: r.status,
            last_error: r.last_error,
            failures: r.failures,
            updated_at: r.updated_at,
            poisoned: i32::try_from(poisoned_events.len()).unwrap_or(i32::MAX),
            poisoned_events,
        }
    }
}

#[derive(SimpleObject)]
pub struct OutboxEntry {
    pub id: i64,
    pub idempotency_key: String,
    pub kind: String,
    pub partition_key: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<OutboxRow> for OutboxEntry {
    fn from(r: OutboxRow) -> Self {
        Self {
            id: r.id,
            idempotency_key: r.idempotency_key,
            kind: r.kind,
            partition_key: r.partition_key,
            status: r.status,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            last_error: r.last_error,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}
