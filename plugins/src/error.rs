//! Errors of a plugin call: what the sagas layer must tell apart (script bug, sandbox
//! limit, timeout, undeclared host, malformed result).

use std::fmt;
use std::time::Duration;

/// A sandbox limit a script ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Operations,
    CallDepth,
    ExpressionDepth,
    StringSize,
    ArraySize,
    MapSize,
    Variables,
    Modules,
    HttpRequests,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::Operations => "operations",
            Self::CallDepth => "call depth",
            Self::ExpressionDepth => "expression depth",
            Self::StringSize => "string size",
            Self::ArraySize => "array size",
            Self::MapSize => "map size",
            Self::Variables => "variables",
            Self::Modules => "modules",
            Self::HttpRequests => "http requests",
        };
        f.write_str(name)
    }
}

/// Where in the script an error happened (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScriptPosition {
    pub line: usize,
    pub column: usize,
}

impl ScriptPosition {
    pub(crate) fn from_rhai(pos: rhai::Position) -> Option<Self> {
        Some(Self {
            line: pos.line()?,
            column: pos.position().unwrap_or(0),
        })
    }
}

fn at(position: &Option<ScriptPosition>) -> String {
    match position {
        Some(p) => format!(" at line {}, column {}", p.line, p.column),
        None => String::new(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    #[error("script does not compile{}: {message}", at(.position))]
    Compile {
        message: String,
        position: Option<ScriptPosition>,
    },
    #[error("script error{}: {message}", at(.position))]
    Script {
        message: String,
        position: Option<ScriptPosition>,
    },
    #[error("script exceeded the {0} limit")]
    LimitExceeded(Limit),
    #[error("plugin call timed out after {0:?}")]
    Timeout(Duration),
    #[error("host `{host}` is neither declared in the plugin manifest nor added as an extra host")]
    HostDenied { host: String },
    #[error("`{function}` returned a bad value: {reason}")]
    BadReturn { function: String, reason: String },
    #[error("plugin has no function `{name}` taking {arity} argument(s)")]
    MissingFunction { name: String, arity: usize },
    #[error("invalid call arguments: {0}")]
    BadArguments(String),
    #[error("plugin task failed: {0}")]
    Task(String),
    #[error("http client setup failed: {0}")]
    HttpClient(String),
}
