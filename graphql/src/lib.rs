//! The GraphQL API (schema only; transport lives in the binary): roots grouped by area,
//! role guards on every field, stable error codes, live subscriptions.

pub mod auth;
pub mod billing_inputs;
pub mod billing_reads;
pub mod billing_types;
pub mod context;
pub mod error;
pub mod error_cap;
pub mod input_guard;
pub mod messaging_types;
mod payment_errors;
pub mod payment_types;
pub mod read_after;
pub mod report_types;
pub mod roots;
pub mod router_types;
pub mod scalars;
pub mod schema;
pub mod types;

pub use context::{ApiContext, RequestInfo};
pub use schema::{TagihSchema, build_schema};
