//! Runs one script function on a blocking thread: a fresh engine with this call's host
//! functions and deadline, a fresh scope, the shared AST.

use std::sync::Arc;
use std::sync::atomic::AtomicU32;
use std::time::{Duration, Instant};

use rhai::{AST, CallFnOptions, Dynamic, Scope};

use super::host::{self, CallEnv, HttpAccess};
use super::{RuntimeInner, engine, fault};
use crate::PluginError;

/// One call, ready to be moved onto a blocking thread.
pub(crate) struct Invocation {
    pub runtime: Arc<RuntimeInner>,
    pub ast: Arc<AST>,
    pub plugin: String,
    pub hosts: Arc<std::collections::BTreeSet<String>>,
    pub settings: serde_json::Map<String, serde_json::Value>,
    pub now: chrono::DateTime<chrono::Utc>,
    pub function: String,
    pub args: Vec<Dynamic>,
}

/// Runs the call on `spawn_blocking` under the wall-clock deadline. The progress
/// callback stops the script itself; the outer timeout (with a little grace) only
/// covers a host function that does not return, and then the thread is abandoned.
pub(crate) async fn invoke(call: Invocation) -> Result<serde_json::Value, PluginError> {
    let deadline = call.runtime.limits.deadline;
    let handle = tokio::runtime::Handle::try_current().ok();
    let task = tokio::task::spawn_blocking(move || run(call, handle));
    match tokio::time::timeout(deadline + Duration::from_millis(500), task).await {
        Err(_) => Err(PluginError::Timeout(deadline)),
        Ok(Err(join)) => Err(PluginError::Task(join.to_string())),
        Ok(Ok(result)) => result,
    }
}

fn run(
    call: Invocation,
    handle: Option<tokio::runtime::Handle>,
) -> Result<serde_json::Value, PluginError> {
    let limits = call.runtime.limits.clone();
    let deadline = Instant::now() + limits.deadline;
    let env = Arc::new(CallEnv {
        plugin: call.plugin,
        settings: call.settings,
        hosts: call.hosts,
        http: handle.map(|handle| HttpAccess {
            client: call.runtime.http.clone(),
            handle,
        }),
        limits: limits.clone(),
        deadline,
        now: call.now,
        http_calls: AtomicU32::new(0),
    });
    let mut engine = engine::base_engine(&limits, &call.runtime.std_lib);
    engine::enforce_deadline(&mut engine, deadline);
    host::register(&mut engine, &env);
    // Top-level statements are not run per call: a plugin is a set of functions.
    let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
    let mut scope = Scope::new();
    let result: Dynamic = engine
        .call_fn_with_options(options, &mut scope, &call.ast, &call.function, call.args)
        .map_err(|e| fault::from_eval_error(*e, limits.deadline))?;
    super::check_sizes(&result, &limits).map_err(PluginError::LimitExceeded)?;
    super::dynamic_to_json(&result).map_err(|reason| PluginError::BadReturn {
        function: call.function,
        reason,
    })
}
