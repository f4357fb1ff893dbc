//! PPP profiles: imported by (location, name) onto a deterministic id; prices set by admins.

use rust_decimal::Decimal;
use tagih_aggregates::ppp_profile::{PppProfile, PppProfileCommand as C, PppProfileSpec};
use uuid::Uuid;

use crate::bus::{CommandBus, Written};
use crate::error::CommandError;
use crate::metadata::Metadata;

/// Namespace for PPP profile ids: uuid v5 of "location/name" (case-insensitive name).
const PPP_PROFILE_NS: Uuid = Uuid::from_u128(0x2b7e_51c0_4d3a_4f19_9e62_8a1d_3c5f_7b04);

pub fn ppp_profile_id(location_id: &str, name: &str) -> String {
    let key = format!("{location_id}/{}", name.trim().to_lowercase());
    Uuid::new_v5(&PPP_PROFILE_NS, key.as_bytes()).to_string()
}

/// What an import did to Tagih's copy of a router's PPP profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Tagih did not know the profile.
    Imported,
    /// Known, and the router's fields (or a retirement) changed it.
    Updated,
    /// Known and already as the router has it: nothing written.
    Unchanged,
}

pub async fn import(
    bus: &CommandBus,
    spec: PppProfileSpec,
    meta: &Metadata,
) -> Result<(String, Written, ImportOutcome), CommandError> {
    let id = ppp_profile_id(&spec.location_id, &spec.name);
    let before: PppProfile = bus.load(&id).await?;
    let written = bus
        .execute::<PppProfile>(
            &id,
            C::ImportPppProfile(spec),
            &meta.with_command("ImportPppProfile"),
        )
        .await?;
    let after: PppProfile = bus.load(&id).await?;
    let outcome = if before.spec.is_none() {
        ImportOutcome::Imported
    } else if before == after {
        ImportOutcome::Unchanged
    } else {
        ImportOutcome::Updated
    };
    Ok((id, written, outcome))
}

pub async fn set_cost(
    bus: &CommandBus,
    id: &str,
    cost: Decimal,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<PppProfile>(
        id,
        C::SetPppProfileCost { cost },
        &meta.with_command("SetPppProfileCost"),
    )
    .await
}

pub async fn set_price(
    bus: &CommandBus,
    id: &str,
    price: Decimal,
    meta: &Metadata,
) -> Result<Written, CommandError> {
    bus.execute::<PppProfile>(
        id,
        C::SetPppProfilePrice { price },
        &meta.with_command("SetPppProfilePrice"),
    )
    .await
}
