//! Error isolation: a plugin whose code fails (a limit, a timeout, a crash in its script,
//! an unusable return) is marked failing with the error — visible in `plugins` — and the
//! server carries on; its next successful call clears the mark. A refused callback
//! signature is the caller's fault, not the plugin's, and marks nothing.

use tagih_commands::{CommandBus, Metadata, plugins};
use tagih_plugins::PluginError;

/// Whether an error says the plugin itself is broken (rather than its input or gateway).
pub fn is_plugin_fault(e: &PluginError) -> bool {
    matches!(
        e,
        PluginError::LimitExceeded(_)
            | PluginError::Timeout(_)
            | PluginError::Compile { .. }
            | PluginError::BadReturn { .. }
            | PluginError::MissingFunction { .. }
            | PluginError::Task(_)
    )
}

/// Records the outcome of a plugin call on the plugin's health.
pub async fn record<T>(
    bus: &CommandBus,
    name: &str,
    failing: bool,
    result: &Result<T, PluginError>,
) {
    let meta = Metadata::system("payments:plugin_health");
    let written = match result {
        Err(e) if is_plugin_fault(e) => {
            plugins::record_failure(bus, name, &e.to_string(), &meta).await
        }
        Ok(_) if failing => plugins::record_recovery(bus, name, &meta).await,
        _ => return,
    };
    if let Err(e) = written {
        tracing::warn!(plugin = name, error = %e, "could not record plugin health");
    }
}
