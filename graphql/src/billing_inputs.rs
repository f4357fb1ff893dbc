//! Billing inputs: customer fields, subscriptions (one or a numbered bulk), plans and
//! their billing cycles.

use async_graphql::{InputObject, Result};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_aggregates::billing_cycle::BillingCycle;
use tagih_commands::customers::CustomerInput;

use crate::billing_types::{BillingCycleName, SubscriptionKindName};
use crate::error::{ApiError, gql};

pub fn bad(msg: impl Into<String>) -> async_graphql::Error {
    gql(ApiError::BadInput(msg.into()))
}

#[derive(InputObject)]
pub struct CreateCustomerInput {
    pub name: String,
    /// WhatsApp number: 08…, 62… or +62… (stored as 628…).
    pub phone: String,
    pub email: Option<String>,
    pub address: Option<String>,
    pub location_id: String,
    pub notes: Option<String>,
}

impl From<CreateCustomerInput> for CustomerInput {
    fn from(i: CreateCustomerInput) -> Self {
        Self {
            name: Some(i.name),
            phone: Some(i.phone),
            email: i.email,
            address: i.address,
            location_id: Some(i.location_id),
            notes: i.notes,
        }
    }
}

/// Absent fields keep their value; an empty email clears it.
#[derive(InputObject)]
pub struct UpdateCustomerInput {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub location_id: Option<String>,
    pub notes: Option<String>,
}

impl From<UpdateCustomerInput> for CustomerInput {
    fn from(i: UpdateCustomerInput) -> Self {
        Self {
            name: i.name,
            phone: i.phone,
            email: i.email,
            address: i.address,
            location_id: i.location_id,
            notes: i.notes,
        }
    }
}

/// What the customer buys. Without a price, the price Tagih keeps for the profile at the
/// location is used (PPP profile for PPPoE, voucher profile for hotspot).
#[derive(InputObject)]
pub struct PlanInput {
    pub profile: String,
    pub price: Option<Decimal>,
    #[graphql(default_with = "BillingCycleName::Monthly")]
    pub cycle: BillingCycleName,
    /// Required with cycle DAYS (1-366).
    pub cycle_days: Option<i32>,
}

#[derive(InputObject)]
pub struct CreateSubscriptionInput {
    pub customer_id: String,
    /// Defaults to the customer's location.
    pub location_id: Option<String>,
    #[graphql(default_with = "SubscriptionKindName::Pppoe")]
    pub kind: SubscriptionKindName,
    /// The router username; or leave it out and give `usernamePattern`.
    pub username: Option<String>,
    /// `#` is replaced by a random digit, e.g. "pel-####".
    pub username_pattern: Option<String>,
    /// Generated (10 characters) when left out.
    pub password: Option<String>,
    pub plan: PlanInput,
    /// When the first period starts (default: now).
    pub starts_at: Option<DateTime<Utc>>,
    /// A known expiry (e.g. moving a subscriber from another system); default: one cycle
    /// after the start.
    pub expires_at: Option<DateTime<Utc>>,
    #[graphql(default)]
    pub auto_renew: bool,
}

/// Numbered accounts: `prefix` + zero-padded sequence (`pel001` … `pel010`).
#[derive(InputObject)]
pub struct CreateSubscriptionsInput {
    /// The customer all the accounts belong to.
    pub customer_id: String,
    pub location_id: Option<String>,
    #[graphql(default_with = "SubscriptionKindName::Pppoe")]
    pub kind: SubscriptionKindName,
    pub prefix: String,
    /// 1-500.
    pub count: i32,
    #[graphql(default = 1)]
    pub start: i32,
    /// Width of the number (default: 3, or more when the last number needs it).
    pub digits: Option<i32>,
    /// One password for all; generated per account when left out.
    pub password: Option<String>,
    pub plan: PlanInput,
    pub starts_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    #[graphql(default)]
    pub auto_renew: bool,
}

pub fn cycle(name: BillingCycleName, days: Option<i32>) -> Result<BillingCycle> {
    Ok(match (name, days) {
        (BillingCycleName::Weekly, _) => BillingCycle::Weekly,
        (BillingCycleName::Monthly, _) => BillingCycle::Monthly,
        (BillingCycleName::Days, Some(d)) => BillingCycle::Days(
            u16::try_from(d).map_err(|_| bad("cycleDays must be between 1 and 366"))?,
        ),
        (BillingCycleName::Days, None) => return Err(bad("cycleDays is required with cycle DAYS")),
    })
}
