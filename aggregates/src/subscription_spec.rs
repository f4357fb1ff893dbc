//! What a subscription is made of: kind, router credentials, plan, and the rules for each.
//!
//! Usernames, passwords and profile names end up inside RouterOS commands and scripts
//! (`/ppp/secret`, `/ip/hotspot/user`, on-login scripts), so they are limited to characters
//! RouterOS treats literally: no quotes, backslashes, `$` (variables), `?` (CLI help), `;`
//! (statement separator), brackets, spaces or non-ASCII.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::billing_cycle::BillingCycle;
use crate::bounds;

const MAX_CREDENTIAL: usize = 64;
const USERNAME_PUNCT: &str = "._-@";
const PASSWORD_PUNCT: &str = "._-@#%+*!:,~^=&";
const PROFILE_FORBIDDEN: &str = "\"\\$?;[]{}";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubscriptionKind {
    /// A `/ppp/secret` on the router.
    Pppoe,
    /// A named `/ip/hotspot/user` that renews (unlike a one-time voucher).
    Hotspot,
}

/// What the customer buys: router profile, price per period, and the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub profile: String,
    pub price: Decimal,
    pub cycle: BillingCycle,
}

/// A new subscription as the command gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionSpec {
    pub kind: SubscriptionKind,
    pub customer_id: String,
    pub location_id: String,
    pub username: String,
    pub password: String,
    pub plan: Plan,
    /// When the first period starts.
    pub starts_at: DateTime<Utc>,
    /// A known expiry (e.g. migrating a subscriber from another system); when absent the
    /// first period is one cycle from `starts_at`.
    pub expires_at: Option<DateTime<Utc>>,
    pub auto_renew: bool,
}

fn credential(field: &str, value: &str, punct: &str) -> Result<(), String> {
    let ok = |c: char| c.is_ascii_alphanumeric() || punct.contains(c);
    if value.is_empty() || value.len() > MAX_CREDENTIAL || !value.chars().all(ok) {
        return Err(format!(
            "{field} must be 1-64 characters: letters, digits or {}",
            punct
                .chars()
                .map(|c| format!("'{c}'"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    Ok(())
}

/// Router usernames are compared case-sensitively by RouterOS; they are only trimmed here.
pub fn check_username(username: &str) -> Result<String, String> {
    let username = username.trim();
    credential("username", username, USERNAME_PUNCT)?;
    Ok(username.to_string())
}

/// Passwords are taken exactly as given: a trailing space would be a different password.
pub fn check_password(password: &str) -> Result<String, String> {
    credential("password", password, PASSWORD_PUNCT)?;
    Ok(password.to_string())
}

impl Plan {
    pub fn validated(self) -> Result<Self, String> {
        let profile = self.profile.trim().to_string();
        let profile_ok =
            |c: char| c == ' ' || (c.is_ascii_graphic() && !PROFILE_FORBIDDEN.contains(c));
        if profile.is_empty() || profile.len() > MAX_CREDENTIAL || !profile.chars().all(profile_ok)
        {
            return Err(
                "profile must be 1-64 characters without quotes, '\\', '$', '?', ';' or brackets"
                    .into(),
            );
        }
        let price = bounds::amount("price", self.price)?;
        let cycle = self.cycle.validated().map_err(|e| e.to_string())?;
        Ok(Self {
            profile,
            price,
            cycle,
        })
    }
}

impl SubscriptionSpec {
    pub fn validated(self) -> Result<Self, String> {
        let customer_id = self.customer_id.trim().to_string();
        if customer_id.is_empty() {
            return Err("customer is required".into());
        }
        let location_id = self.location_id.trim().to_string();
        if location_id.is_empty() {
            return Err("location is required".into());
        }
        let starts_at = bounds::date("start", self.starts_at)?;
        let expires_at = bounds::optional_date("expiry", self.expires_at)?;
        if expires_at.is_some_and(|e| e <= starts_at) {
            return Err("expiry must be after the start".into());
        }
        Ok(Self {
            customer_id,
            location_id,
            username: check_username(&self.username)?,
            password: check_password(&self.password)?,
            plan: self.plan.validated()?,
            starts_at,
            expires_at,
            ..self
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn plan() -> Plan {
        Plan {
            profile: " 10Mbps ".into(),
            price: dec!(150000.00),
            cycle: BillingCycle::Monthly,
        }
    }

    #[test]
    fn a_plan_is_trimmed_and_its_price_normalised() {
        let p = plan().validated().unwrap();
        assert_eq!((p.profile.as_str(), p.price), ("10Mbps", dec!(150000)));
    }

    #[test]
    fn a_plan_refuses_bad_profiles_prices_and_cycles() {
        let bad_profile = Plan {
            profile: "10M$".into(),
            ..plan()
        };
        assert!(
            bad_profile
                .validated()
                .unwrap_err()
                .starts_with("profile must be")
        );
        let negative = Plan {
            price: dec!(-1),
            ..plan()
        };
        assert_eq!(
            negative.validated(),
            Err("price must not be negative".into())
        );
        let zero_days = Plan {
            cycle: BillingCycle::Days(0),
            ..plan()
        };
        assert_eq!(
            zero_days.validated(),
            Err("a billing cycle in days must be between 1 and 366".into())
        );
    }

    #[test]
    fn usernames_allow_routeros_safe_characters_only() {
        assert_eq!(
            check_username(" budi.santoso@rt02 "),
            Ok("budi.santoso@rt02".into())
        );
        assert_eq!(check_username("pel-001_a"), Ok("pel-001_a".into()));
        for bad in [
            "",
            "budi santoso",
            "budi$",
            "budi\"",
            "büdi",
            &"x".repeat(65),
        ] {
            assert!(check_username(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_username("a;b"),
            Err("username must be 1-64 characters: letters, digits or '.' '_' '-' '@'".into())
        );
    }

    #[test]
    fn passwords_are_kept_exactly_and_refuse_script_characters() {
        assert_eq!(check_password("Rahasia#2026!"), Ok("Rahasia#2026!".into()));
        for bad in [
            "",
            " rahasia",
            "a?b",
            "a\\b",
            "a;b",
            "a[b]",
            &"x".repeat(65),
        ] {
            assert!(check_password(bad).is_err(), "{bad}");
        }
    }
}
