//! Host functions: the only ways out of the sandbox, each bound to one call's context
//! (its settings, declared hosts, clock and deadline).

mod crypto;
mod http;
mod json_encode;
mod json_parse;
mod money;
mod text;
mod time;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::AtomicU32;
use std::time::Instant;

use chrono::{DateTime, Utc};
use rhai::{Dynamic, Engine};

use super::Limits;
use super::convert::json_to_dynamic;

#[cfg(test)]
pub(crate) use crypto::hmac_sha256 as hmac_sha256_for_tests;
pub(crate) use money::parse_amount;
pub(crate) use text::form_decode as text_form_decode;

/// What the HTTP host function needs from the async world.
#[derive(Clone)]
pub(crate) struct HttpAccess {
    pub client: reqwest::Client,
    pub handle: tokio::runtime::Handle,
}

/// Everything one call's host functions may see.
pub(crate) struct CallEnv {
    pub plugin: String,
    /// Decrypted settings, already merged with the manifest defaults.
    pub settings: serde_json::Map<String, serde_json::Value>,
    pub hosts: Arc<BTreeSet<String>>,
    pub http: Option<HttpAccess>,
    pub limits: Limits,
    pub deadline: Instant,
    pub now: DateTime<Utc>,
    pub http_calls: AtomicU32,
}

/// Registers every host function on a call engine.
pub(crate) fn register(engine: &mut Engine, env: &Arc<CallEnv>) {
    crypto::register(engine);
    json_parse::register(engine);
    json_encode::register(engine);
    money::register(engine);
    text::register(engine);
    time::register(engine, env.now);
    http::register(engine, env.clone());
    register_context(engine, env);
}

fn register_context(engine: &mut Engine, env: &Arc<CallEnv>) {
    let settings = env.clone();
    engine.register_fn("setting", move |key: &str| -> Dynamic {
        settings
            .settings
            .get(key)
            .map(json_to_dynamic)
            .unwrap_or(Dynamic::UNIT)
    });
    let logger = env.clone();
    engine.register_fn("log", move |message: &str| {
        tracing::info!(target: "tagih_plugins::script", plugin = %logger.plugin, "{message}");
    });
}
