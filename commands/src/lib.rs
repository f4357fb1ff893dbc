//! Write side: cqrs-es + postgres-es wiring, command metadata, retry on conflicts, bulk
//! appends, and one application service per aggregate.

pub mod admins;
pub mod bulk;
pub mod bus;
pub mod error;
pub mod locations;
pub mod metadata;
pub mod passwords;
pub mod secrets;
pub mod voucher_batches;
pub mod voucher_profiles;
pub mod vouchers;

pub use bus::{CommandBus, Written};
pub use error::CommandError;
pub use metadata::Metadata;
pub use secrets::SecretBox;
