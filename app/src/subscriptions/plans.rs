//! A subscription's plan with its price: given by the operator, or the price Tagih keeps
//! for the profile at the location — read from the profile's own stream (PPP profile for
//! PPPoE, voucher profile for hotspot), never from a read model that may lag.

use rust_decimal::Decimal;
use tagih_aggregates::billing_cycle::BillingCycle;
use tagih_aggregates::ppp_profile::PppProfile;
use tagih_aggregates::subscription::{Plan, SubscriptionKind};
use tagih_aggregates::voucher_profile::VoucherProfile;
use tagih_commands::ppp_profiles::ppp_profile_id;
use tagih_commands::voucher_profiles::profile_id;

use crate::App;
use crate::error::{AppError, AppResult};

/// What the operator asked for; without a price, the profile's.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub profile: String,
    pub price: Option<Decimal>,
    pub cycle: BillingCycle,
}

/// The plan with its price.
pub async fn resolve(
    app: &App,
    location_id: &str,
    kind: SubscriptionKind,
    request: PlanRequest,
) -> AppResult<Plan> {
    let price = match request.price {
        Some(price) => price,
        None => profile_price(app, location_id, kind, &request.profile)
            .await?
            .ok_or_else(|| {
                AppError::BadInput(format!(
                    "price is required: profile '{}' has no price at this location",
                    request.profile.trim()
                ))
            })?,
    };
    Ok(Plan {
        profile: request.profile,
        price,
        cycle: request.cycle,
    })
}

/// The price Tagih keeps for a profile that exists (and is not retired) at the location.
async fn profile_price(
    app: &App,
    location_id: &str,
    kind: SubscriptionKind,
    profile: &str,
) -> AppResult<Option<Decimal>> {
    Ok(match kind {
        SubscriptionKind::Pppoe => {
            let id = ppp_profile_id(location_id, profile);
            let p: PppProfile = app.bus.load(&id).await?;
            p.spec.filter(|_| !p.retired).map(|s| s.price)
        }
        SubscriptionKind::Hotspot => {
            let id = profile_id(location_id, profile);
            let p: VoucherProfile = app.bus.load(&id).await?;
            p.spec.filter(|_| !p.retired).map(|s| s.price_sell)
        }
    })
}
