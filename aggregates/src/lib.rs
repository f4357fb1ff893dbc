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
pub mod payment_refunds;
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
///
/// Implemented only by the event registry's `registry!` list
/// ([`event_registry::AGGREGATES`]), so the command bus, which takes a `Decider`, handles
/// exactly the registered aggregate types (docs/adr/0022-one-registry-and-write-side-lookups.md).
pub trait Decider: cqrs_es::Aggregate + sealed::Registered {
    fn decide_cmd(&self, cmd: Self::Command) -> Result<Vec<Self::Event>, Self::Error>;

    /// The write-side lookup rows an event creates, written by the event store in the same
    /// statement as the event (none for most aggregates).
    fn write_keys(event: &Self::Event) -> Vec<event_registry::WriteKey>;
}

/// Keeps `Decider` to this crate's registry: no other crate can add an aggregate type the
/// bus would write but the registry does not list.
mod sealed {
    pub trait Registered {}
}

/// The cqrs-es aggregate trait, so callers name an aggregate type as `Payment::TYPE`
/// without depending on cqrs-es themselves.
pub use cqrs_es::Aggregate;
