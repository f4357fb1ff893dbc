//! Integration tests: one binary, a fresh database per test (cloned from a migrated
//! template), real PostgreSQL and Redis, the app built by the same `startup::build` as main.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod helpers;

mod aggregate_cache;
mod auth;
mod billing;
mod cli;
mod concurrency;
mod dashboard;
mod dashboard_e2e;
mod event_store;
mod exports;
mod finance;
mod finance_live;
mod fuzz;
mod history;
mod http;
mod http_limits;
mod idle;
mod input_guard;
mod lagging_answers;
mod outbox;
mod outbox_wakeups;
mod payments;
mod poison;
mod pppoe_fleet;
mod pppoe_life;
mod projections;
mod receipts;
mod recovery;
mod retries;
mod router_life;
mod routeros;
mod schema;
mod session_authority;
mod subscriptions;
mod vouchers;
mod whatsapp;
mod write_side_lookups;
mod ws_peers;
mod ws_protocol;
