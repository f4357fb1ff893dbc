//! Authentication and authorisation: who is calling (from a JWT) and whether their role may
//! touch a field.

pub mod guard;
pub mod recheck;

pub use guard::RoleGuard;
pub use recheck::{ConnectionToken, SessionRecheck, refusal};
pub use tagih_app::auth::{Actor, AuthState, LoginLimiter, TokenService};
