//! Read models: typed tables (NUMERIC money) kept by idempotent projectors, and the
//! queries the API reads them with.

pub mod admins;
pub mod billing_queries;
pub mod copy_rows;
pub mod customer_ledger;
pub mod customers;
pub mod finance;
pub mod fresh;
pub mod invoices;
pub mod location_health;
pub mod locations;
pub mod payments;
pub mod ppp_profiles;
pub mod queries;
pub mod receipts;
pub mod router_drift;
pub mod router_queries;
pub mod row_model;
pub mod subscriptions;
pub mod voucher_batches;
pub mod voucher_profiles;
pub mod vouchers;
pub mod whatsapp;

use std::sync::Arc;

use tagih_replay::Projector;

pub use row_model::{RowModel, RowProjection};

/// Every read-model projector, in the order they are started.
pub fn all() -> Vec<Arc<dyn Projector>> {
    vec![
        Arc::new(RowProjection::<admins::AdminUsers>::default()),
        Arc::new(RowProjection::<admins::RevokedSessions>::default()),
        Arc::new(RowProjection::<locations::Locations>::default()),
        Arc::new(RowProjection::<voucher_profiles::VoucherProfiles>::default()),
        Arc::new(RowProjection::<voucher_batches::VoucherBatches>::default()),
        Arc::new(RowProjection::<vouchers::Vouchers>::default()),
        Arc::new(RowProjection::<location_health::LocationHealth>::default()),
        Arc::new(RowProjection::<router_drift::RouterDrift>::default()),
        Arc::new(RowProjection::<ppp_profiles::PppProfiles>::default()),
        Arc::new(RowProjection::<customers::Customers>::default()),
        Arc::new(RowProjection::<customer_ledger::CustomerLedger>::default()),
        Arc::new(RowProjection::<subscriptions::Subscriptions>::default()),
        Arc::new(RowProjection::<invoices::Invoices>::default()),
        Arc::new(RowProjection::<payments::Payments>::default()),
        Arc::new(RowProjection::<payments::PaymentCallbacks>::default()),
        Arc::new(finance::FinanceLedger),
        Arc::new(RowProjection::<receipts::Receipts>::default()),
        Arc::new(RowProjection::<whatsapp::WaSenders>::default()),
        Arc::new(RowProjection::<whatsapp::WaTemplates>::default()),
        Arc::new(RowProjection::<whatsapp::WaMessages>::default()),
    ]
}

/// Names of the projections, for read-your-writes waits.
pub mod names {
    pub const ADMIN_USERS: &str = "admin_users";
    pub const REVOKED_SESSIONS: &str = "revoked_sessions";
    pub const LOCATIONS: &str = "locations";
    pub const VOUCHER_PROFILES: &str = "voucher_profiles";
    pub const VOUCHER_BATCHES: &str = "voucher_batches";
    pub const VOUCHERS: &str = "vouchers";
    pub const LOCATION_HEALTH: &str = "location_health";
    pub const ROUTER_DRIFT: &str = "router_drift";
    pub const PPP_PROFILES: &str = "ppp_profiles";
    pub const CUSTOMERS: &str = "customers";
    pub const CUSTOMER_LEDGER: &str = "customer_ledger";
    pub const SUBSCRIPTIONS: &str = "subscriptions";
    pub const INVOICES: &str = "invoices";
    pub const PAYMENTS: &str = "payments";
    pub const PAYMENT_CALLBACKS: &str = "payment_callbacks";
    pub const FINANCE_LEDGER: &str = "finance_ledger";
    pub const RECEIPTS: &str = "receipts";
    pub const WA_SENDERS: &str = "wa_senders";
    pub const WA_TEMPLATES: &str = "wa_templates";
    pub const WA_MESSAGES: &str = "wa_messages";
}
