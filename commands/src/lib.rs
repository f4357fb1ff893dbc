//! Write side: the command bus with its aggregate cache, the event store adapter, command
//! metadata, retry on conflicts, bulk appends, and one application service per aggregate.

pub mod account_names;
pub mod admins;
pub mod billing;
pub mod bulk;
pub mod bus;
pub mod cache;
pub mod clock;
pub mod customers;
pub mod error;
pub mod invoice_numbers;
pub mod invoices;
pub mod locations;
pub mod metadata;
pub mod passwords;
pub mod payments;
pub mod plugins;
pub mod ppp_profiles;
pub mod refunds;
pub mod router_observations;
pub mod secrets;
pub mod sessions;
pub mod store;
pub mod subscriptions;
pub mod voucher_batches;
pub mod voucher_profiles;
pub mod vouchers;
pub mod wa_template_defaults;
pub mod wa_templates;
pub mod whatsapp;
pub mod whatsapp_messages;

pub use bus::{CommandBus, Written};
pub use clock::{Clock, ManualClock, SharedClock, SystemClock};
pub use error::CommandError;
pub use metadata::Metadata;
pub use secrets::SecretBox;
