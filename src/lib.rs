//! Tagih: the composition root. `startup::build` assembles the app for `main` and tests.

pub mod bootstrap;
pub mod cli;
pub mod config;
pub mod database;
pub mod embedded_pg;
pub mod http;
pub mod idle_consumers;
pub mod keys;
mod layering;
pub mod startup;
pub mod telemetry;
