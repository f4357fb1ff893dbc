//! Builds sandboxed Rhai engines: limits, no modules, no `eval`, output to tracing.

use std::time::Instant;

use rhai::module_resolvers::DummyModuleResolver;
use rhai::packages::{Package, StandardPackage};
use rhai::{AST, Dynamic, Engine, OptimizationLevel, Shared};

use super::Limits;
use super::fault;
use crate::PluginError;

/// Token the progress callback terminates a script with when the deadline passes.
pub(crate) const DEADLINE_TOKEN: &str = "deadline";

/// The standard library, built once and shared by every engine (cheap to attach).
pub(crate) fn standard_library() -> Shared<rhai::Module> {
    StandardPackage::new().as_shared_module()
}

/// An engine with the language restrictions and size limits but no host functions.
/// Used to compile; call engines add the host functions and the deadline on top.
pub(crate) fn base_engine(limits: &Limits, std_lib: &Shared<rhai::Module>) -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(std_lib.clone());
    // new_raw has no resolver, but set the dummy one explicitly: `import` must never
    // reach the file system even if a default changes upstream.
    engine.set_module_resolver(DummyModuleResolver::new());
    engine.disable_symbol("import");
    engine.disable_symbol("eval");
    engine.set_optimization_level(OptimizationLevel::Simple);
    engine.set_max_operations(limits.max_operations);
    engine.set_max_call_levels(limits.max_call_depth);
    engine.set_max_expr_depths(limits.max_expr_depth, limits.max_fn_expr_depth);
    engine.set_max_string_size(limits.max_string_size);
    engine.set_max_array_size(limits.max_array_size);
    engine.set_max_map_size(limits.max_map_size);
    engine.set_max_variables(limits.max_variables);
    engine.set_max_modules(0);
    engine.on_print(|text| tracing::debug!(target: "tagih_plugins::script", "{text}"));
    engine
        .on_debug(|text, _, pos| tracing::debug!(target: "tagih_plugins::script", ?pos, "{text}"));
    // The standard `sleep` blocks without ever reaching the progress callback, so a
    // script could outlive its deadline; replace it.
    engine.register_fn(
        "sleep",
        |_: rhai::INT| -> Result<(), Box<rhai::EvalAltResult>> {
            Err("sleep is not available to plugins".into())
        },
    );
    engine.register_fn(
        "sleep",
        |_: rhai::FLOAT| -> Result<(), Box<rhai::EvalAltResult>> {
            Err("sleep is not available to plugins".into())
        },
    );
    engine
}

/// Stops the script once `deadline` has passed. Checked every 1024 operations: reading
/// the clock on every operation would cost more than the scripts themselves.
pub(crate) fn enforce_deadline(engine: &mut Engine, deadline: Instant) {
    engine.on_progress(move |ops| {
        if ops % 1024 == 0 && Instant::now() >= deadline {
            Some(Dynamic::from(DEADLINE_TOKEN))
        } else {
            None
        }
    });
}

/// Compiles a plugin script once; the AST is then shared by every call.
pub(crate) fn compile(
    limits: &Limits,
    std_lib: &Shared<rhai::Module>,
    script: &str,
) -> Result<AST, PluginError> {
    base_engine(limits, std_lib)
        .compile(script)
        .map_err(fault::from_parse_error)
}
