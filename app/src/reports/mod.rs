//! Reports from the read models: the finance report over the ledger, the dashboard's
//! overview figures.

pub mod exports;
pub mod finance;
pub mod overview;
pub mod receipts;
