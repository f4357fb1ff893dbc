//! A RouterOS API server faithful enough for independent clients (routeros.md §1.11):
//! login, tags and pipelining, `!empty`, `/cancel`, `listen`, and the hotspot, PPP and
//! system menus with the router's exact error texts. Tests drive the "outside world"
//! through [`SimHandle`]: users logging in, time passing, the router going offline.

mod clock;
mod config;
mod exec;
mod handle;
mod login;
mod md5;
mod menus;
mod persist;
mod plan;
#[cfg(test)]
mod plan_props;
mod query;
mod render;
mod reply;
mod router;
mod server;
mod session;
mod sessions;
mod state;
mod tls;
mod version;

pub use config::SimConfig;
pub use handle::{SimHandle, start};
pub use render::Row;
pub use sessions::LoginRefused;
