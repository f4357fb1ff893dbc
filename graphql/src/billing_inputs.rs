//! Billing inputs and how they become commands: customer fields, plans (price from the
//! router profile when not given), credentials given or generated, bulk numbering.

use async_graphql::{InputObject, Result};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_aggregates::billing_cycle::BillingCycle;
use tagih_aggregates::subscription::{Plan, SubscriptionKind};
use tagih_commands::customers::CustomerInput;
use tagih_projections::billing_queries;
use uuid::Uuid;

use crate::billing_types::{BillingCycleName, SubscriptionKindName};
use crate::error::{ApiError, gql};

/// Most subscriptions one bulk request creates.
pub const MAX_BULK: i32 = 500;

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

/// The plan with its price: given, or the profile's price at the location.
pub async fn plan(
    pool: &sqlx::PgPool,
    location_id: &str,
    kind: SubscriptionKind,
    input: PlanInput,
) -> Result<Plan> {
    let cycle = cycle(input.cycle, input.cycle_days)?;
    let price = match input.price {
        Some(p) => p,
        None => {
            let pppoe = kind == SubscriptionKind::Pppoe;
            billing_queries::profile_price(pool, location_id, &input.profile, pppoe)
                .await
                .map_err(gql)?
                .ok_or_else(|| {
                    bad(format!(
                        "price is required: profile '{}' has no price at this location",
                        input.profile.trim()
                    ))
                })?
        }
    };
    Ok(Plan {
        profile: input.profile,
        price,
        cycle,
    })
}

/// Characters of generated passwords: lower-case letters and digits without the ones people
/// misread (l, o, 0, 1); 32 of them, so each random 5 bits pick one without bias.
const PASSWORD_ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// Random bytes from the OS generator: the bytes of v4 UUIDs, less the two that carry the
/// version and variant bits.
fn random_bytes(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let uuid = Uuid::new_v4();
        let random = uuid.as_bytes().iter().enumerate();
        out.extend(random.filter(|(i, _)| *i != 6 && *i != 8).map(|(_, b)| *b));
    }
    out.truncate(n);
    out
}

/// A 10-character password (50 random bits).
pub fn generated_password() -> String {
    random_bytes(10)
        .iter()
        .map(|b| char::from(PASSWORD_ALPHABET[usize::from(b & 31)]))
        .collect()
}

/// A username from a pattern: each `#` becomes a random digit.
pub fn username_from_pattern(pattern: &str) -> Result<String> {
    let holes = pattern.chars().filter(|c| *c == '#').count();
    if holes == 0 {
        return Err(bad("usernamePattern needs at least one '#'"));
    }
    let mut digits = random_bytes(holes)
        .into_iter()
        .map(|b| char::from(b'0' + b % 10));
    Ok(pattern
        .chars()
        .map(|c| match c {
            '#' => digits.next().unwrap_or('0'),
            c => c,
        })
        .collect())
}

/// `prefix` + zero-padded numbers `start ..= start + count - 1`.
pub fn numbered_usernames(
    prefix: &str,
    start: i32,
    count: i32,
    digits: Option<i32>,
) -> Result<Vec<String>> {
    if !(1..=MAX_BULK).contains(&count) {
        return Err(bad(format!("count must be between 1 and {MAX_BULK}")));
    }
    if start < 0 {
        return Err(bad("start must not be negative"));
    }
    let last = i64::from(start) + i64::from(count) - 1;
    let needed = last.to_string().len();
    let width = match digits {
        None => needed.max(3),
        Some(d) if (1..=9).contains(&d) && d as usize >= needed => d as usize,
        Some(_) => {
            return Err(bad(format!(
                "digits must be between {needed} and 9 to number up to {last}"
            )));
        }
    };
    Ok((i64::from(start)..=last)
        .map(|n| format!("{}{n:0width$}", prefix.trim()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_usernames_are_zero_padded_and_widen_when_needed() {
        let names = numbered_usernames("pel", 1, 10, None).unwrap();
        assert_eq!(names.first().map(String::as_str), Some("pel001"));
        assert_eq!(names.last().map(String::as_str), Some("pel010"));
        let wide = numbered_usernames("x", 995, 10, None).unwrap();
        assert_eq!(wide.last().map(String::as_str), Some("x1004"));
        assert!(numbered_usernames("x", 995, 10, Some(3)).is_err());
        assert!(numbered_usernames("x", 1, 501, None).is_err());
        assert!(numbered_usernames("x", 1, 0, None).is_err());
    }

    #[test]
    fn generated_credentials_follow_their_rules() {
        let p = generated_password();
        assert_eq!(p.len(), 10);
        assert!(p.bytes().all(|b| PASSWORD_ALPHABET.contains(&b)));
        let u = username_from_pattern("pel-####").unwrap();
        assert!(u.starts_with("pel-") && u[4..].chars().all(|c| c.is_ascii_digit()));
        assert!(username_from_pattern("pel").is_err());
    }
}
