//! Process managers and side effects: sagas are checkpointed projectors that write outbox
//! rows; workers claim rows per partition, perform the effect through a port, and record
//! the outcome as a command so results are events too.

pub mod jobs;
pub mod leases;
pub mod outbox;
pub mod payments;
pub mod ports;
pub mod profile_ownership;
pub mod provisioning;
pub mod receipts;
pub mod routeros_gateway;
pub mod routers;
pub mod stream_origin;
pub mod subscription_effects;
pub mod voucher_effects;
pub mod wakeups;
pub mod whatsapp;
pub mod worker;

pub use leases::Leases;
pub use ports::{HotspotVoucher, RouterError, RouterGateway, RouterTarget};
pub use routeros_gateway::RouterOsGateway;
pub use wakeups::OutboxWakeups;
pub use worker::{OutboxHandler, OutboxWorker, Outcome, WorkerConfig};
