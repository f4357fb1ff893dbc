//! VoucherBatch aggregate: the record of one generation request (who, what, how many).
//!
//! The vouchers themselves are separate `Voucher` streams written in the same transaction
//! (see commands::voucher_batches); the batch is what a print page and a report refer to.

use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};
use crate::voucher_code::CodeSpec;
use crate::voucher_sale::SaleRecognition;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRecord {
    pub location_id: String,
    pub profile_id: String,
    pub profile_name: String,
    pub spec: CodeSpec,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    pub price_overridden: bool,
    /// When its vouchers' sales are revenue (the location's setting at generation).
    #[serde(default)]
    pub sale_on: SaleRecognition,
}

/// The batch handed to a reseller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSale {
    pub reseller: String,
    /// Price per voucher agreed with the reseller; absent: each voucher's own price.
    pub agreed_price: Option<Decimal>,
    /// Vouchers this sale sold (those not sold or revoked before).
    pub vouchers: u32,
    pub sold_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VoucherBatchCommand {
    RecordBatch(BatchRecord),
    RecordBatchSold(BatchSale),
    RecordBatchSaleRefunded {
        reason: String,
        vouchers: u32,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum VoucherBatchEvent {
    VoucherBatchGenerated(BatchRecord),
    VoucherBatchSold(BatchSale),
    VoucherBatchSaleRefunded {
        reason: String,
        vouchers: u32,
        refunded_at: DateTime<Utc>,
    },
}

impl DomainEvent for VoucherBatchEvent {
    fn event_type(&self) -> String {
        match self {
            Self::VoucherBatchGenerated(_) => "VoucherBatchGenerated",
            Self::VoucherBatchSold(_) => "VoucherBatchSold",
            Self::VoucherBatchSaleRefunded { .. } => "VoucherBatchSaleRefunded",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoucherBatchError {
    #[error("voucher batch already exists")]
    AlreadyExists,
    #[error("voucher batch not found")]
    NotFound,
    #[error("voucher batch was already sold to {0}")]
    AlreadySold(String),
    #[error("voucher batch has not been sold")]
    NotSold,
    #[error("{0}")]
    Invalid(String),
}

impl HasErrorKind for VoucherBatchError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::AlreadyExists => ErrorKind::Conflict,
            Self::NotFound => ErrorKind::NotFound,
            Self::AlreadySold(_) | Self::NotSold => ErrorKind::Rejected,
            Self::Invalid(_) => ErrorKind::Invalid,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VoucherBatch {
    pub record: Option<BatchRecord>,
    /// The current sale to a reseller (cleared by its refund).
    #[serde(default)]
    pub sale: Option<BatchSale>,
}

impl VoucherBatch {
    pub fn decide(
        &self,
        cmd: VoucherBatchCommand,
    ) -> Result<Vec<VoucherBatchEvent>, VoucherBatchError> {
        use VoucherBatchCommand as C;
        use VoucherBatchEvent as E;
        match (cmd, &self.record) {
            (C::RecordBatch(r), None) => Ok(vec![E::VoucherBatchGenerated(r)]),
            (C::RecordBatch(_), Some(_)) => Err(VoucherBatchError::AlreadyExists),
            (_, None) => Err(VoucherBatchError::NotFound),
            (C::RecordBatchSold(sale), Some(_)) => {
                if let Some(current) = &self.sale {
                    return Err(VoucherBatchError::AlreadySold(current.reseller.clone()));
                }
                let reseller = crate::bounds::text("reseller", &sale.reseller, 100)
                    .map_err(VoucherBatchError::Invalid)?;
                Ok(vec![E::VoucherBatchSold(BatchSale { reseller, ..sale })])
            }
            (
                C::RecordBatchSaleRefunded {
                    reason,
                    vouchers,
                    at,
                },
                Some(_),
            ) => {
                if self.sale.is_none() {
                    return Err(VoucherBatchError::NotSold);
                }
                let reason = crate::bounds::text("reason", &reason, 200)
                    .map_err(VoucherBatchError::Invalid)?;
                Ok(vec![E::VoucherBatchSaleRefunded {
                    reason,
                    vouchers,
                    refunded_at: at,
                }])
            }
        }
    }
}

impl Aggregate for VoucherBatch {
    const TYPE: &'static str = "VoucherBatch";
    type Command = VoucherBatchCommand;
    type Event = VoucherBatchEvent;
    type Error = VoucherBatchError;
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
            VoucherBatchEvent::VoucherBatchGenerated(r) => self.record = Some(r),
            VoucherBatchEvent::VoucherBatchSold(sale) => self.sale = Some(sale),
            VoucherBatchEvent::VoucherBatchSaleRefunded { .. } => self.sale = None,
        }
    }
}

#[cfg(test)]
mod tests {
    use cqrs_es::test::TestFramework;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::voucher_code::{Charset, PasswordMode};

    fn record() -> BatchRecord {
        BatchRecord {
            location_id: "loc-1".into(),
            profile_id: "p1".into(),
            profile_name: "1 Hari".into(),
            spec: CodeSpec {
                count: 100,
                prefix: "HS".into(),
                code_length: 6,
                charset: Charset::Upper,
                password_mode: PasswordMode::SameAsUsername,
            },
            price_sell: dec!(5000),
            price_cost: dec!(3500),
            price_overridden: false,
            sale_on: SaleRecognition::Activation,
        }
    }

    #[test]
    fn a_batch_is_recorded_once() {
        TestFramework::<VoucherBatch>::with(())
            .given_no_previous_events()
            .when(VoucherBatchCommand::RecordBatch(record()))
            .then_expect_events(vec![VoucherBatchEvent::VoucherBatchGenerated(record())]);
        TestFramework::<VoucherBatch>::with(())
            .given(vec![VoucherBatchEvent::VoucherBatchGenerated(record())])
            .when(VoucherBatchCommand::RecordBatch(record()))
            .then_expect_error(VoucherBatchError::AlreadyExists);
    }

    #[test]
    fn a_batch_goes_to_one_reseller_until_its_sale_is_refunded() {
        let at = chrono::DateTime::<Utc>::UNIX_EPOCH;
        let sale = BatchSale {
            reseller: "Warung".into(),
            agreed_price: Some(dec!(4500)),
            vouchers: 100,
            sold_at: at,
        };
        let generated = vec![VoucherBatchEvent::VoucherBatchGenerated(record())];
        TestFramework::<VoucherBatch>::with(())
            .given(generated.clone())
            .when(VoucherBatchCommand::RecordBatchSold(sale.clone()))
            .then_expect_events(vec![VoucherBatchEvent::VoucherBatchSold(sale.clone())]);
        let mut sold = generated.clone();
        sold.push(VoucherBatchEvent::VoucherBatchSold(sale.clone()));
        TestFramework::<VoucherBatch>::with(())
            .given(sold.clone())
            .when(VoucherBatchCommand::RecordBatchSold(sale.clone()))
            .then_expect_error(VoucherBatchError::AlreadySold("Warung".into()));
        TestFramework::<VoucherBatch>::with(())
            .given(generated)
            .when(VoucherBatchCommand::RecordBatchSaleRefunded {
                reason: "returned".into(),
                vouchers: 0,
                at,
            })
            .then_expect_error(VoucherBatchError::NotSold);
        sold.push(VoucherBatchEvent::VoucherBatchSaleRefunded {
            reason: "returned".into(),
            vouchers: 100,
            refunded_at: at,
        });
        TestFramework::<VoucherBatch>::with(())
            .given(sold)
            .when(VoucherBatchCommand::RecordBatchSold(sale.clone()))
            .then_expect_events(vec![VoucherBatchEvent::VoucherBatchSold(sale)]);
    }
}
