//! Customers: create, update (partial), deactivate/reactivate, and the credit/debt ledger.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_aggregates::customer::{Customer, CustomerCommand as C, LedgerInput};
use tagih_aggregates::customer_details::CustomerDetailsInput;
use uuid::Uuid;

use crate::bus::{CommandBus, Written};
use crate::error::CommandError;
use crate::locations;
use crate::metadata::Metadata;

/// What an operator types; on update, absent fields keep their value (an empty email clears it).
#[derive(Debug, Clone, Default)]
pub struct CustomerInput {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub location_id: Option<String>,
    pub notes: Option<String>,
}

fn required(v: Option<String>, field: &str) -> Result<String, CommandError> {
    v.ok_or_else(|| CommandError::invalid(format!("{field} is required")))
}

pub async fn create(
    bus: &CommandBus,
    input: CustomerInput,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let location_id = required(input.location_id, "location")?;
    locations::require_active(bus, &location_id).await?;
    let details = CustomerDetailsInput {
        name: required(input.name, "name")?,
        phone: required(input.phone, "phone")?,
        email: input.email,
        address: input.address.unwrap_or_default(),
        location_id,
        notes: input.notes.unwrap_or_default(),
    };
    let id = Uuid::new_v4().to_string();
    let written = bus
        .execute::<Customer>(
            &id,
            C::CreateCustomer(details),
            &meta.with_command("CreateCustomer"),
        )
        .await?;
    Ok((id, written))
}

pub async fn update(
    bus: &CommandBus,
    id: &str,
    input: CustomerInput,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let Some(d) = bus.load::<Customer>(id).await?.details else {
        return Err(CommandError::not_found("customer not found"));
    };
    if let Some(location_id) = input.location_id.as_deref().filter(|l| *l != d.location_id) {
        locations::require_active(bus, location_id).await?;
    }
    let details = CustomerDetailsInput {
        name: input.name.unwrap_or(d.name),
        phone: input.phone.unwrap_or_else(|| d.phone.to_string()),
        email: input.email.or(d.email),
        address: input.address.unwrap_or(d.address),
        location_id: input.location_id.unwrap_or(d.location_id),
        notes: input.notes.unwrap_or(d.notes),
    };
    bus.execute::<Customer>(
        id,
        C::UpdateCustomerDetails(details),
        &meta.with_command("UpdateCustomerDetails"),
    )
    .await
}

pub async fn set_active(
    bus: &CommandBus,
    id: &str,
    active: bool,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let (cmd, name) = if active {
        (C::ReactivateCustomer, "ReactivateCustomer")
    } else {
        (C::DeactivateCustomer, "DeactivateCustomer")
    };
    bus.execute::<Customer>(id, cmd, &meta.with_command(name))
        .await
}

fn entry(amount: Decimal, reason: &str, reference: &str) -> LedgerInput {
    LedgerInput {
        amount,
        reason: reason.to_string(),
        reference: reference.to_string(),
    }
}

/// Adds credit once per `reference` (a repeat with the same amount changes nothing).
pub async fn add_credit(
    bus: &CommandBus,
    id: &str,
    amount: Decimal,
    reason: &str,
    reference: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::AddCredit(entry(amount, reason, reference));
    bus.execute::<Customer>(id, cmd, &meta.with_command("AddCredit"))
        .await
}

/// Spends credit (e.g. auto-renewal); refused when the balance does not cover it.
pub async fn use_credit(
    bus: &CommandBus,
    id: &str,
    amount: Decimal,
    reason: &str,
    reference: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::UseCredit(entry(amount, reason, reference));
    bus.execute::<Customer>(id, cmd, &meta.with_command("UseCredit"))
        .await
}

/// Debt owed since `owed_since` (the application's clock: a payment's or refund's time).
pub async fn record_debt(
    bus: &CommandBus,
    id: &str,
    debt: DebtInput<'_>,
    reason: &str,
    reference: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::RecordDebt {
        entry: entry(debt.amount, reason, reference),
        invoice_id: debt.invoice_id.map(str::to_string),
        owed_since: debt.owed_since,
    };
    bus.execute::<Customer>(id, cmd, &meta.with_command("RecordDebt"))
        .await
}

/// How much is owed, for which invoice, since when.
pub struct DebtInput<'a> {
    pub amount: Decimal,
    pub invoice_id: Option<&'a str>,
    pub owed_since: DateTime<Utc>,
}

/// Settles debt up to what is owed; refused when the amount is larger.
pub async fn settle_debt(
    bus: &CommandBus,
    id: &str,
    amount: Decimal,
    reason: &str,
    reference: &str,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    let cmd = C::SettleDebt(entry(amount, reason, reference));
    bus.execute::<Customer>(id, cmd, &meta.with_command("SettleDebt"))
        .await
}

/// The customer when it exists and is active; the errors the API shows otherwise.
pub async fn require_active(bus: &CommandBus, id: &str) -> Result<Customer, CommandError> {
    let customer: Customer = bus
        .load_for_check(id, |c: &Customer| c.details.is_some() && c.active)
        .await?;
    match (&customer.details, customer.active) {
        (None, _) => Err(CommandError::not_found("customer not found")),
        (Some(_), false) => Err(CommandError::rejected("customer is deactivated")),
        (Some(_), true) => Ok(customer),
    }
}
