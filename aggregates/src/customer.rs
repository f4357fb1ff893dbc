//! Customer aggregate: contact details, active flag, and the money ledger (credit and debt).
//!
//! Credit (prepaid balance, e.g. from overpayments) and debt (owed, e.g. a cash shortfall the
//! operator accepted) are kept apart, never netted, so reports can age debt and show credit.
//! Every ledger entry carries a caller-chosen `reference` (a payment ref, an invoice id): the
//! same entry kind with the same reference is applied once, so a retried payment saga can
//! never credit or charge twice.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::customer_details::{CustomerDetails, CustomerDetailsInput};
use crate::error::{ErrorKind, HasErrorKind};
use crate::money::check_amount;

const MAX_TEXT: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub enum CustomerCommand {
    CreateCustomer(CustomerDetailsInput),
    UpdateCustomerDetails(CustomerDetailsInput),
    DeactivateCustomer,
    ReactivateCustomer,
    AddCredit(LedgerInput),
    UseCredit(LedgerInput),
    RecordDebt {
        entry: LedgerInput,
        invoice_id: Option<String>,
        /// When the money became owed, on the application's clock (debt ages from it).
        owed_since: DateTime<Utc>,
    },
    SettleDebt(LedgerInput),
}

/// One movement of money as a command gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerInput {
    pub amount: Decimal,
    pub reason: String,
    /// Idempotency key: the payment ref or invoice id this movement belongs to.
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CustomerEvent {
    CustomerCreated(CustomerDetails),
    CustomerDetailsUpdated(CustomerDetails),
    CustomerDeactivated,
    CustomerReactivated,
    CreditAdded {
        amount: Decimal,
        reason: String,
        reference: String,
        balance_after: Decimal,
    },
    CreditUsed {
        amount: Decimal,
        reason: String,
        reference: String,
        balance_after: Decimal,
    },
    DebtRecorded {
        amount: Decimal,
        invoice_id: Option<String>,
        reason: String,
        reference: String,
        debt_after: Decimal,
        /// When the money became owed, on the application's clock. Absent on events written
        /// before it was recorded; readers fall back to the event's `recorded_at`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owed_since: Option<DateTime<Utc>>,
    },
    DebtSettled {
        amount: Decimal,
        reason: String,
        reference: String,
        debt_after: Decimal,
    },
}

/// The stored names of the events other crates select by name (`Interests`, sagas'
/// matches): one spelling, so a rename is a compile error there.
impl CustomerEvent {
    pub const CREDIT_ADDED: &'static str = "CreditAdded";
    pub const CREDIT_USED: &'static str = "CreditUsed";
    pub const DEBT_RECORDED: &'static str = "DebtRecorded";
    pub const DEBT_SETTLED: &'static str = "DebtSettled";
}

impl DomainEvent for CustomerEvent {
    fn event_type(&self) -> String {
        match self {
            Self::CustomerCreated(_) => "CustomerCreated",
            Self::CustomerDetailsUpdated(_) => "CustomerDetailsUpdated",
            Self::CustomerDeactivated => "CustomerDeactivated",
            Self::CustomerReactivated => "CustomerReactivated",
            Self::CreditAdded { .. } => Self::CREDIT_ADDED,
            Self::CreditUsed { .. } => Self::CREDIT_USED,
            Self::DebtRecorded { .. } => Self::DEBT_RECORDED,
            Self::DebtSettled { .. } => Self::DEBT_SETTLED,
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustomerError {
    #[error("{0}")]
    Invalid(String),
    #[error("customer already exists")]
    AlreadyExists,
    #[error("customer not found")]
    NotFound,
    #[error("customer is deactivated")]
    Deactivated,
    #[error("credit balance {balance} does not cover the amount")]
    InsufficientCredit { balance: Decimal },
    #[error("settlement is larger than the debt of {debt}")]
    SettlementExceedsDebt { debt: Decimal },
    #[error("reference {0} was already used with a different amount")]
    ReferenceReused(String),
}

impl HasErrorKind for CustomerError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::AlreadyExists | Self::ReferenceReused(_) => ErrorKind::Conflict,
            Self::NotFound => ErrorKind::NotFound,
            Self::Deactivated
            | Self::InsufficientCredit { .. }
            | Self::SettlementExceedsDebt { .. } => ErrorKind::Rejected,
        }
    }
}

/// Which side of the ledger an entry moves; part of the idempotency key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    CreditAdded,
    CreditUsed,
    DebtRecorded,
    DebtSettled,
}

impl Entry {
    fn key(self, reference: &str) -> String {
        let kind = match self {
            Self::CreditAdded => "credit_added",
            Self::CreditUsed => "credit_used",
            Self::DebtRecorded => "debt_recorded",
            Self::DebtSettled => "debt_settled",
        };
        format!("{kind}:{reference}")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub details: Option<CustomerDetails>,
    pub active: bool,
    /// Credit the customer may spend (never negative).
    pub balance: Decimal,
    /// What the customer owes outside open invoices (never negative).
    pub debt: Decimal,
    /// Applied ledger entries by "kind:reference" → amount, for exactly-once application.
    pub entries: BTreeMap<String, Decimal>,
}

fn invalid(msg: impl Into<String>) -> CustomerError {
    CustomerError::Invalid(msg.into())
}

/// A checked ledger entry: positive amount, reason and reference present.
fn checked(input: LedgerInput) -> Result<LedgerInput, CustomerError> {
    let amount = check_amount("amount", input.amount).map_err(|e| invalid(e.to_string()))?;
    if amount.is_zero() {
        return Err(invalid("amount must be positive"));
    }
    let reason = input.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > MAX_TEXT {
        return Err(invalid("reason must be 1-200 characters"));
    }
    let reference = input.reference.trim().to_string();
    if reference.is_empty() || reference.chars().count() > MAX_TEXT {
        return Err(invalid("reference must be 1-200 characters"));
    }
    Ok(LedgerInput {
        amount,
        reason,
        reference,
    })
}

impl Customer {
    pub fn decide(&self, cmd: CustomerCommand) -> Result<Vec<CustomerEvent>, CustomerError> {
        use CustomerCommand as C;
        use CustomerEvent as E;
        let Some(current) = &self.details else {
            return match cmd {
                C::CreateCustomer(input) => Ok(vec![E::CustomerCreated(
                    input.parse().map_err(CustomerError::Invalid)?,
                )]),
                _ => Err(CustomerError::NotFound),
            };
        };
        Ok(match cmd {
            C::CreateCustomer(_) => return Err(CustomerError::AlreadyExists),
            C::UpdateCustomerDetails(_) if !self.active => return Err(CustomerError::Deactivated),
            C::UpdateCustomerDetails(input) => {
                let details = input.parse().map_err(CustomerError::Invalid)?;
                if &details == current {
                    vec![]
                } else {
                    vec![E::CustomerDetailsUpdated(details)]
                }
            }
            C::DeactivateCustomer if self.active => vec![E::CustomerDeactivated],
            C::ReactivateCustomer if !self.active => vec![E::CustomerReactivated],
            C::DeactivateCustomer | C::ReactivateCustomer => vec![],
            // Money keeps moving on a deactivated customer: a late payment or an old debt
            // is still a fact the books must show.
            C::AddCredit(input) => self.ledger(Entry::CreditAdded, input, None, None)?,
            C::UseCredit(input) => self.ledger(Entry::CreditUsed, input, None, None)?,
            C::RecordDebt {
                entry,
                invoice_id,
                owed_since,
            } => self.ledger(Entry::DebtRecorded, entry, invoice_id, Some(owed_since))?,
            C::SettleDebt(input) => self.ledger(Entry::DebtSettled, input, None, None)?,
        })
    }

    fn ledger(
        &self,
        entry: Entry,
        input: LedgerInput,
        invoice_id: Option<String>,
        owed_since: Option<DateTime<Utc>>,
    ) -> Result<Vec<CustomerEvent>, CustomerError> {
        let LedgerInput {
            amount,
            reason,
            reference,
        } = checked(input)?;
        match self.entries.get(&entry.key(&reference)) {
            Some(done) if *done == amount => return Ok(vec![]),
            Some(_) => return Err(CustomerError::ReferenceReused(reference)),
            None => {}
        }
        let (balance, debt) = (self.balance, self.debt);
        Ok(vec![match entry {
            Entry::CreditAdded => CustomerEvent::CreditAdded {
                amount,
                reason,
                reference,
                balance_after: balance + amount,
            },
            Entry::CreditUsed if amount > balance => {
                return Err(CustomerError::InsufficientCredit { balance });
            }
            Entry::CreditUsed => CustomerEvent::CreditUsed {
                amount,
                reason,
                reference,
                balance_after: balance - amount,
            },
            Entry::DebtRecorded => CustomerEvent::DebtRecorded {
                amount,
                invoice_id,
                reason,
                reference,
                debt_after: debt + amount,
                owed_since,
            },
            Entry::DebtSettled if amount > debt => {
                return Err(CustomerError::SettlementExceedsDebt { debt });
            }
            Entry::DebtSettled => CustomerEvent::DebtSettled {
                amount,
                reason,
                reference,
                debt_after: debt - amount,
            },
        }])
    }

    fn remember(&mut self, entry: Entry, reference: &str, amount: Decimal) {
        self.entries.insert(entry.key(reference), amount);
    }
}

impl Aggregate for Customer {
    const TYPE: &'static str = "Customer";
    type Command = CustomerCommand;
    type Event = CustomerEvent;
    type Error = CustomerError;
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
        use CustomerEvent as E;
        match event {
            E::CustomerCreated(details) => {
                self.details = Some(details);
                self.active = true;
            }
            E::CustomerDetailsUpdated(details) => self.details = Some(details),
            E::CustomerDeactivated => self.active = false,
            E::CustomerReactivated => self.active = true,
            E::CreditAdded {
                amount,
                reference,
                balance_after,
                ..
            } => {
                self.balance = balance_after;
                self.remember(Entry::CreditAdded, &reference, amount);
            }
            E::CreditUsed {
                amount,
                reference,
                balance_after,
                ..
            } => {
                self.balance = balance_after;
                self.remember(Entry::CreditUsed, &reference, amount);
            }
            E::DebtRecorded {
                amount,
                reference,
                debt_after,
                ..
            } => {
                self.debt = debt_after;
                self.remember(Entry::DebtRecorded, &reference, amount);
            }
            E::DebtSettled {
                amount,
                reference,
                debt_after,
                ..
            } => {
                self.debt = debt_after;
                self.remember(Entry::DebtSettled, &reference, amount);
            }
        }
    }
}

#[cfg(test)]
#[path = "customer_tests.rs"]
mod tests;
