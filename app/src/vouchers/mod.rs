//! Voucher use cases beyond generation: selling batches to resellers and taking sales back.

pub mod sales;
