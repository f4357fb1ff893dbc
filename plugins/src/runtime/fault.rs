//! Translates Rhai errors into [`PluginError`], and carries host-side refusals through
//! Rhai in a form scripts cannot `catch`.

use std::fmt;
use std::time::Duration;

use rhai::{EvalAltResult, ParseError, ParseErrorType};

use super::engine::DEADLINE_TOKEN;
use crate::{Limit, PluginError, ScriptPosition};

/// Raised by `http_request` for a host the manifest does not declare.
#[derive(Debug)]
pub(crate) struct HostDenied(pub String);

/// Raised by host functions that enforce a limit of their own.
#[derive(Debug)]
pub(crate) struct LimitHit(pub Limit);

impl fmt::Display for HostDenied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "host `{}` is neither declared in the plugin manifest nor added as an extra host",
            self.0
        )
    }
}

impl fmt::Display for LimitHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} limit exceeded", self.0)
    }
}

impl std::error::Error for HostDenied {}
impl std::error::Error for LimitHit {}

// `ErrorSystem` is not catchable by `try … catch`, so a script cannot swallow a refusal
// and carry on as if the request had been allowed.
pub(crate) fn host_denied(host: &str) -> Box<EvalAltResult> {
    let err = HostDenied(host.to_string());
    Box::new(EvalAltResult::ErrorSystem(err.to_string(), Box::new(err)))
}

/// The same termination the progress callback produces at the deadline.
pub(crate) fn deadline_passed() -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorTerminated(
        DEADLINE_TOKEN.into(),
        rhai::Position::NONE,
    ))
}

pub(crate) fn limit_hit(limit: Limit) -> Box<EvalAltResult> {
    let err = LimitHit(limit);
    Box::new(EvalAltResult::ErrorSystem(err.to_string(), Box::new(err)))
}

/// Maps an evaluation error; `deadline` is reported when the progress callback fired.
pub(crate) fn from_eval_error(err: EvalAltResult, deadline: Duration) -> PluginError {
    let inner = innermost(err);
    let limit = match &inner {
        EvalAltResult::ErrorSystem(message, source) => {
            return from_system_error(message, source.as_ref());
        }
        EvalAltResult::ErrorTerminated(token, _) if token.to_string() == DEADLINE_TOKEN => {
            return PluginError::Timeout(deadline);
        }
        EvalAltResult::ErrorParsing(ParseErrorType::ExprTooDeep, _) => Limit::ExpressionDepth,
        EvalAltResult::ErrorTooManyOperations(_) => Limit::Operations,
        EvalAltResult::ErrorStackOverflow(_) => Limit::CallDepth,
        EvalAltResult::ErrorTooManyVariables(_) => Limit::Variables,
        EvalAltResult::ErrorTooManyModules(_) => Limit::Modules,
        EvalAltResult::ErrorDataTooLarge(what, _) => data_limit(what),
        _ => return script_error(inner),
    };
    PluginError::LimitExceeded(limit)
}

/// The error where it happened, not the chain of function calls that led there.
fn innermost(err: EvalAltResult) -> EvalAltResult {
    match err {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, _)
        | EvalAltResult::ErrorInModule(_, inner, _) => innermost(*inner),
        other => other,
    }
}

fn from_system_error(
    message: &str,
    source: &(dyn std::error::Error + Send + Sync + 'static),
) -> PluginError {
    if let Some(HostDenied(host)) = source.downcast_ref::<HostDenied>() {
        return PluginError::HostDenied { host: host.clone() };
    }
    if let Some(LimitHit(limit)) = source.downcast_ref::<LimitHit>() {
        return PluginError::LimitExceeded(*limit);
    }
    PluginError::Script {
        message: message.to_string(),
        position: None,
    }
}

fn data_limit(what: &str) -> Limit {
    let what = what.to_ascii_lowercase();
    if what.contains("string") {
        Limit::StringSize
    } else if what.contains("map") {
        Limit::MapSize
    } else {
        Limit::ArraySize
    }
}

fn script_error(mut inner: EvalAltResult) -> PluginError {
    let position = ScriptPosition::from_rhai(inner.take_position());
    let message = match &inner {
        // A bare `throw "text"` should read as the text, not as "Runtime error: text".
        EvalAltResult::ErrorRuntime(value, _) => value.to_string(),
        other => other.to_string(),
    };
    PluginError::Script { message, position }
}

pub(crate) fn from_parse_error(err: ParseError) -> PluginError {
    let ParseError(kind, pos) = err;
    if matches!(*kind, ParseErrorType::ExprTooDeep) {
        return PluginError::LimitExceeded(Limit::ExpressionDepth);
    }
    PluginError::Compile {
        message: kind.to_string(),
        position: ScriptPosition::from_rhai(pos),
    }
}
