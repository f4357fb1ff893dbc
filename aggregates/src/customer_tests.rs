use cqrs_es::test::TestFramework;
use rust_decimal_macros::dec;

use super::*;
use crate::phone::Phone;

type Given = TestFramework<Customer>;

fn input() -> CustomerDetailsInput {
    CustomerDetailsInput {
        name: "Siti Aminah".into(),
        phone: "0812 3456 7890".into(),
        email: None,
        address: "Dusun Krajan RT 01".into(),
        location_id: "loc-1".into(),
        notes: String::new(),
    }
}

fn details() -> CustomerDetails {
    CustomerDetails {
        name: "Siti Aminah".into(),
        phone: Phone::parse("6281234567890").unwrap(),
        email: None,
        address: "Dusun Krajan RT 01".into(),
        location_id: "loc-1".into(),
        notes: String::new(),
    }
}

fn created() -> Vec<CustomerEvent> {
    vec![CustomerEvent::CustomerCreated(details())]
}

fn entry(amount: Decimal, reference: &str) -> LedgerInput {
    LedgerInput {
        amount,
        reason: "overpayment".into(),
        reference: reference.into(),
    }
}

fn credited(amount: Decimal) -> Vec<CustomerEvent> {
    let mut e = created();
    e.push(CustomerEvent::CreditAdded {
        amount,
        reason: "overpayment".into(),
        reference: "pay-1".into(),
        balance_after: amount,
    });
    e
}

/// A fixed instant: the aggregate only carries it into the event.
fn owed_since() -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc.with_ymd_and_hms(2026, 3, 1, 3, 0, 0).unwrap()
}

fn indebted(amount: Decimal) -> Vec<CustomerEvent> {
    let mut e = created();
    e.push(CustomerEvent::DebtRecorded {
        amount,
        invoice_id: Some("inv-1".into()),
        reason: "cash shortfall".into(),
        reference: "pay-1".into(),
        debt_after: amount,
        owed_since: None,
    });
    e
}

#[test]
fn creating_a_customer_normalises_the_phone() {
    Given::with(())
        .given_no_previous_events()
        .when(CustomerCommand::CreateCustomer(input()))
        .then_expect_events(created());
}

#[test]
fn creating_twice_is_a_conflict_and_other_commands_need_a_customer() {
    Given::with(())
        .given(created())
        .when(CustomerCommand::CreateCustomer(input()))
        .then_expect_error(CustomerError::AlreadyExists);
    Given::with(())
        .given_no_previous_events()
        .when(CustomerCommand::AddCredit(entry(dec!(1000), "x")))
        .then_expect_error(CustomerError::NotFound);
}

#[test]
fn an_invalid_phone_is_refused_with_its_reason() {
    let mut bad = input();
    bad.phone = "+1 555 0100".into();
    Given::with(())
        .given_no_previous_events()
        .when(CustomerCommand::CreateCustomer(bad))
        .then_expect_error_message(
            "phone number must start with 08, 62 or +62 (only Indonesian numbers are supported)",
        );
}

#[test]
fn updating_details_records_only_real_changes() {
    let mut changed = input();
    changed.address = "Dusun Krajan RT 02".into();
    let mut expected = details();
    expected.address = "Dusun Krajan RT 02".into();
    Given::with(())
        .given(created())
        .when(CustomerCommand::UpdateCustomerDetails(changed))
        .then_expect_events(vec![CustomerEvent::CustomerDetailsUpdated(expected)]);
    Given::with(())
        .given(created())
        .when(CustomerCommand::UpdateCustomerDetails(input()))
        .then_expect_events(vec![]);
}

#[test]
fn a_deactivated_customer_keeps_its_details_but_can_be_reactivated() {
    let mut deactivated = created();
    deactivated.push(CustomerEvent::CustomerDeactivated);
    Given::with(())
        .given(created())
        .when(CustomerCommand::DeactivateCustomer)
        .then_expect_events(vec![CustomerEvent::CustomerDeactivated]);
    Given::with(())
        .given(deactivated.clone())
        .when(CustomerCommand::DeactivateCustomer)
        .then_expect_events(vec![]);
    Given::with(())
        .given(deactivated.clone())
        .when(CustomerCommand::UpdateCustomerDetails(input()))
        .then_expect_error(CustomerError::Deactivated);
    Given::with(())
        .given(deactivated)
        .when(CustomerCommand::ReactivateCustomer)
        .then_expect_events(vec![CustomerEvent::CustomerReactivated]);
}

#[test]
fn credit_added_raises_the_balance_exactly() {
    let mut given = credited(dec!(2500.50));
    given.push(CustomerEvent::CustomerDeactivated);
    Given::with(())
        .given(given)
        .when(CustomerCommand::AddCredit(entry(dec!(0.25), "pay-2")))
        .then_expect_events(vec![CustomerEvent::CreditAdded {
            amount: dec!(0.25),
            reason: "overpayment".into(),
            reference: "pay-2".into(),
            balance_after: dec!(2500.75),
        }]);
}

#[test]
fn the_same_reference_credits_once() {
    Given::with(())
        .given(credited(dec!(5000)))
        .when(CustomerCommand::AddCredit(entry(dec!(5000), "pay-1")))
        .then_expect_events(vec![]);
    Given::with(())
        .given(credited(dec!(5000)))
        .when(CustomerCommand::AddCredit(entry(dec!(7000), "pay-1")))
        .then_expect_error(CustomerError::ReferenceReused("pay-1".into()));
}

#[test]
fn credit_cannot_be_used_beyond_the_balance() {
    Given::with(())
        .given(credited(dec!(5000)))
        .when(CustomerCommand::UseCredit(entry(dec!(5000.01), "inv-9")))
        .then_expect_error(CustomerError::InsufficientCredit {
            balance: dec!(5000),
        });
    Given::with(())
        .given(credited(dec!(5000)))
        .when(CustomerCommand::UseCredit(entry(dec!(5000), "inv-9")))
        .then_expect_events(vec![CustomerEvent::CreditUsed {
            amount: dec!(5000),
            reason: "overpayment".into(),
            reference: "inv-9".into(),
            balance_after: dec!(0),
        }]);
}

#[test]
fn debt_is_recorded_against_an_invoice_and_settled_up_to_what_is_owed() {
    Given::with(())
        .given(created())
        .when(CustomerCommand::RecordDebt {
            entry: LedgerInput {
                amount: dec!(50000),
                reason: "cash shortfall".into(),
                reference: "pay-1".into(),
            },
            invoice_id: Some("inv-1".into()),
            owed_since: owed_since(),
        })
        .then_expect_events(vec![CustomerEvent::DebtRecorded {
            amount: dec!(50000),
            invoice_id: Some("inv-1".into()),
            reason: "cash shortfall".into(),
            reference: "pay-1".into(),
            debt_after: dec!(50000),
            owed_since: Some(owed_since()),
        }]);
    Given::with(())
        .given(indebted(dec!(50000)))
        .when(CustomerCommand::SettleDebt(entry(dec!(50000.01), "pay-2")))
        .then_expect_error(CustomerError::SettlementExceedsDebt { debt: dec!(50000) });
    Given::with(())
        .given(indebted(dec!(50000)))
        .when(CustomerCommand::SettleDebt(entry(dec!(20000), "pay-2")))
        .then_expect_events(vec![CustomerEvent::DebtSettled {
            amount: dec!(20000),
            reason: "overpayment".into(),
            reference: "pay-2".into(),
            debt_after: dec!(30000),
        }]);
}

#[test]
fn a_reference_is_scoped_to_its_kind_of_entry() {
    // pay-1 recorded a debt; the same payment ref may still add credit (a different entry).
    Given::with(())
        .given(indebted(dec!(100)))
        .when(CustomerCommand::AddCredit(entry(dec!(100), "pay-1")))
        .then_expect_events(vec![CustomerEvent::CreditAdded {
            amount: dec!(100),
            reason: "overpayment".into(),
            reference: "pay-1".into(),
            balance_after: dec!(100),
        }]);
}

#[test]
fn invalid_amounts_reasons_and_references_are_refused() {
    let cases = [
        (entry(dec!(-1), "r"), "amount must not be negative"),
        (entry(dec!(0), "r"), "amount must be positive"),
        (
            entry(dec!(1.001), "r"),
            "amount has more than 2 decimal places",
        ),
        (entry(dec!(1000000000001), "r"), "amount is too large"),
        (entry(dec!(1), " "), "reference must be 1-200 characters"),
        (
            LedgerInput {
                reason: " ".into(),
                ..entry(dec!(1), "r")
            },
            "reason must be 1-200 characters",
        ),
    ];
    for (bad, message) in cases {
        Given::with(())
            .given(created())
            .when(CustomerCommand::AddCredit(bad))
            .then_expect_error(CustomerError::Invalid(message.into()));
    }
}

#[test]
fn state_exposes_balance_debt_and_applied_references() {
    let mut customer = Customer::default();
    for e in credited(dec!(7500)) {
        customer.apply(e);
    }
    customer.apply(CustomerEvent::DebtRecorded {
        amount: dec!(1000),
        invoice_id: None,
        reason: "r".into(),
        reference: "pay-1".into(),
        debt_after: dec!(1000),
        owed_since: None,
    });
    assert_eq!((customer.balance, customer.debt), (dec!(7500), dec!(1000)));
    assert_eq!(
        customer.entries.keys().collect::<Vec<_>>(),
        ["credit_added:pay-1", "debt_recorded:pay-1"]
    );
}
