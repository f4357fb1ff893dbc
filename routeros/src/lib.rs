//! RouterOS binary API: the wire codec (`proto`), our client (`client`), and a simulator
//! of a router's API service (`sim`) that independent clients check (scripts/routeros_check.py).
//!
//! The crate depends on no other Tagih crate so that it can be reasoned about, tested and
//! benchmarked against independent RouterOS clients on its own.

pub mod client;
pub mod proto;
pub mod sim;
pub mod values;
