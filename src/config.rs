//! Typed settings: `config/base.toml` < `config/{TAGIH_ENV}.toml` < `TAGIH__SECTION__KEY`
//! (plus `DATABASE_URL` / `REDIS_URL`). Secrets stay `SecretString`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use secrecy::SecretString;
use serde::Deserialize;
use tagih_aggregates::renewal::RenewalPolicy;
use tagih_sagas::jobs::billing::BillingJobSettings;
use tagih_sagas::jobs::{DriftPolicy, RouterJobSettings};
use tagih_sagas::voucher_effects::CleanupPolicy;
use tagih_sagas::whatsapp::WhatsAppSettings;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    #[serde(default)]
    pub commands: CommandSettings,
    #[serde(default)]
    pub redis: RedisSettings,
    pub security: SecuritySettings,
    #[serde(default)]
    pub bootstrap: BootstrapSettings,
    pub api: ApiSettings,
    #[serde(default)]
    pub routers: RouterSettings,
    #[serde(default)]
    pub jobs: JobSettings,
    #[serde(default)]
    pub billing: BillingSettings,
    #[serde(default)]
    pub payments: PaymentSettings,
    #[serde(default)]
    pub whatsapp: WhatsAppSettings,
    #[serde(default)]
    pub projections: ProjectionSettings,
}

/// The projection host (docs/adr/0020-projection-host.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct ProjectionSettings {
    /// Events per pass at most.
    pub batch_size: i64,
    /// Extra consumers that read nothing: the "scaling with features" benchmark registers
    /// them to show what a read model costs when no event concerns it. 0 in production.
    pub idle_consumers: usize,
}

impl Default for ProjectionSettings {
    fn default() -> Self {
        Self {
            batch_size: 10_000,
            idle_consumers: 0,
        }
    }
}

/// Payment plugins and gateways.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PaymentSettings {
    /// Where gateways reach `/webhooks/payments/{plugin}`; empty = `http://<bound address>`.
    pub webhook_base_url: String,
    /// Refuse unsigned plugin packages.
    pub require_signature: bool,
    /// ed25519 public keys (hex, 32 bytes) whose package signatures are trusted.
    pub trusted_keys: Vec<String>,
    /// Extra plugin hosts may be private or loopback addresses (development and tests,
    /// where gateways are local mock servers; ADR 0026).
    pub allow_private_plugin_hosts: bool,
}

impl PaymentSettings {
    pub fn trust_policy(&self) -> anyhow::Result<tagih_plugins::package::TrustPolicy> {
        let mut keys = Vec::new();
        for text in &self.trusted_keys {
            let bytes: [u8; 32] = hex::decode(text.trim())
                .ok()
                .and_then(|b| b.try_into().ok())
                .with_context(|| format!("payments.trusted_keys: {text} is not 32 bytes of hex"))?;
            let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes)
                .with_context(|| format!("payments.trusted_keys: {text} is not an ed25519 key"))?;
            keys.push(key);
        }
        Ok(tagih_plugins::package::TrustPolicy {
            trusted_keys: keys,
            require_signature: self.require_signature,
        })
    }
}

/// Invoicing, grace and reminders (SPEC "Customers, subscriptions, PPPoE").
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct BillingSettings {
    /// Invoices are issued this many days before a period ends.
    pub invoice_days_before: i64,
    /// Days an expired subscription stays enabled before it is disabled.
    pub grace_days: u32,
    /// A payment made after expiry renews from the payment date (`from_payment_date`) or
    /// from the old expiry (`from_old_expiry`).
    pub late_payment_policy: LatePaymentPolicy,
    pub reminder_days_before: Vec<i64>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LatePaymentPolicy {
    FromPaymentDate,
    FromOldExpiry,
}

impl Default for BillingSettings {
    fn default() -> Self {
        let d = BillingJobSettings::default();
        Self {
            invoice_days_before: d.invoice_days_before,
            grace_days: d.grace_days,
            late_payment_policy: LatePaymentPolicy::FromPaymentDate,
            reminder_days_before: d.reminder_days_before,
        }
    }
}

impl BillingSettings {
    pub fn for_jobs(&self) -> BillingJobSettings {
        BillingJobSettings {
            invoice_days_before: self.invoice_days_before,
            grace_days: self.grace_days,
            late_payment_policy: match self.late_payment_policy {
                LatePaymentPolicy::FromPaymentDate => RenewalPolicy::FromPaymentDate,
                LatePaymentPolicy::FromOldExpiry => RenewalPolicy::FromOldExpiry,
            },
            reminder_days_before: self.reminder_days_before.clone(),
        }
    }
}

/// How Tagih works with routers (see docs/architecture.md, "Voucher life on routers").
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct RouterSettings {
    /// Where routers reach Tagih's webhook; empty = `http://<bound address>`.
    pub webhook_base_url: String,
    pub voucher_marker: String,
    pub pppoe_marker: String,
    pub drift_policy: DriftPolicy,
    pub health_heartbeat_secs: i64,
    pub cleanup_policy: CleanupPolicy,
    /// Seconds between an expired voucher being disabled and removed (policy `remove`).
    pub cleanup_delay_secs: i64,
    /// What cancelling a subscription does to its router account: remove or disable.
    pub cancel_policy: CleanupPolicy,
    /// Subscription changes sent to one router together, in two pipelined rounds
    /// (ADR 0025); 1 = one at a time.
    pub subscription_batch_size: i64,
}

impl Default for RouterSettings {
    fn default() -> Self {
        let jobs = RouterJobSettings::default();
        Self {
            webhook_base_url: String::new(),
            voucher_marker: jobs.voucher_marker,
            pppoe_marker: jobs.pppoe_marker,
            drift_policy: jobs.drift_policy,
            health_heartbeat_secs: jobs.health_heartbeat_secs,
            cleanup_policy: CleanupPolicy::Remove,
            cleanup_delay_secs: 3_600,
            cancel_policy: CleanupPolicy::Remove,
            subscription_batch_size: tagih_sagas::subscription_effects::DEFAULT_BATCH_SIZE,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct JobSettings {
    /// Run jobs on their schedules (tests turn this off and run jobs by hand).
    pub enabled: bool,
    /// Cron overrides by job name, e.g. `voucher_expiry = "*/10 * * * * *"`.
    pub schedules: HashMap<String, String>,
}

impl Default for JobSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            schedules: HashMap::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub bind: String,
    /// A client must send a request's whole head (request line and headers) within this
    /// long, and an idle keep-alive connection is closed after it (slow-loris clients).
    pub header_read_timeout_ms: u64,
    /// This instance's name, stable across its restarts and unique among instances that
    /// run at once: outbox leases are held under it, and a restart gives the previous
    /// run's rows back at once (docs/adr/0024-instance-identity-leases-and-queue-bounds.md).
    /// Unset: `<host name>:<port of bind>`.
    #[serde(default)]
    pub instance_id: Option<String>,
}

impl ServerSettings {
    /// The instance id these settings give (`leases::instance_id`).
    pub fn instance_id(&self) -> String {
        tagih_sagas::leases::instance_id(self.instance_id.as_deref(), &host_name(), &self.bind)
    }
}

/// The machine's host name (Linux), else `$HOSTNAME`, else "tagih".
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "tagih".into())
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub url: Option<SecretString>,
    pub max_connections: u32,
    pub data_dir: PathBuf,
}

/// The write side (docs/adr/0018-aggregate-cache.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct CommandSettings {
    /// Aggregates (state and version) an instance keeps in memory, least recently used
    /// evicted first; 0 keeps none (every command folds its whole stream).
    pub aggregate_cache_capacity: usize,
}

impl Default for CommandSettings {
    fn default() -> Self {
        Self {
            aggregate_cache_capacity: tagih_commands::cache::DEFAULT_CAPACITY,
        }
    }
}

impl CommandSettings {
    /// The command bus these settings describe, writing through `pool`.
    pub fn bus(&self, pool: sqlx::PgPool) -> tagih_commands::CommandBus {
        tagih_commands::CommandBus::with_cache_capacity(pool, self.aggregate_cache_capacity)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RedisSettings {
    pub url: Option<String>,
    /// Namespace for keys when several deployments share one Redis.
    #[serde(default)]
    pub key_prefix: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SecuritySettings {
    /// HS256 secret for session tokens; generated into the data dir when absent.
    pub jwt_secret: Option<SecretString>,
    /// Base64 AES-256 key for secrets at rest; generated into the data dir when absent.
    pub encryption_key: Option<SecretString>,
    pub login_max_failures: u32,
    pub login_window_secs: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct BootstrapSettings {
    pub admin_username: Option<String>,
    pub admin_password: Option<SecretString>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ApiSettings {
    pub body_limit_bytes: usize,
    pub read_your_writes_ms: u64,
    /// Whether a request without a valid token may introspect the schema (`__schema`,
    /// `__type`). Open in development; production closes it (config/production.toml).
    pub public_introspection: bool,
    /// A request's whole answer, body read included, within this long, else 408.
    pub request_timeout_ms: u64,
    /// A request's body in full within this long of its head, else 408.
    pub body_timeout_ms: u64,
    /// Requests served at once; more are answered 503 at once.
    pub max_concurrent_requests: usize,
    /// A WebSocket must send `connection_init` within this long, else close 4408.
    pub ws_init_timeout_ms: u64,
    /// Operations one WebSocket may run at once; one more is answered with an `error`
    /// message (code `TOO_MANY_OPERATIONS`) and not started.
    pub ws_max_operations: usize,
}

impl Settings {
    /// Reads the layered configuration from `dir` (usually `./config`).
    pub fn load(dir: &Path) -> anyhow::Result<Settings> {
        let env = std::env::var("TAGIH_ENV").unwrap_or_else(|_| "local".into());
        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(
                include_str!("../config/base.toml"),
                config::FileFormat::Toml,
            ))
            .add_source(config::File::from(dir.join("base.toml")).required(false))
            .add_source(config::File::from(dir.join(format!("{env}.toml"))).required(false))
            .add_source(
                config::Environment::with_prefix("TAGIH")
                    .prefix_separator("__")
                    .separator("__"),
            );
        if let Ok(url) = std::env::var("DATABASE_URL") {
            builder = builder.set_override("database.url", url)?;
        }
        if let Ok(url) = std::env::var("REDIS_URL") {
            builder = builder.set_override("redis.url", url)?;
        }
        builder
            .build()?
            .try_deserialize()
            .context("invalid configuration")
    }
}
