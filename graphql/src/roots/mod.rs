//! Schema roots, merged by area (a flat root overflows async-graphql's depth limit).

pub mod admin;
pub mod audit;
pub mod billing;
pub mod messaging;
pub mod network;
pub mod payments;
pub mod plugin_hosts;
pub mod reports;
pub mod routers;
pub mod vouchers;

use async_graphql::{MergedObject, MergedSubscription};

#[derive(MergedObject, Default)]
pub struct QueryRoot(
    admin::AdminQuery,
    network::NetworkQuery,
    routers::RouterQuery,
    vouchers::VoucherQuery,
    billing::BillingQuery,
    payments::PaymentQuery,
    reports::ReportQuery,
    messaging::MessagingQuery,
    audit::AuditQuery,
);

#[derive(MergedObject, Default)]
pub struct MutationRoot(
    admin::AdminMutation,
    network::NetworkMutation,
    routers::RouterMutation,
    vouchers::VoucherMutation,
    billing::BillingMutation,
    payments::PaymentMutation,
    plugin_hosts::PluginHostsMutation,
    messaging::MessagingMutation,
    audit::AuditMutation,
);

#[derive(MergedSubscription, Default)]
pub struct SubscriptionRoot(
    audit::AuditSubscription,
    vouchers::VoucherSubscription,
    routers::RouterSubscription,
    messaging::MessagingSubscription,
    payments::PaymentSubscription,
    reports::ReportSubscription,
);
