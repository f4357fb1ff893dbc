//! Pure domain of Tagih: aggregates, their commands, events and rules. No IO here.
//!
//! Every aggregate keeps its logic in a pure `decide(&self, cmd) -> Result<Vec<Event>, Error>`
//! so the same code serves cqrs-es `handle`, bulk creation and tests.

pub mod admin_user;
pub mod billing_cycle;
pub mod bounds;
pub mod customer;
pub mod customer_details;
pub mod error;
#[cfg(test)]
mod event_fields;
pub mod event_registry;
pub mod invoice;
pub mod invoice_rules;
pub mod location;
pub mod message_template;
pub mod money;
pub mod payment;
mod payment_decide;
pub mod payment_rules;
pub mod payment_transitions;
pub mod phone;
pub mod plugin_hosts;
pub mod plugin_install;
pub mod plugin_version;
pub mod ppp_profile;
pub mod renewal;
pub mod role;
pub mod router_drift;
pub mod router_health;
pub mod subscription;
pub mod subscription_spec;
pub mod voucher;
pub mod voucher_batch;
pub mod voucher_code;
pub mod voucher_profile;
pub mod whatsapp_message;
pub mod whatsapp_opt_out;
pub mod whatsapp_sender;

pub use error::{ErrorKind, HasErrorKind};
pub use role::Role;

/// Writes the events `decide` returned into cqrs-es's sink (which applies them).
#[macro_export]
macro_rules! write_all {
    ($self:ident, $sink:ident, $events:expr) => {{
        for event in $events {
            $sink.write(event, $self).await;
        }
        Ok(())
    }};
}

/// The pure decision of an aggregate, usable outside cqrs-es (bulk writes, tests).
pub trait Decider: cqrs_es::Aggregate {
    fn decide_cmd(&self, cmd: Self::Command) -> Result<Vec<Self::Event>, Self::Error>;
}

macro_rules! decider {
    ($($t:ty),*) => {$(
        impl Decider for $t {
            fn decide_cmd(&self, cmd: Self::Command) -> Result<Vec<Self::Event>, Self::Error> {
                self.decide(cmd)
            }
        }
    )*};
}
decider!(
    admin_user::AdminUser,
    location::Location,
    voucher::Voucher,
    voucher_batch::VoucherBatch,
    voucher_profile::VoucherProfile,
    ppp_profile::PppProfile,
    router_health::RouterHealth,
    router_drift::RouterDrift,
    customer::Customer,
    subscription::Subscription,
    invoice::Invoice,
    payment::Payment,
    plugin_install::PluginInstall,
    whatsapp_sender::WhatsAppSender,
    message_template::MessageTemplate,
    whatsapp_message::WhatsAppMessage,
    whatsapp_opt_out::WhatsAppOptOut
);
