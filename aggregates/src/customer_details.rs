//! A customer's contact details: what an operator types, and the checked form events store.

use serde::{Deserialize, Serialize};

use crate::phone::Phone;

/// Raw details as typed by an operator (used by create and update alike).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerDetailsInput {
    pub name: String,
    pub phone: String,
    /// Empty or absent means "no email".
    pub email: Option<String>,
    pub address: String,
    pub location_id: String,
    pub notes: String,
}

/// Checked details: trimmed, phone normalised, email lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDetails {
    pub name: String,
    pub phone: Phone,
    pub email: Option<String>,
    pub address: String,
    pub location_id: String,
    pub notes: String,
}

const MAX_NAME: usize = 100;
const MAX_EMAIL: usize = 254;
const MAX_ADDRESS: usize = 500;
const MAX_NOTES: usize = 2000;

impl CustomerDetailsInput {
    /// Checks every field; the first problem is reported by field name.
    pub fn parse(self) -> Result<CustomerDetails, String> {
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err("name must be 1-100 characters".into());
        }
        let phone = Phone::parse(&self.phone).map_err(|e| e.to_string())?;
        let email = self
            .email
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty());
        if email.as_deref().is_some_and(|e| !plausible_email(e)) {
            return Err("email must look like name@example.com".into());
        }
        let address = self.address.trim().to_string();
        if address.chars().count() > MAX_ADDRESS {
            return Err("address must be at most 500 characters".into());
        }
        let location_id = self.location_id.trim().to_string();
        if location_id.is_empty() {
            return Err("location is required".into());
        }
        let notes = self.notes.trim().to_string();
        if notes.chars().count() > MAX_NOTES {
            return Err("notes must be at most 2000 characters".into());
        }
        Ok(CustomerDetails {
            name,
            phone,
            email,
            address,
            location_id,
            notes,
        })
    }
}

/// A basic shape check (one '@', a dotted domain, no spaces): deliverability is the mail
/// server's business, this only catches typos like a missing '@' or a pasted phone number.
fn plausible_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    e.len() <= MAX_EMAIL
        && !local.is_empty()
        && !domain.contains('@')
        && !e.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CustomerDetailsInput {
        CustomerDetailsInput {
            name: " Budi Santoso ".into(),
            phone: "0812-3456-7890".into(),
            email: Some(" Budi@Example.COM ".into()),
            address: " Jl. Melati 5, RT 02/RW 03 ".into(),
            location_id: "loc-1".into(),
            notes: String::new(),
        }
    }

    #[test]
    fn details_are_trimmed_and_normalised() {
        let d = input().parse().unwrap();
        assert_eq!(d.name, "Budi Santoso");
        assert_eq!(d.phone.as_str(), "6281234567890");
        assert_eq!(d.email.as_deref(), Some("budi@example.com"));
        assert_eq!(d.address, "Jl. Melati 5, RT 02/RW 03");
    }

    #[test]
    fn a_blank_email_means_none() {
        let mut i = input();
        i.email = Some("  ".into());
        assert_eq!(i.parse().unwrap().email, None);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Breaker = fn(&mut CustomerDetailsInput);
        let cases: Vec<(Breaker, &str)> = vec![
            (|i| i.name = " ".into(), "name must be 1-100 characters"),
            (
                |i| i.name = "x".repeat(101),
                "name must be 1-100 characters",
            ),
            (
                |i| i.phone = "021 555 1234".into(),
                "phone number must be a mobile number (08… or 628…)",
            ),
            (
                |i| i.email = Some("budi.example.com".into()),
                "email must look like name@example.com",
            ),
            (
                |i| i.email = Some("budi@localhost".into()),
                "email must look like name@example.com",
            ),
            (
                |i| i.email = Some("bu di@example.com".into()),
                "email must look like name@example.com",
            ),
            (|i| i.location_id = " ".into(), "location is required"),
            (
                |i| i.address = "x".repeat(501),
                "address must be at most 500 characters",
            ),
        ];
        for (break_it, message) in cases {
            let mut i = input();
            break_it(&mut i);
            assert_eq!(i.parse(), Err(message.to_string()));
        }
    }
}
