//! Payment: review decisions, refunds, and completion exactly once under any order.

use super::*;

fn resolved(approved: bool) -> PaymentEvent {
    PaymentEvent::PaymentReviewResolved {
        approved,
        admin_id: "adm-1".into(),
        note: "checked the bank statement".into(),
        resolved_at: at(6),
    }
}

#[test]
fn approving_a_review_completes_the_payment_with_the_amount_received() {
    let approved = PaymentEvent::PaymentCompleted(Completion {
        source: ConfirmationSource::ReviewApproved {
            admin_id: "adm-1".into(),
        },
        amount: dec!(150000),
        applied: dec!(146000),
        paid_at: at(3),
        reference: Some("DK-1".into()),
        late: false,
    });
    Given::with(())
        .given(in_review())
        .when(resolve(true))
        .then_expect_events(vec![resolved(true), approved.clone()]);
    let mut e = in_review();
    e.extend([resolved(true), approved]);
    let s = state(e);
    assert_eq!((s.status, s.review_flag), (PaymentStatus::Paid, false));
}

#[test]
fn rejecting_a_review_fails_the_payment_without_credit() {
    Given::with(())
        .given(in_review())
        .when(resolve(false))
        .then_expect_events(vec![resolved(false)]);
    let mut e = in_review();
    e.push(resolved(false));
    let s = state(e);
    assert_eq!(s.status, PaymentStatus::Failed);
    assert!(s.completion.is_none() && !s.review_flag);
}

#[test]
fn resolving_clears_the_flag_of_a_late_payment_and_is_refused_when_nothing_waits() {
    let mut late = expired();
    late.push(completion(dec!(154000), "DK-1", true));
    Given::with(())
        .given(late.clone())
        .when(resolve(true))
        .then_expect_events(vec![resolved(true)]);
    late.push(resolved(true));
    assert!(!state(late.clone()).review_flag);
    for given in [late, paid(), created(), failed()] {
        Given::with(())
            .given(given)
            .when(resolve(false))
            .then_expect_error(PaymentError::NothingToReview);
    }
}

fn refunded(refund_ref: &str, amount: Decimal, total: Decimal, reversal: Decimal) -> PaymentEvent {
    PaymentEvent::PaymentRefunded(RefundRecord {
        refund_ref: refund_ref.into(),
        amount,
        reason: "customer moved away".into(),
        refunded_at: at(5),
        admin_id: Some("adm-1".into()),
        refunded_total: total,
        reversal,
        full: total == dec!(154000),
        gateway_refund_id: None,
    })
}

#[test]
fn a_partial_refund_keeps_the_payment_paid_and_the_rest_makes_it_refunded() {
    let first = refunded("r1", dec!(100000), dec!(100000), dec!(100000));
    Given::with(())
        .given(paid())
        .when(refund("r1", dec!(100000)))
        .then_expect_events(vec![first.clone()]);
    let mut e = paid();
    e.push(first);
    assert_eq!(state(e.clone()).status, PaymentStatus::Paid);
    // Only 50,000 of the applied 150,000 is left to reverse; the rest is the customer's fee.
    let rest = refunded("r2", dec!(54000), dec!(154000), dec!(50000));
    Given::with(())
        .given(e.clone())
        .when(refund("r2", dec!(54000)))
        .then_expect_events(vec![rest.clone()]);
    e.push(rest);
    let s = state(e);
    assert_eq!(s.status, PaymentStatus::Refunded);
    assert_eq!(
        (s.refunded_total, s.reversed_total),
        (dec!(154000), dec!(150000))
    );
}

#[test]
fn refunds_never_exceed_what_was_paid() {
    let mut e = paid();
    e.push(refunded("r1", dec!(100000), dec!(100000), dec!(100000)));
    Given::with(())
        .given(e)
        .when(refund("r2", dec!(54001)))
        .then_expect_error(PaymentError::RefundExceedsPaid {
            refundable: dec!(54000),
        });
}

#[test]
fn a_retried_refund_is_a_no_op_and_its_reference_cannot_carry_another_amount() {
    let mut e = paid();
    e.push(refunded("r1", dec!(100000), dec!(100000), dec!(100000)));
    Given::with(())
        .given(e.clone())
        .when(refund("r1", dec!(100000)))
        .then_expect_events(vec![]);
    Given::with(())
        .given(e)
        .when(refund("r1", dec!(1000)))
        .then_expect_error(PaymentError::RefundRefReused("r1".into()));
}

#[test]
fn only_a_paid_payment_can_be_refunded() {
    for given in [created(), in_review(), failed(), expired()] {
        Given::with(())
            .given(given)
            .when(refund("r1", dec!(1000)))
            .then_expect_error(PaymentError::NotPaid);
    }
    let mut e = paid();
    e.push(refunded("r1", dec!(154000), dec!(154000), dec!(150000)));
    Given::with(())
        .given(e)
        .when(refund("r2", dec!(1)))
        .then_expect_error(PaymentError::FullyRefunded);
}

#[test]
fn a_refunded_payment_is_never_paid_again_by_a_late_duplicate() {
    let mut e = paid();
    e.push(refunded("r1", dec!(154000), dec!(154000), dec!(150000)));
    Given::with(())
        .given(e)
        .when(callback_says_paid(dec!(154000), "DK-1"))
        .then_expect_events(vec![]);
}

/// Every order of a burst of gateway messages (duplicates, a failure, an expiry, another
/// reference, a wrong amount) completes the payment at most once.
#[test]
fn any_order_of_duplicate_and_out_of_order_messages_completes_at_most_once() {
    let burst = [
        callback_says_paid(dec!(154000), "DK-1"),
        PaymentCommand::ConfirmPaid(claim(ConfirmationSource::StatusCheck, dec!(154000), "DK-1")),
        PaymentCommand::MarkFailed {
            reason: "failed".into(),
            at: at(2),
        },
        PaymentCommand::MarkExpired { at: at(2) },
        callback_says_paid(dec!(154000), "DK-2"),
        callback_says_paid(dec!(1000), "DK-1"),
    ];
    let mut orders: Vec<Vec<usize>> = vec![vec![]];
    for _ in 0..burst.len() {
        let mut longer = vec![];
        for o in &orders {
            for i in (0..burst.len()).filter(|i| !o.contains(i)) {
                longer.push([o.clone(), vec![i]].concat());
            }
        }
        orders = longer;
    }
    assert_eq!(orders.len(), 720);
    for order in orders {
        let mut p = state(created());
        let mut completions = 0;
        for i in &order {
            for e in p.decide(burst[*i].clone()).unwrap() {
                completions += usize::from(matches!(e, PaymentEvent::PaymentCompleted(_)));
                p.apply(e);
            }
        }
        assert!(completions <= 1, "{order:?}");
        if p.status == PaymentStatus::Paid {
            assert_eq!(completions, 1, "{order:?}");
        }
    }
}

#[test]
fn events_survive_a_round_trip_through_json() {
    let mut e = paid();
    e.push(PaymentEvent::PaymentCallbackReceived(
        super::callback("{}").recorded(),
    ));
    e.push(refunded("r1", dec!(1000), dec!(1000), dec!(1000)));
    for event in e {
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(serde_json::from_str::<PaymentEvent>(&json).unwrap(), event);
    }
}
