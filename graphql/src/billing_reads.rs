//! Billing reads after writes: the read model's row once it includes what the mutation
//! wrote, or the very row it will hold, folded from the committed events
//! (`read_after::row_after`, ARCHITECTURE.md §4). Nothing here is made up from the clock.

use async_graphql::{Context, Result};
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::customer;
use tagih_aggregates::invoice;
use tagih_commands::Written;
use tagih_projections::customers::Customers;
use tagih_projections::invoices::Invoices;
use tagih_projections::names;

use crate::billing_types::{Customer, Invoice};
use crate::context::api;
use crate::error::gql;
use crate::read_after::answer_after;

/// Where the newest event of the given streams landed (nothing written: position 0).
pub async fn head(ctx: &Context<'_>, aggregate_type: &str, ids: &[String]) -> Result<Written> {
    api(ctx).head(aggregate_type, ids).await.map_err(gql)
}

pub async fn customer_after(ctx: &Context<'_>, id: &str, written: Written) -> Result<Customer> {
    answer_after::<Customers, _>(api(ctx), customer::Customer::TYPE, id, written, "customer").await
}

pub async fn invoice_after(ctx: &Context<'_>, id: &str, written: Written) -> Result<Invoice> {
    answer_after::<Invoices, _>(api(ctx), invoice::Invoice::TYPE, id, written, "invoice").await
}

/// Settles the customer's ledger and totals after a flow that may have moved money.
pub async fn settle_customer(ctx: &Context<'_>, customer_id: &str) -> Result<()> {
    let written = head(ctx, customer::Customer::TYPE, &[customer_id.to_string()]).await?;
    let api = api(ctx);
    api.settle(names::CUSTOMER_LEDGER, written).await;
    api.settle(names::CUSTOMERS, written).await;
    Ok(())
}
