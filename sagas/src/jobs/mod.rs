//! Scheduled jobs: each issues commands or outbox rows only, runs on exactly one instance
//! at a time (a Postgres advisory lock), and records its runs for the dashboard.

pub mod billing;
pub mod drift;
pub mod drift_accounts;
pub mod fleet;
pub mod health;
pub mod on_login_script;
pub mod profile_sync;
pub mod reminders;
pub mod router_sync;
pub mod scheduler;
pub mod session_poll;
pub mod voucher_expiry;

use std::sync::Arc;

use async_trait::async_trait;
use tagih_commands::{CommandBus, SecretBox, SharedClock};

use crate::ports::RouterGateway;

pub use scheduler::{JobRun, Scheduler};

/// What the sync does with drift it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DriftPolicy {
    #[default]
    Report,
    /// Put users back as Tagih has them (unknown users are never touched).
    Restore,
}

/// Settings the router jobs share.
#[derive(Debug, Clone)]
pub struct RouterJobSettings {
    /// Where routers reach Tagih, e.g. `https://billing.example.net` (no trailing slash).
    pub webhook_base_url: String,
    pub voucher_marker: String,
    pub pppoe_marker: String,
    pub drift_policy: DriftPolicy,
    /// A health check is recorded at least this often even when nothing changed.
    pub health_heartbeat_secs: i64,
    /// Routers probed or polled at once.
    pub parallel_routers: usize,
}

impl Default for RouterJobSettings {
    fn default() -> Self {
        Self {
            webhook_base_url: "http://127.0.0.1:8080".into(),
            voucher_marker: "VOUCHER_SYSTEM".into(),
            pppoe_marker: "PPPOE_SYSTEM".into(),
            drift_policy: DriftPolicy::Report,
            health_heartbeat_secs: 300,
            parallel_routers: 8,
        }
    }
}

/// Everything a job may use.
#[derive(Clone)]
pub struct JobContext {
    pub bus: Arc<CommandBus>,
    pub secrets: SecretBox,
    pub gateway: Arc<dyn RouterGateway>,
    pub clock: SharedClock,
    pub routers: RouterJobSettings,
    pub billing: billing::BillingJobSettings,
    pub payments: Arc<tagih_app::payments::PaymentService>,
}

#[async_trait]
pub trait Job: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    /// Cron expression with seconds (`sec min hour day month weekday`).
    fn default_schedule(&self) -> &'static str;
    /// A one-line summary of what the run did, or why it failed.
    async fn run(&self, ctx: &JobContext) -> Result<String, String>;
}

/// Every job of the product.
pub fn all() -> Vec<Arc<dyn Job>> {
    vec![
        Arc::new(voucher_expiry::VoucherExpiry),
        Arc::new(health::RouterHealthJob),
        Arc::new(session_poll::SessionPoll),
        Arc::new(router_sync::RouterSync),
        Arc::new(billing::IssueInvoices),
        Arc::new(billing::SubscriptionExpiry),
        Arc::new(reminders::PaymentReminders),
        Arc::new(crate::payments::reconcile::ReconcilePayments),
        Arc::new(crate::whatsapp::health_job::SenderHealthJob),
    ]
}
