//! Payment: refunds asked of a gateway — requested once, one caller at a time, the outcome
//! recorded once, open requests reserving their amount.

use super::*;

fn ask(refund_ref: &str, amount: Decimal, attempt_id: &str, at_minute: i64) -> PaymentCommand {
    PaymentCommand::RequestRefund(RefundAsk {
        refund: RefundInput {
            refund_ref: refund_ref.into(),
            amount,
            reason: "customer moved away".into(),
            refunded_at: at(5) + chrono::Duration::minutes(at_minute),
            admin_id: Some("adm-1".into()),
            gateway_refund_id: None,
        },
        plugin: "xendit".into(),
        attempt_id: attempt_id.into(),
    })
}

fn requested(
    refund_ref: &str,
    amount: Decimal,
    attempt: u32,
    id: &str,
    minute: i64,
) -> PaymentEvent {
    PaymentEvent::PaymentRefundRequested(RefundAttempt {
        refund_ref: refund_ref.into(),
        amount,
        reason: "customer moved away".into(),
        admin_id: Some("adm-1".into()),
        plugin: "xendit".into(),
        attempt,
        attempt_id: id.into(),
        requested_at: at(5) + chrono::Duration::minutes(minute),
    })
}

fn answer(refund_ref: &str, reason: &str) -> RefundAnswer {
    RefundAnswer {
        refund_ref: refund_ref.into(),
        reason: reason.into(),
        gateway_status: Some("INELIGIBLE_TRANSACTION".into()),
        at: at(6),
    }
}

fn with(mut events: Vec<PaymentEvent>, more: Vec<PaymentEvent>) -> Vec<PaymentEvent> {
    events.extend(more);
    events
}

#[test]
fn a_refund_is_requested_once_and_a_repeat_in_flight_is_a_no_op() {
    Given::with(())
        .given(paid())
        .when(ask("r1", dec!(50000), "a", 0))
        .then_expect_events(vec![requested("r1", dec!(50000), 1, "a", 0)]);
    let open = with(paid(), vec![requested("r1", dec!(50000), 1, "a", 0)]);
    Given::with(())
        .given(open.clone())
        .when(ask("r1", dec!(50000), "b", 0))
        .then_expect_events(vec![]);
    Given::with(())
        .given(open)
        .when(ask("r1", dec!(60000), "b", 0))
        .then_expect_error(PaymentError::RefundRefReused("r1".into()));
}

#[test]
fn an_unresolved_or_stale_attempt_is_taken_over_by_the_next_caller() {
    let open = with(paid(), vec![requested("r1", dec!(50000), 1, "a", 0)]);
    let unresolved = PaymentEvent::PaymentRefundUnresolved(UnresolvedRefund {
        refund_ref: "r1".into(),
        note: "processing at the gateway".into(),
        gateway_status: None,
        at: at(5),
    });
    Given::with(())
        .given(with(open.clone(), vec![unresolved]))
        .when(ask("r1", dec!(50000), "b", 1))
        .then_expect_events(vec![requested("r1", dec!(50000), 2, "b", 1)]);
    // The caller stopped mid-call: after the stale time another caller may ask again.
    Given::with(())
        .given(open)
        .when(ask("r1", dec!(50000), "c", 2))
        .then_expect_events(vec![requested("r1", dec!(50000), 2, "c", 2)]);
}

#[test]
fn a_refusal_is_final_for_its_ref_and_touches_no_money() {
    let open = with(paid(), vec![requested("r1", dec!(50000), 1, "a", 0)]);
    let refused = PaymentEvent::PaymentRefundRefused(RefusedRefund {
        refund_ref: "r1".into(),
        amount: dec!(50000),
        reason: "not refundable".into(),
        gateway_status: Some("INELIGIBLE_TRANSACTION".into()),
        refused_at: at(6),
    });
    Given::with(())
        .given(open.clone())
        .when(PaymentCommand::RefuseRefund(answer(
            "r1",
            " not refundable ",
        )))
        .then_expect_events(vec![refused.clone()]);
    let after = state(with(open, vec![refused.clone()]));
    assert_eq!(after.refunded_total, Decimal::ZERO);
    assert!(after.open_refunds.is_empty());
    assert_eq!(after.refundable(), dec!(154000));
    let done = with(
        with(paid(), vec![requested("r1", dec!(50000), 1, "a", 0)]),
        vec![refused],
    );
    // Asking again is a no-op (the caller answers the stored refusal); recording money
    // under the spent ref is refused.
    Given::with(())
        .given(done.clone())
        .when(ask("r1", dec!(50000), "b", 1))
        .then_expect_events(vec![]);
    Given::with(())
        .given(done)
        .when(refund("r1", dec!(50000)))
        .then_expect_error(PaymentError::RefundRefReused("r1".into()));
}

#[test]
fn an_open_request_reserves_its_amount_until_it_is_refunded() {
    let open = with(paid(), vec![requested("r1", dec!(100000), 1, "a", 0)]);
    Given::with(())
        .given(open.clone())
        .when(ask("r2", dec!(60000), "b", 0))
        .then_expect_error(PaymentError::RefundExceedsPaid {
            refundable: dec!(54000),
        });
    let mut done = match refund("r1", dec!(100000)) {
        PaymentCommand::Refund(input) => input,
        _ => unreachable!(),
    };
    done.gateway_refund_id = Some("rfd-1".into());
    let mut events = Payment::default();
    for e in open.clone() {
        events.apply(e);
    }
    let written = events.decide(PaymentCommand::Refund(done)).unwrap();
    let PaymentEvent::PaymentRefunded(record) = &written[0] else {
        panic!("{written:?}");
    };
    assert_eq!(record.gateway_refund_id.as_deref(), Some("rfd-1"));
    assert_eq!(record.reversal, dec!(100000));
    let after = state(with(open, written));
    assert!(after.open_refunds.is_empty());
    assert_eq!(after.refundable(), dec!(54000));
}

#[test]
fn only_a_paid_payment_can_be_asked_to_refund() {
    Given::with(())
        .given(created())
        .when(ask("r1", dec!(1000), "a", 0))
        .then_expect_error(PaymentError::NotPaid);
    Given::with(())
        .given(created())
        .when(PaymentCommand::RefuseRefund(answer("r1", "no")))
        .then_expect_error(PaymentError::Invalid("refund r1 was not requested".into()));
}
