//! Customers: search and detail; create (operators too), update, activate, and the
//! credit/debt ledger (admins).

use async_graphql::{Context, Object, Result};
use rust_decimal::Decimal;
use tagih_aggregates::Role;
use tagih_commands::{Written, customers};
use tagih_projections::billing_queries::{self, CustomerFilter, Search};
use tagih_projections::names;

use super::{page_size, wants_total};
use crate::auth::RoleGuard;
use crate::billing_inputs::{CreateCustomerInput, UpdateCustomerInput, bad};
use crate::billing_reads::customer_after;
use crate::billing_types::{Customer, CustomerConnection, cursor};
use crate::context::{api, metadata};
use crate::error::gql;

#[derive(Default)]
pub struct CustomerQuery;

#[Object]
impl CustomerQuery {
    /// Customers by name. `search` matches, case-insensitively, part of the name, the phone
    /// (typed as 08… or 628…) or a subscription's username.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn customers(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        location_id: Option<String>,
        #[graphql(default = 50)] first: i32,
        after: Option<String>,
    ) -> Result<CustomerConnection> {
        let first = page_size(first)?;
        let after = after
            .map(|a| match cursor::decode(&a, 2).as_deref() {
                Some([name, id]) => Ok((name.clone(), id.clone())),
                _ => Err(bad("after is not a cursor from this list")),
            })
            .transpose()?;
        let filter = CustomerFilter {
            search: search.as_deref().and_then(Search::parse),
            location_id,
        };
        let pool = &api(ctx).pool;
        let mut rows = billing_queries::customers_page(pool, &filter, first, after)
            .await
            .map_err(gql)?;
        let has_next_page = rows.len() as i64 > first;
        rows.truncate(first as usize);
        let total = if wants_total(ctx) {
            billing_queries::count_customers(pool, &filter)
                .await
                .map_err(gql)?
        } else {
            0
        };
        let rows = rows
            .into_iter()
            .map(|r| (cursor::encode(&[&r.name, &r.id]), r.into()))
            .collect();
        Ok(CustomerConnection::new(rows, has_next_page, total))
    }

    /// One customer with balance, debt, subscriptions, invoices and ledger.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn customer(&self, ctx: &Context<'_>, id: String) -> Result<Option<Customer>> {
        Ok(billing_queries::customer(&api(ctx).pool, &id)
            .await
            .map_err(gql)?
            .map(Into::into))
    }
}

#[derive(Default)]
pub struct CustomerMutation;

#[Object]
impl CustomerMutation {
    /// The phone is normalised to 628…; an unusable number is BAD_USER_INPUT saying why.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn create_customer(
        &self,
        ctx: &Context<'_>,
        input: CreateCustomerInput,
    ) -> Result<Customer> {
        let (id, written) = customers::create(&api(ctx).bus, input.into(), &metadata(ctx))
            .await
            .map_err(gql)?;
        customer_after(ctx, &id, written).await
    }

    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn update_customer(
        &self,
        ctx: &Context<'_>,
        id: String,
        input: UpdateCustomerInput,
    ) -> Result<Customer> {
        let written = customers::update(&api(ctx).bus, &id, input.into(), &metadata(ctx))
            .await
            .map_err(gql)?;
        customer_after(ctx, &id, written).await
    }

    /// A deactivated customer keeps its history and money; no new subscriptions.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn set_customer_active(
        &self,
        ctx: &Context<'_>,
        id: String,
        active: bool,
    ) -> Result<Customer> {
        let written = customers::set_active(&api(ctx).bus, &id, active, &metadata(ctx))
            .await
            .map_err(gql)?;
        customer_after(ctx, &id, written).await
    }

    /// Adds credit once per `reference` (a repeat with the same amount changes nothing).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn add_customer_credit(
        &self,
        ctx: &Context<'_>,
        customer_id: String,
        amount: Decimal,
        reason: String,
        reference: String,
    ) -> Result<Customer> {
        let bus = &api(ctx).bus;
        let meta = metadata(ctx);
        let written = customers::add_credit(bus, &customer_id, amount, &reason, &reference, &meta)
            .await
            .map_err(gql)?;
        ledger_changed(ctx, &customer_id, written).await
    }

    /// Records debt once per `reference`, optionally for an invoice.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn record_customer_debt(
        &self,
        ctx: &Context<'_>,
        customer_id: String,
        amount: Decimal,
        reason: String,
        reference: String,
        invoice_id: Option<String>,
    ) -> Result<Customer> {
        let api = api(ctx);
        let meta = metadata(ctx);
        let debt = customers::DebtInput {
            amount,
            invoice_id: invoice_id.as_deref(),
            owed_since: api.clock.now(),
        };
        let written =
            customers::record_debt(&api.bus, &customer_id, debt, &reason, &reference, &meta)
                .await
                .map_err(gql)?;
        ledger_changed(ctx, &customer_id, written).await
    }

    /// Settles debt (at most what is owed) once per `reference`.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn settle_customer_debt(
        &self,
        ctx: &Context<'_>,
        customer_id: String,
        amount: Decimal,
        reason: String,
        reference: String,
    ) -> Result<Customer> {
        let bus = &api(ctx).bus;
        let meta = metadata(ctx);
        let written = customers::settle_debt(bus, &customer_id, amount, &reason, &reference, &meta)
            .await
            .map_err(gql)?;
        ledger_changed(ctx, &customer_id, written).await
    }
}

/// The customer once its ledger and totals show the movement.
async fn ledger_changed(
    ctx: &Context<'_>,
    customer_id: &str,
    written: Written,
) -> Result<Customer> {
    api(ctx).settle(names::CUSTOMER_LEDGER, written).await;
    customer_after(ctx, customer_id, written).await
}
