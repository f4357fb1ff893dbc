//! Voucher profiles: upsert by (location, name) onto a deterministic id.

use tagih_aggregates::voucher_profile::{
    VoucherProfile, VoucherProfileCommand as C, VoucherProfileSpec,
};
use uuid::Uuid;

use crate::bus::{CommandBus, Written};
use crate::error::CommandError;
use crate::locations;
use crate::metadata::Metadata;

/// Namespace for profile ids: uuid v5 of "location/name" (case-insensitive name).
const PROFILE_NS: Uuid = Uuid::from_u128(0x6d1f_3b2a_9c4e_4e7b_8a55_0c2d_71e9_a1b3);

pub fn profile_id(location_id: &str, name: &str) -> String {
    let key = format!("{location_id}/{}", name.trim().to_lowercase());
    Uuid::new_v5(&PROFILE_NS, key.as_bytes()).to_string()
}

pub async fn upsert(
    bus: &CommandBus,
    spec: VoucherProfileSpec,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    locations::require_active(bus, &spec.location_id).await?;
    let id = profile_id(&spec.location_id, &spec.name);
    let written = bus
        .execute::<VoucherProfile>(
            &id,
            C::UpsertVoucherProfile(spec),
            &meta.with_command("UpsertVoucherProfile"),
        )
        .await?;
    Ok((id, written))
}

pub async fn retire(bus: &CommandBus, id: &str, meta: &Metadata) -> Result<Written, CommandError> {
    bus.execute::<VoucherProfile>(
        id,
        C::RetireVoucherProfile,
        &meta.with_command("RetireVoucherProfile"),
    )
    .await
}

/// Records that the router profile of this Tagih profile's name is adopted, with what it
/// held before (ADR 0025). A repeat records nothing.
pub async fn adopt_router_profile(
    bus: &CommandBus,
    location_id: &str,
    name: &str,
    replaced: tagih_aggregates::voucher_profile::ReplacedRouterProfile,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let id = profile_id(location_id, name);
    let written = bus
        .execute::<VoucherProfile>(
            &id,
            C::AdoptRouterProfile(replaced),
            &meta.with_command("AdoptRouterProfile"),
        )
        .await?;
    Ok((id, written))
}
