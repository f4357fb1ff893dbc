//! Hard limits of the sandbox: every plugin call runs inside these bounds.

use std::time::Duration;

use super::egress::AddressFilter;

/// Resource bounds for one plugin call. The defaults leave a gateway plugin room for two
/// or three HTTP round trips while stopping runaway scripts long before they hurt the
/// process.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Rhai operations per call (each expression node counts). Rhai checks container
    /// sizes when a value is used, not on `m[k] = v`, so this limit is also what bounds
    /// memory in a loop that only indexes; keep it modest.
    pub max_operations: u64,
    /// Nested script function calls.
    pub max_call_depth: usize,
    /// Expression nesting at the top level and inside functions (checked at compile time).
    pub max_expr_depth: usize,
    pub max_fn_expr_depth: usize,
    /// Bytes in any one string; must exceed `http_body_limit` so a full body fits.
    pub max_string_size: usize,
    pub max_array_size: usize,
    pub max_map_size: usize,
    pub max_variables: usize,
    /// Wall-clock budget for a whole call, HTTP included.
    pub deadline: Duration,
    /// HTTP requests one call may make.
    pub max_http_requests: u32,
    /// Response bodies larger than this are refused.
    pub http_body_limit: usize,
    /// Used when the script gives no `timeout_ms`.
    pub http_default_timeout: Duration,
    /// Upper bound for a script-chosen `timeout_ms`.
    pub http_max_timeout: Duration,
    /// Addresses requests may reach after resolution (`egress.rs`); `None` reaches any,
    /// for development and tests whose gateways run on the loopback.
    pub egress: Option<AddressFilter>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_operations: 1_000_000,
            max_call_depth: 32,
            max_expr_depth: 64,
            max_fn_expr_depth: 32,
            max_string_size: 2 * 1024 * 1024,
            max_array_size: 10_000,
            max_map_size: 10_000,
            max_variables: 1_000,
            deadline: Duration::from_secs(30),
            max_http_requests: 8,
            http_body_limit: 1024 * 1024,
            http_default_timeout: Duration::from_secs(10),
            http_max_timeout: Duration::from_secs(20),
            egress: None,
        }
    }
}
