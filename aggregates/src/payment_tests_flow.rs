//! Payment: the transition table, confirmations in every state, failure and expiry.

use super::*;
use crate::payment_transitions::{Effect, Signal, transition};

#[test]
fn the_transition_table_covers_every_status_and_signal() {
    use Effect as E;
    use PaymentStatus as S;
    use ReviewReason as R;
    let signals = [
        Signal::Confirm {
            exact: true,
            by_admin: false,
        },
        Signal::Confirm {
            exact: false,
            by_admin: false,
        },
        Signal::Confirm {
            exact: true,
            by_admin: true,
        },
        Signal::Confirm {
            exact: false,
            by_admin: true,
        },
        Signal::Fail,
        Signal::Expire,
        Signal::Refund,
        Signal::Approve,
        Signal::Reject,
    ];
    let not_paid = E::Refuse(PaymentError::NotPaid);
    let none = E::Refuse(PaymentError::NothingToReview);
    let mismatch = E::Review(R::AmountMismatch);
    let after_failure = E::Review(R::PaidAfterFailure);
    let table: [(S, [E; 9]); 6] = [
        (
            S::Pending,
            [
                E::Complete,
                mismatch.clone(),
                E::Complete,
                mismatch.clone(),
                E::Fail,
                E::Expire,
                not_paid.clone(),
                none.clone(),
                none.clone(),
            ],
        ),
        (
            S::Expired,
            [
                E::Complete,
                mismatch.clone(),
                E::Complete,
                mismatch,
                E::Ignore,
                E::Ignore,
                not_paid.clone(),
                none.clone(),
                none.clone(),
            ],
        ),
        (
            S::Failed,
            [
                after_failure.clone(),
                after_failure.clone(),
                after_failure.clone(),
                after_failure,
                E::Ignore,
                E::Ignore,
                not_paid.clone(),
                none.clone(),
                none,
            ],
        ),
        (
            S::Review,
            [
                E::Evidence,
                E::Evidence,
                E::Complete,
                E::Evidence,
                E::Ignore,
                E::Ignore,
                not_paid,
                E::Decide,
                E::Decide,
            ],
        ),
        (
            S::Paid,
            [
                E::FlagIfNew,
                E::FlagIfNew,
                E::FlagIfNew,
                E::FlagIfNew,
                E::Ignore,
                E::Ignore,
                E::Refund,
                E::ClearFlag,
                E::ClearFlag,
            ],
        ),
        (
            S::Refunded,
            [
                E::FlagIfNew,
                E::FlagIfNew,
                E::FlagIfNew,
                E::FlagIfNew,
                E::Ignore,
                E::Ignore,
                E::Refuse(PaymentError::FullyRefunded),
                E::ClearFlag,
                E::ClearFlag,
            ],
        ),
    ];
    for (status, effects) in table {
        for (signal, effect) in signals.iter().zip(effects) {
            assert_eq!(
                transition(status, *signal),
                effect,
                "{status:?} × {signal:?}"
            );
        }
    }
}

#[test]
fn the_exact_total_completes_a_pending_payment_and_credits_the_amount_without_the_fee() {
    Given::with(())
        .given(created())
        .when(callback_says_paid(dec!(154000), "DK-1"))
        .then_expect_events(vec![completion(dec!(154000), "DK-1", false)]);
    let s = state(paid());
    assert_eq!(s.status, PaymentStatus::Paid);
    assert_eq!(s.completion.unwrap().applied, dec!(150000));
    assert!(!s.review_flag);
}

#[test]
fn money_after_expiry_is_accepted_late_and_flagged_for_review() {
    Given::with(())
        .given(expired())
        .when(callback_says_paid(dec!(154000), "DK-1"))
        .then_expect_events(vec![completion(dec!(154000), "DK-1", true)]);
    let mut e = expired();
    e.push(completion(dec!(154000), "DK-1", true));
    let s = state(e);
    assert_eq!((s.status, s.review_flag), (PaymentStatus::Paid, true));
}

#[test]
fn an_amount_that_differs_from_the_total_goes_to_review_and_never_to_paid() {
    for given in [created(), expired()] {
        Given::with(())
            .given(given)
            .when(callback_says_paid(dec!(150000), "DK-1"))
            .then_expect_events(vec![PaymentEvent::PaymentSentToReview(review_case(
                ReviewReason::AmountMismatch,
                dec!(150000),
                "DK-1",
            ))]);
    }
    let s = state(in_review());
    assert_eq!((s.status, s.review_flag), (PaymentStatus::Review, true));
    assert!(s.completion.is_none());
}

#[test]
fn in_review_a_repeated_claim_is_a_no_op_and_a_new_one_is_kept_as_evidence() {
    Given::with(())
        .given(in_review())
        .when(callback_says_paid(dec!(150000), "DK-1"))
        .then_expect_events(vec![]);
    Given::with(())
        .given(in_review())
        .when(callback_says_paid(dec!(154000), "DK-1"))
        .then_expect_events(vec![PaymentEvent::PaymentSentToReview(review_case(
            ReviewReason::AmountMismatch,
            dec!(154000),
            "DK-1",
        ))]);
}

#[test]
fn only_an_admin_confirming_the_exact_total_takes_a_payment_out_of_review() {
    let confirmed = claim(admin(), dec!(154000), "");
    Given::with(())
        .given(in_review())
        .when(PaymentCommand::ConfirmPaid(confirmed))
        .then_expect_events(vec![PaymentEvent::PaymentCompleted(Completion {
            source: admin(),
            amount: dec!(154000),
            applied: dec!(150000),
            paid_at: at(3),
            reference: None,
            late: false,
        })]);
}

#[test]
fn money_for_a_failed_payment_goes_to_review() {
    Given::with(())
        .given(failed())
        .when(callback_says_paid(dec!(154000), "DK-1"))
        .then_expect_events(vec![PaymentEvent::PaymentSentToReview(review_case(
            ReviewReason::PaidAfterFailure,
            dec!(154000),
            "DK-1",
        ))]);
}

#[test]
fn a_repeated_confirmation_of_a_paid_payment_changes_nothing() {
    for repeat in [
        callback_says_paid(dec!(154000), "DK-1"),
        PaymentCommand::ConfirmPaid(claim(ConfirmationSource::StatusCheck, dec!(154000), "DK-1")),
        PaymentCommand::ConfirmPaid(claim(admin(), dec!(154000), "")),
    ] {
        Given::with(())
            .given(paid())
            .when(repeat)
            .then_expect_events(vec![]);
    }
}

#[test]
fn paid_twice_with_another_reference_flags_the_second_and_keeps_the_payment_paid() {
    let flagged = PaymentEvent::PaymentReviewFlagged(review_case(
        ReviewReason::SecondConfirmation,
        dec!(154000),
        "DK-2",
    ));
    Given::with(())
        .given(paid())
        .when(callback_says_paid(dec!(154000), "DK-2"))
        .then_expect_events(vec![flagged.clone()]);
    let mut e = paid();
    e.push(flagged);
    Given::with(())
        .given(e.clone())
        .when(callback_says_paid(dec!(154000), "DK-2"))
        .then_expect_events(vec![]);
    let s = state(e);
    assert_eq!((s.status, s.review_flag), (PaymentStatus::Paid, true));
}

#[test]
fn failure_and_expiry_after_the_money_arrived_change_nothing() {
    let fail = || PaymentCommand::MarkFailed {
        reason: "late failure callback".into(),
        at: at(4),
    };
    let expire = || PaymentCommand::MarkExpired { at: at(4) };
    for given in [paid(), in_review(), failed(), expired()] {
        Given::with(())
            .given(given.clone())
            .when(fail())
            .then_expect_events(vec![]);
        Given::with(())
            .given(given)
            .when(expire())
            .then_expect_events(vec![]);
    }
}

#[test]
fn a_pending_payment_fails_or_expires() {
    Given::with(())
        .given(created())
        .when(PaymentCommand::MarkFailed {
            reason: "gateway says failed".into(),
            at: at(2),
        })
        .then_expect_events(vec![failed()[1].clone()]);
    Given::with(())
        .given(created())
        .when(PaymentCommand::MarkExpired { at: at(2) })
        .then_expect_events(vec![expired()[1].clone()]);
}
