//! The event log as a stream: gap-safe reading, checkpointed projectors, rebuild,
//! history, state at an instant, hash-chain verification and export.

pub mod checkpoint;
pub mod cursor;
pub mod export;
pub mod feed;
pub mod history;
pub mod host;
pub mod interests;
pub mod listener;
pub mod poison;
pub mod progress;
pub mod projector;
pub mod rebuild;
pub mod shadow;
pub mod stored_event;
pub mod sweep;
pub mod verify;

pub use cursor::LogCursor;
pub use host::{HostConfig, ProjectionHost, Step};
pub use interests::Interests;
pub use progress::Progress;
pub use projector::{ProjectionError, Projector};
pub use stored_event::StoredEvent;
