//! VoucherBatch aggregate: the record of one generation request (who, what, how many).
//!
//! The vouchers themselves are separate `Voucher` streams written in the same transaction
//! (see commands::voucher_batches); the batch is what a print page and a report refer to.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};
use crate::voucher_code::CodeSpec;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRecord {
    pub location_id: String,
    pub profile_id: String,
    pub profile_name: String,
    pub spec: CodeSpec,
    pub price_sell: Decimal,
    pub price_cost: Decimal,
    pub price_overridden: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VoucherBatchCommand {
    RecordBatch(BatchRecord),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum VoucherBatchEvent {
    VoucherBatchGenerated(BatchRecord),
}

impl DomainEvent for VoucherBatchEvent {
    fn event_type(&self) -> String {
        match self {
            Self::VoucherBatchGenerated(_) => "VoucherBatchGenerated".to_string(),
        }
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoucherBatchError {
    #[error("voucher batch already exists")]
    AlreadyExists,
}

impl HasErrorKind for VoucherBatchError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Conflict
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VoucherBatch {
    pub record: Option<BatchRecord>,
}

impl VoucherBatch {
    pub fn decide(
        &self,
        cmd: VoucherBatchCommand,
    ) -> Result<Vec<VoucherBatchEvent>, VoucherBatchError> {
        match (cmd, &self.record) {
            (VoucherBatchCommand::RecordBatch(r), None) => {
                Ok(vec![VoucherBatchEvent::VoucherBatchGenerated(r)])
            }
            (VoucherBatchCommand::RecordBatch(_), Some(_)) => Err(VoucherBatchError::AlreadyExists),
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
}
