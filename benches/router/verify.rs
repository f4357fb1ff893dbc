//! Checks, through the simulator's own state rather than the client's replies, that a
//! run left every voucher on the router exactly once and nothing else.

use std::collections::HashMap;

use anyhow::{Result, bail};
use tagih_routeros::sim::SimHandle;

use crate::provision::{COMMENT, PROFILE, voucher_name, voucher_password};

/// Returns how many vouchers were found (always `expected` on success).
pub fn vouchers_on_router(sim: &SimHandle, expected: usize, users_before: usize) -> Result<usize> {
    let users = sim.hotspot_users();
    if users.len() != users_before + expected {
        bail!(
            "the router holds {} hotspot users, expected {} + {expected}",
            users.len(),
            users_before
        );
    }
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for row in users
        .iter()
        .filter(|r| r.get("comment").map(String::as_str) == Some(COMMENT))
    {
        let name = row.get("name").map(String::as_str).unwrap_or_default();
        *by_name.entry(name).or_default() += 1;
        if row.get("profile").map(String::as_str) != Some(PROFILE) {
            bail!("voucher {name} has profile {:?}", row.get("profile"));
        }
    }
    let duplicated = by_name.values().filter(|&&n| n > 1).count();
    let missing: Vec<String> = (0..expected)
        .map(voucher_name)
        .filter(|name| !by_name.contains_key(name.as_str()))
        .collect();
    if duplicated > 0 || !missing.is_empty() || by_name.len() != expected {
        bail!(
            "{} distinct vouchers on the router, expected {expected}: {duplicated} duplicated, \
             {} missing (first: {:?})",
            by_name.len(),
            missing.len(),
            missing.first()
        );
    }
    check_passwords(&users, expected)?;
    Ok(by_name.len())
}

/// Only where the simulator prints passwords (RouterOS does to full-rights users).
fn check_passwords(users: &[tagih_routeros::sim::Row], expected: usize) -> Result<()> {
    let wanted: HashMap<String, String> = (0..expected)
        .map(|i| (voucher_name(i), voucher_password(i)))
        .collect();
    for row in users {
        let (Some(name), Some(password)) = (row.get("name"), row.get("password")) else {
            continue;
        };
        if let Some(want) = wanted.get(name)
            && want != password
        {
            bail!("voucher {name} has the wrong password");
        }
    }
    Ok(())
}
