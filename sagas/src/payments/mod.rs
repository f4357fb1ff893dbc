//! Payments: the plugin registry (hot-swapped compiled plugins), the gateway calls made
//! through it, webhook ingestion, and the sagas that act on completed payments.

pub mod health;
pub mod hooks;
pub mod ingest;
pub mod plugins;
pub mod quarantine;
pub mod reconcile;
pub mod registry;
pub mod service;
pub mod settle;
pub mod turns;
