//! Payment plugins: a sandboxed Rhai runtime, plugin packages (ZIP + manifest) and the
//! built-in gateway plugins. Depends on no domain crate; sagas adapt it to the ports.
//!
//! The sagas layer uses [`Runtime`] to turn a [`package::PluginPackage`] (or a built-in
//! from [`builtin`]) into a [`Plugin`], then calls the typed contract methods
//! ([`Plugin::create_payment`], [`Plugin::check_status`], [`Plugin::handle_callback`],
//! [`Plugin::refund`], [`Plugin::validate_settings`], [`Plugin::on_hook`]) with a
//! [`CallContext`] carrying the decrypted settings.

pub mod builtin;
pub mod contract;
mod error;
pub mod fees;
pub mod manifest;
pub mod package;
mod plugin;
pub mod runtime;

#[cfg(test)]
mod test_support;

pub use error::{Limit, PluginError, ScriptPosition};
pub use plugin::{CallContext, Plugin};
pub use runtime::{AddressFilter, Limits, Runtime};
