//! Billing: customers (search, detail, credit and debt), subscriptions (single and bulk,
//! plan, auto-renew, cancel), invoices, cash payments and debt aging.

mod customers;
mod invoices;
mod subscriptions;

use async_graphql::MergedObject;

#[derive(MergedObject, Default)]
pub struct BillingQuery(
    customers::CustomerQuery,
    subscriptions::SubscriptionQuery,
    invoices::InvoiceQuery,
);

#[derive(MergedObject, Default)]
pub struct BillingMutation(
    customers::CustomerMutation,
    subscriptions::SubscriptionMutation,
    invoices::InvoiceMutation,
);

/// Page sizes the billing lists accept.
pub(crate) fn page_size(first: i32) -> async_graphql::Result<i64> {
    if !(1..=500).contains(&first) {
        return Err(crate::billing_inputs::bad(
            "first must be between 1 and 500",
        ));
    }
    Ok(i64::from(first))
}

/// Whether the client selected `totalCount` (counting costs more than the page itself).
pub(crate) fn wants_total(ctx: &async_graphql::Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}
