//! PppProfile aggregate: a PPP profile of one location (imported from the router by the
//! profile sync when its comment carries the PPPoE marker) with Tagih's default price.
//! Its id is derived from (location, name), like voucher profiles.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};
use crate::money::check_amount;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PppProfileSpec {
    pub location_id: String,
    pub name: String,
    pub rate_limit: Option<String>,
    pub local_address: Option<String>,
    pub remote_address: Option<String>,
    /// Tagih's default monthly price for subscriptions on this profile.
    pub price: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PppProfileCommand {
    /// From the router: name and network fields follow the router, the price stays Tagih's.
    ImportPppProfile(PppProfileSpec),
    SetPppProfilePrice {
        price: Decimal,
    },
    /// What one period of a subscription on this profile costs the operator (upstream
    /// bandwidth share, …): fixed onto each invoice when it is issued.
    SetPppProfileCost {
        cost: Decimal,
    },
    RetirePppProfile,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PppProfileEvent {
    PppProfileImported(PppProfileSpec),
    PppProfilePriceSet { price: Decimal },
    PppProfileCostSet { cost: Decimal },
    PppProfileRetired,
}

impl DomainEvent for PppProfileEvent {
    fn event_type(&self) -> String {
        match self {
            Self::PppProfileImported(_) => "PppProfileImported",
            Self::PppProfilePriceSet { .. } => "PppProfilePriceSet",
            Self::PppProfileCostSet { .. } => "PppProfileCostSet",
            Self::PppProfileRetired => "PppProfileRetired",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PppProfileError {
    #[error("{0}")]
    Invalid(String),
    #[error("ppp profile not found")]
    NotFound,
}

impl HasErrorKind for PppProfileError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::NotFound => ErrorKind::NotFound,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PppProfile {
    pub spec: Option<PppProfileSpec>,
    pub retired: bool,
    /// Tagih's cost price per period (zero until set).
    #[serde(default)]
    pub cost: Decimal,
}

fn invalid(msg: impl Into<String>) -> PppProfileError {
    PppProfileError::Invalid(msg.into())
}

impl PppProfileSpec {
    fn validated(mut self) -> Result<Self, PppProfileError> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() || self.name.chars().count() > 64 {
            return Err(invalid("name must be 1-64 characters"));
        }
        self.price = check_amount("price", self.price).map_err(|e| invalid(e.to_string()))?;
        for field in [
            &mut self.rate_limit,
            &mut self.local_address,
            &mut self.remote_address,
        ] {
            *field = field
                .take()
                .map(|v| v.trim().chars().take(128).collect::<String>())
                .filter(|v| !v.is_empty());
        }
        Ok(self)
    }
}

impl PppProfile {
    pub fn decide(&self, cmd: PppProfileCommand) -> Result<Vec<PppProfileEvent>, PppProfileError> {
        use PppProfileCommand as C;
        use PppProfileEvent as E;
        match (cmd, &self.spec) {
            (C::ImportPppProfile(spec), None) => Ok(vec![E::PppProfileImported(spec.validated()?)]),
            (C::ImportPppProfile(spec), Some(current)) => {
                let spec = PppProfileSpec {
                    price: current.price,
                    ..spec.validated()?
                };
                Ok(if &spec == current && !self.retired {
                    vec![]
                } else {
                    vec![E::PppProfileImported(spec)]
                })
            }
            (_, None) => Err(PppProfileError::NotFound),
            (C::SetPppProfilePrice { price }, Some(current)) => {
                let price = check_amount("price", price).map_err(|e| invalid(e.to_string()))?;
                Ok(if price == current.price {
                    vec![]
                } else {
                    vec![E::PppProfilePriceSet { price }]
                })
            }
            (C::SetPppProfileCost { cost }, Some(_)) => {
                let cost = check_amount("cost", cost).map_err(|e| invalid(e.to_string()))?;
                Ok(if cost == self.cost {
                    vec![]
                } else {
                    vec![E::PppProfileCostSet { cost }]
                })
            }
            (C::RetirePppProfile, Some(_)) if self.retired => Ok(vec![]),
            (C::RetirePppProfile, Some(_)) => Ok(vec![E::PppProfileRetired]),
        }
    }
}

impl Aggregate for PppProfile {
    const TYPE: &'static str = "PppProfile";
    type Command = PppProfileCommand;
    type Event = PppProfileEvent;
    type Error = PppProfileError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let events = self.decide(command)?;
        crate::write_all!(self, sink, events)
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            PppProfileEvent::PppProfileImported(spec) => {
                self.spec = Some(spec);
                self.retired = false;
            }
            PppProfileEvent::PppProfilePriceSet { price } => {
                if let Some(spec) = self.spec.as_mut() {
                    spec.price = price;
                }
            }
            PppProfileEvent::PppProfileCostSet { cost } => self.cost = cost,
            PppProfileEvent::PppProfileRetired => self.retired = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use cqrs_es::test::TestFramework;
    use rust_decimal_macros::dec;

    use super::*;

    fn spec(price: Decimal, rate: &str) -> PppProfileSpec {
        PppProfileSpec {
            location_id: "loc-1".into(),
            name: "10Mbps".into(),
            rate_limit: Some(rate.into()),
            local_address: None,
            remote_address: Some("pool-pppoe".into()),
            price,
        }
    }

    #[test]
    fn a_reimport_follows_the_router_but_keeps_tagihs_price() {
        TestFramework::<PppProfile>::with(())
            .given(vec![
                PppProfileEvent::PppProfileImported(spec(dec!(0), "10M/10M")),
                PppProfileEvent::PppProfilePriceSet {
                    price: dec!(150000),
                },
            ])
            .when(PppProfileCommand::ImportPppProfile(spec(
                dec!(0),
                "12M/12M",
            )))
            .then_expect_events(vec![PppProfileEvent::PppProfileImported(spec(
                dec!(150000),
                "12M/12M",
            ))]);
    }

    #[test]
    fn an_unchanged_reimport_records_nothing() {
        TestFramework::<PppProfile>::with(())
            .given(vec![PppProfileEvent::PppProfileImported(spec(
                dec!(0),
                "10M/10M",
            ))])
            .when(PppProfileCommand::ImportPppProfile(spec(
                dec!(0),
                "10M/10M",
            )))
            .then_expect_events(vec![]);
    }

    #[test]
    fn a_negative_price_is_refused() {
        TestFramework::<PppProfile>::with(())
            .given(vec![PppProfileEvent::PppProfileImported(spec(
                dec!(0),
                "10M/10M",
            ))])
            .when(PppProfileCommand::SetPppProfilePrice { price: dec!(-1) })
            .then_expect_error(PppProfileError::Invalid(
                "price must not be negative".into(),
            ));
    }
}
