//! RouterOS binary API: the wire codec (`proto`) and a simulator of a router's API service (`sim`).
//!
//! The crate depends on no other Tagih crate so that it can be reasoned about, tested and
//! benchmarked against independent RouterOS clients on its own.

pub mod client;
pub mod proto;
pub mod sim;
