//! Authentication and authorisation: who is calling (from a JWT) and whether their role may
//! touch a field.

pub mod guard;
pub mod limiter;
pub mod recheck;
pub mod tokens;

pub use guard::RoleGuard;
pub use limiter::LoginLimiter;
pub use recheck::{ConnectionToken, SessionRecheck, refusal};
pub use tokens::{Actor, AuthState, TokenService};
