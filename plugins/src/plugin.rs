//! A loaded plugin: manifest + compiled AST, and the calls the sagas layer makes.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rhai::AST;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::PluginError;
use crate::contract::{
    self, CallbackOutcome, CallbackRequest, CreatedPayment, PaymentRequest, PaymentUpdate,
    RefundOutcome, RefundRequest, StatusRequest,
};
use crate::manifest::{Hook, Manifest};
use crate::runtime::{Invocation, RuntimeInner, invoke, json_to_dynamic};

/// Per-call input: the plugin's decrypted settings, the hosts an operator added to the
/// manifest's, and, for tests and replays, the clock.
#[derive(Debug, Clone, Default)]
pub struct CallContext {
    pub settings: Map<String, Value>,
    /// `None` means the real clock.
    pub now: Option<DateTime<Utc>>,
    /// `host` or `host:port` entries the call may reach besides the manifest's hosts,
    /// validated by the caller (ADR 0026).
    pub extra_hosts: Vec<String>,
}

impl CallContext {
    pub fn new(settings: Map<String, Value>) -> Self {
        Self {
            settings,
            now: None,
            extra_hosts: Vec::new(),
        }
    }

    pub fn with_extra_hosts(mut self, hosts: Vec<String>) -> Self {
        self.extra_hosts = hosts;
        self
    }

    pub fn at(mut self, now: DateTime<Utc>) -> Self {
        self.now = Some(now);
        self
    }
}

/// A plugin ready to call. Cheap to clone; calls may run concurrently.
#[derive(Clone)]
pub struct Plugin {
    runtime: Arc<RuntimeInner>,
    manifest: Arc<Manifest>,
    hosts: Arc<BTreeSet<String>>,
    ast: Arc<AST>,
    functions: Arc<BTreeSet<(String, usize)>>,
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("id", &self.manifest.id())
            .finish()
    }
}

impl Plugin {
    pub(crate) fn new(
        runtime: Arc<RuntimeInner>,
        manifest: Manifest,
        ast: AST,
    ) -> Result<Self, PluginError> {
        let functions: BTreeSet<(String, usize)> = ast
            .iter_functions()
            .map(|f| (f.name.to_string(), f.params.len()))
            .collect();
        let hooks = manifest.hooks.iter().map(|h| h.function_name());
        let required = contract::REQUIRED_FUNCTIONS.iter().map(|f| f.to_string());
        for name in required.chain(hooks) {
            if !functions.contains(&(name.clone(), 1)) {
                return Err(PluginError::MissingFunction { name, arity: 1 });
            }
        }
        Ok(Self {
            runtime,
            hosts: Arc::new(manifest.hosts.clone()),
            manifest: Arc::new(manifest),
            ast: Arc::new(ast),
            functions: Arc::new(functions),
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn has_function(&self, name: &str, arity: usize) -> bool {
        self.functions.contains(&(name.to_string(), arity))
    }

    /// Calls a script function. `args` is a JSON array of positional arguments;
    /// integers arrive as INT, every other number as its decimal text.
    pub async fn call(
        &self,
        function: &str,
        args: Value,
        ctx: CallContext,
    ) -> Result<Value, PluginError> {
        let Value::Array(args) = args else {
            return Err(PluginError::BadArguments(
                "arguments must be a json array".into(),
            ));
        };
        if !self.has_function(function, args.len()) {
            return Err(PluginError::MissingFunction {
                name: function.to_string(),
                arity: args.len(),
            });
        }
        // Declared ∪ extra: the extra hosts widen this call only, never the manifest.
        let hosts = if ctx.extra_hosts.is_empty() {
            self.hosts.clone()
        } else {
            let mut hosts = (*self.hosts).clone();
            hosts.extend(ctx.extra_hosts.iter().cloned());
            Arc::new(hosts)
        };
        invoke(Invocation {
            runtime: self.runtime.clone(),
            ast: self.ast.clone(),
            plugin: self.manifest.id(),
            hosts,
            settings: self.manifest.resolve_settings(&ctx.settings),
            now: ctx.now.unwrap_or_else(Utc::now),
            function: function.to_string(),
            args: args.iter().map(json_to_dynamic).collect(),
        })
        .await
    }

    async fn call_with<T: Serialize>(
        &self,
        function: &str,
        arg: &T,
        ctx: CallContext,
    ) -> Result<Value, PluginError> {
        let arg =
            serde_json::to_value(arg).map_err(|e| PluginError::BadArguments(e.to_string()))?;
        self.call(function, Value::Array(vec![arg]), ctx).await
    }

    pub async fn create_payment(
        &self,
        request: &PaymentRequest,
        ctx: CallContext,
    ) -> Result<CreatedPayment, PluginError> {
        let value = self.call_with("create_payment", request, ctx).await?;
        let created: CreatedPayment = contract::decode("create_payment", value)?;
        same_order("create_payment", &request.order_id, &created.order_id)?;
        Ok(created)
    }

    pub async fn check_status(
        &self,
        request: &StatusRequest,
        ctx: CallContext,
    ) -> Result<PaymentUpdate, PluginError> {
        let value = self.call_with("check_status", request, ctx).await?;
        let update: PaymentUpdate = contract::decode("check_status", value)?;
        same_order("check_status", &request.order_id, &update.order_id)?;
        Ok(update)
    }

    /// Verifies and normalises a gateway callback. A forged or malformed callback is an
    /// error (answer 4xx); the caller must still pull-verify a `paid` result.
    pub async fn handle_callback(
        &self,
        request: &CallbackRequest,
        ctx: CallContext,
    ) -> Result<CallbackOutcome, PluginError> {
        let value = self.call_with("handle_callback", request, ctx).await?;
        contract::decode("handle_callback", value)
    }

    /// Asks the gateway to return money (only plugins that define `refund`). `Ok` is the
    /// gateway's answer (refunded, pending or refused); `Err` means the outcome is unknown
    /// and the same request (same idempotency key) may be sent again.
    pub async fn refund(
        &self,
        request: &RefundRequest,
        ctx: CallContext,
    ) -> Result<RefundOutcome, PluginError> {
        let value = self.call_with("refund", request, ctx).await?;
        contract::decode("refund", value)
    }

    /// Schema check first, then the script's own `validate_settings` (if any), which
    /// returns a list of problems (empty when the settings are fine).
    pub async fn validate_settings(
        &self,
        settings: &Map<String, Value>,
        ctx: CallContext,
    ) -> Result<Vec<String>, PluginError> {
        if let Err(e) = self.manifest.check_settings(settings) {
            return Ok(vec![e.to_string()]);
        }
        if !self.has_function("validate_settings", 1) {
            return Ok(Vec::new());
        }
        let resolved = Value::Object(self.manifest.resolve_settings(settings));
        let value = self
            .call("validate_settings", Value::Array(vec![resolved]), ctx)
            .await?;
        contract::decode("validate_settings", value)
    }

    /// Delivers a hook to a subscribed plugin; unsubscribed hooks are a no-op.
    pub async fn on_hook(
        &self,
        hook: Hook,
        payload: Value,
        ctx: CallContext,
    ) -> Result<(), PluginError> {
        if !self.manifest.hooks.contains(&hook) {
            return Ok(());
        }
        self.call(&hook.function_name(), Value::Array(vec![payload]), ctx)
            .await
            .map(|_| ())
    }
}

fn same_order(function: &str, expected: &str, returned: &str) -> Result<(), PluginError> {
    if expected == returned {
        Ok(())
    } else {
        Err(PluginError::BadReturn {
            function: function.to_string(),
            reason: format!("returned order `{returned}` for order `{expected}`"),
        })
    }
}
