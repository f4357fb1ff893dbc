//! Payments: the plugin registry (hot-swapped compiled plugins) as the application's
//! `PaymentGateway` adapter, and the sagas that act on payments. The payment flows
//! themselves (open, callbacks, reconcile's status checks) are `tagih_app::payments`.

pub mod hooks;
pub mod plugins;
pub mod reconcile;
pub mod registry;
pub mod settle;
