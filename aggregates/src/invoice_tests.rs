use chrono::TimeZone;
use cqrs_es::test::TestFramework;
use rust_decimal_macros::dec;

use super::*;

type Given = TestFramework<Invoice>;

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, d, 3, 0, 0).single().unwrap()
}

fn issue() -> InvoiceIssue {
    InvoiceIssue {
        number: "INV/2026/000123".into(),
        customer_id: "cust-1".into(),
        subscription_id: "sub-1".into(),
        period_start: day(1),
        period_end: day(31),
        amount: dec!(150000),
        due_date: day(1),
        issued_at: day(1),
        costing: None,
    }
}

fn issued() -> Vec<InvoiceEvent> {
    vec![InvoiceEvent::InvoiceIssued(issue())]
}

fn pay(payment_ref: &str, amount: Decimal) -> InvoiceCommand {
    InvoiceCommand::ApplyPayment(PaymentApplication {
        payment_ref: payment_ref.into(),
        amount,
        paid_at: day(2),
        shortfall_as_debt: false,
    })
}

fn partially_paid() -> Vec<InvoiceEvent> {
    let mut e = issued();
    e.push(InvoiceEvent::InvoicePartiallyPaid {
        payment_ref: "pay-1".into(),
        amount: dec!(100000),
        paid_at: day(2),
        paid_total: dec!(100000),
        outstanding: dec!(50000),
    });
    e
}

fn paid_event(payment_ref: &str, amount: Decimal, paid_total: Decimal) -> InvoiceEvent {
    InvoiceEvent::InvoicePaid {
        payment_ref: payment_ref.into(),
        amount,
        paid_at: day(2),
        paid_total,
        overpaid: dec!(0),
        shortfall_to_debt: dec!(0),
    }
}

fn paid() -> Vec<InvoiceEvent> {
    let mut e = issued();
    e.push(paid_event("pay-1", dec!(150000), dec!(150000)));
    e
}

fn state(events: Vec<InvoiceEvent>) -> Invoice {
    let mut invoice = Invoice::default();
    for e in events {
        invoice.apply(e);
    }
    invoice
}

#[test]
fn issuing_records_the_period_and_amount() {
    Given::with(())
        .given_no_previous_events()
        .when(InvoiceCommand::IssueInvoice(issue()))
        .then_expect_events(issued());
}

#[test]
fn issuing_the_same_period_again_is_a_no_op_and_a_different_one_a_conflict() {
    Given::with(())
        .given(issued())
        .when(InvoiceCommand::IssueInvoice(issue()))
        .then_expect_events(vec![]);
    let renumbered = InvoiceIssue {
        number: "INV/2026/000124".into(),
        ..issue()
    };
    Given::with(())
        .given(issued())
        .when(InvoiceCommand::IssueInvoice(renumbered))
        .then_expect_error(InvoiceError::AlreadyExists);
}

#[test]
fn an_invoice_needs_a_sane_number_period_and_amount() {
    let cases = [
        (
            InvoiceIssue {
                number: "INV 2026".into(),
                ..issue()
            },
            "invoice number must be 1-32 letters, digits, '/', '-', '_' or '.'",
        ),
        (
            InvoiceIssue {
                period_end: day(1),
                ..issue()
            },
            "period must end after it starts",
        ),
        (
            InvoiceIssue {
                amount: dec!(0),
                ..issue()
            },
            "amount must be positive",
        ),
        (
            InvoiceIssue {
                amount: dec!(0.001),
                ..issue()
            },
            "amount has more than 2 decimal places",
        ),
    ];
    for (bad, message) in cases {
        Given::with(())
            .given_no_previous_events()
            .when(InvoiceCommand::IssueInvoice(bad))
            .then_expect_error(InvoiceError::Invalid(message.into()));
    }
}

#[test]
fn a_short_payment_leaves_the_invoice_open() {
    Given::with(())
        .given(issued())
        .when(pay("pay-1", dec!(100000)))
        .then_expect_events(partially_paid()[1..].to_vec());
}

#[test]
fn payments_that_add_up_to_the_amount_pay_the_invoice() {
    Given::with(())
        .given(partially_paid())
        .when(pay("pay-2", dec!(50000)))
        .then_expect_events(vec![paid_event("pay-2", dec!(50000), dec!(150000))]);
}

#[test]
fn an_overpayment_pays_the_invoice_and_reports_the_excess() {
    Given::with(())
        .given(partially_paid())
        .when(pay("pay-2", dec!(60000.50)))
        .then_expect_events(vec![InvoiceEvent::InvoicePaid {
            payment_ref: "pay-2".into(),
            amount: dec!(60000.50),
            paid_at: day(2),
            paid_total: dec!(150000),
            overpaid: dec!(10000.50),
            shortfall_to_debt: dec!(0),
        }]);
}

#[test]
fn a_repeated_payment_ref_is_applied_once() {
    Given::with(())
        .given(partially_paid())
        .when(pay("pay-1", dec!(100000)))
        .then_expect_events(vec![]);
    Given::with(())
        .given(paid())
        .when(pay("pay-1", dec!(150000)))
        .then_expect_events(vec![]);
    Given::with(())
        .given(partially_paid())
        .when(pay("pay-1", dec!(90000)))
        .then_expect_error(InvoiceError::PaymentRefReused("pay-1".into()));
}

#[test]
fn a_cash_shortfall_accepted_as_debt_settles_the_invoice() {
    Given::with(())
        .given(issued())
        .when(InvoiceCommand::ApplyPayment(PaymentApplication {
            payment_ref: "cash-7".into(),
            amount: dec!(100000),
            paid_at: day(2),
            shortfall_as_debt: true,
        }))
        .then_expect_events(vec![InvoiceEvent::InvoicePaid {
            payment_ref: "cash-7".into(),
            amount: dec!(100000),
            paid_at: day(2),
            paid_total: dec!(100000),
            overpaid: dec!(0),
            shortfall_to_debt: dec!(50000),
        }]);
}

#[test]
fn money_received_for_a_paid_or_void_invoice_is_excess_not_lost() {
    let excess = InvoiceEvent::InvoiceExcessPaymentReceived {
        payment_ref: "pay-9".into(),
        amount: dec!(150000),
        paid_at: day(2),
    };
    Given::with(())
        .given(paid())
        .when(pay("pay-9", dec!(150000)))
        .then_expect_events(vec![excess.clone()]);
    let mut void = issued();
    void.push(InvoiceEvent::InvoiceVoided {
        reason: "plan changed".into(),
        paid_total: dec!(0),
    });
    Given::with(())
        .given(void)
        .when(pay("pay-9", dec!(150000)))
        .then_expect_events(vec![excess]);
}

#[test]
fn payments_need_a_reference_and_a_positive_amount() {
    Given::with(())
        .given(issued())
        .when(pay(" ", dec!(1)))
        .then_expect_error(InvoiceError::Invalid(
            "payment reference must be 1-200 characters".into(),
        ));
    Given::with(())
        .given(issued())
        .when(pay("pay-1", dec!(-5)))
        .then_expect_error(InvoiceError::Invalid("amount must not be negative".into()));
    Given::with(())
        .given_no_previous_events()
        .when(pay("pay-1", dec!(5)))
        .then_expect_error(InvoiceError::NotFound);
}

#[test]
fn voiding_works_only_while_open_and_reports_what_was_paid() {
    Given::with(())
        .given(partially_paid())
        .when(InvoiceCommand::VoidInvoice {
            reason: " wrong plan ".into(),
        })
        .then_expect_events(vec![InvoiceEvent::InvoiceVoided {
            reason: "wrong plan".into(),
            paid_total: dec!(100000),
        }]);
    Given::with(())
        .given(paid())
        .when(InvoiceCommand::VoidInvoice { reason: "x".into() })
        .then_expect_error(InvoiceError::AlreadyPaid);
    Given::with(())
        .given(issued())
        .when(InvoiceCommand::VoidInvoice { reason: "".into() })
        .then_expect_error(InvoiceError::Invalid(
            "reason must be 1-200 characters".into(),
        ));
}

#[test]
fn follow_ups_are_derived_from_state_for_each_payment_ref() {
    let open = state(partially_paid());
    assert_eq!(open.outstanding(), dec!(50000));
    assert_eq!(
        open.follow_ups("pay-1"),
        Some(FollowUps {
            renew_paid_at: None,
            credit: dec!(0),
            debt: dec!(0),
        })
    );
    assert_eq!(open.follow_ups("pay-unknown"), None);

    let mut events = partially_paid();
    events.push(InvoiceEvent::InvoicePaid {
        payment_ref: "pay-2".into(),
        amount: dec!(60000),
        paid_at: day(3),
        paid_total: dec!(150000),
        overpaid: dec!(10000),
        shortfall_to_debt: dec!(0),
    });
    let paid = state(events);
    assert_eq!(paid.outstanding(), dec!(0));
    assert_eq!(
        paid.follow_ups("pay-2"),
        Some(FollowUps {
            renew_paid_at: Some(day(3)),
            credit: dec!(10000),
            debt: dec!(0),
        })
    );
    // An earlier partial payment also sees that the invoice is now paid.
    assert_eq!(
        paid.follow_ups("pay-1").unwrap().renew_paid_at,
        Some(day(3))
    );
}
