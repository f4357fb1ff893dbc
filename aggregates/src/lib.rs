//! Pure domain of Tagih: aggregates, their commands, events and rules. No IO here.
//!
//! Every aggregate keeps its logic in a pure `decide(&self, cmd) -> Result<Vec<Event>, Error>`
//! so the same code serves cqrs-es `handle`, bulk creation and tests.

pub mod admin_user;
pub mod error;
pub mod location;
pub mod money;
pub mod role;
pub mod voucher;
pub mod voucher_batch;
pub mod voucher_code;
pub mod voucher_profile;

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
