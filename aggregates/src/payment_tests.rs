use chrono::TimeZone;
use cqrs_es::test::TestFramework;
use rust_decimal_macros::dec;

use super::*;
use crate::payment_rules::MAX_RAW_CALLBACK;

type Given = TestFramework<Payment>;

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, h, 0, 0).single().unwrap()
}

fn new_payment() -> NewPayment {
    NewPayment {
        purpose: PaymentPurpose::Invoice {
            invoice_id: "inv-1".into(),
            subscription_id: "sub-1".into(),
            customer_id: "cust-1".into(),
        },
        amount: dec!(150000),
        fee: dec!(4000),
        fee_bearer: FeeBearer::Customer,
        method: PaymentMethod {
            plugin: "duitku".into(),
            channel: Some("BC".into()),
        },
        gateway_order_id: "INV-2026-000123-1".into(),
        created_at: at(1),
    }
}

fn terms() -> PaymentTerms {
    new_payment().validated().unwrap()
}

fn created() -> Vec<PaymentEvent> {
    vec![PaymentEvent::PaymentCreated(terms())]
}

fn claim(source: ConfirmationSource, amount: Decimal, reference: &str) -> Confirmation {
    Confirmation {
        source,
        amount,
        paid_at: at(3),
        reference: Some(reference.into()).filter(|r: &String| !r.is_empty()),
    }
}

fn callback_says_paid(amount: Decimal, reference: &str) -> PaymentCommand {
    PaymentCommand::ConfirmPaid(claim(ConfirmationSource::Callback, amount, reference))
}

fn admin() -> ConfirmationSource {
    ConfirmationSource::Manual {
        admin_id: "adm-1".into(),
    }
}

fn completion(amount: Decimal, reference: &str, late: bool) -> PaymentEvent {
    PaymentEvent::PaymentCompleted(Completion {
        source: ConfirmationSource::Callback,
        amount,
        applied: amount - dec!(4000),
        paid_at: at(3),
        reference: Some(reference.into()),
        late,
    })
}

fn paid() -> Vec<PaymentEvent> {
    let mut e = created();
    e.push(completion(dec!(154000), "DK-1", false));
    e
}

fn review_case(reason: ReviewReason, amount: Decimal, reference: &str) -> ReviewCase {
    ReviewCase {
        reason,
        expected: dec!(154000),
        claim: claim(ConfirmationSource::Callback, amount, reference),
    }
}

fn in_review() -> Vec<PaymentEvent> {
    let mut e = created();
    e.push(PaymentEvent::PaymentSentToReview(review_case(
        ReviewReason::AmountMismatch,
        dec!(150000),
        "DK-1",
    )));
    e
}

fn expired() -> Vec<PaymentEvent> {
    let mut e = created();
    e.push(PaymentEvent::PaymentExpired { expired_at: at(2) });
    e
}

fn failed() -> Vec<PaymentEvent> {
    let mut e = created();
    e.push(PaymentEvent::PaymentFailed {
        reason: "gateway says failed".into(),
        failed_at: at(2),
    });
    e
}

fn state(events: Vec<PaymentEvent>) -> Payment {
    let mut payment = Payment::default();
    for e in events {
        payment.apply(e);
    }
    payment
}

fn refund(refund_ref: &str, amount: Decimal) -> PaymentCommand {
    PaymentCommand::Refund(RefundInput {
        refund_ref: refund_ref.into(),
        amount,
        reason: "customer moved away".into(),
        refunded_at: at(5),
        admin_id: Some("adm-1".into()),
        gateway_refund_id: None,
    })
}

fn resolve(approve: bool) -> PaymentCommand {
    PaymentCommand::ResolveReview {
        approve,
        admin_id: "adm-1".into(),
        note: " checked the bank statement ".into(),
        at: at(6),
    }
}

#[test]
fn creating_a_payment_records_its_terms_and_adds_a_customer_borne_fee_to_the_total() {
    assert_eq!(terms().total, dec!(154000));
    Given::with(())
        .given_no_previous_events()
        .when(PaymentCommand::CreatePayment(new_payment()))
        .then_expect_events(created());
}

#[test]
fn a_merchant_borne_fee_leaves_the_total_at_the_amount() {
    let t = NewPayment {
        fee_bearer: FeeBearer::Merchant,
        ..new_payment()
    };
    let t = t.validated().unwrap();
    assert_eq!(t.total, dec!(150000));
    assert_eq!(t.applied_part(dec!(150000)), dec!(150000));
}

#[test]
fn creating_again_is_a_no_op_with_the_same_terms_and_a_conflict_with_others() {
    Given::with(())
        .given(created())
        .when(PaymentCommand::CreatePayment(new_payment()))
        .then_expect_events(vec![]);
    let other = NewPayment {
        amount: dec!(1),
        ..new_payment()
    };
    Given::with(())
        .given(created())
        .when(PaymentCommand::CreatePayment(other))
        .then_expect_error(PaymentError::AlreadyExists);
}

#[test]
fn a_payment_needs_sane_amounts_ids_and_method() {
    let method = |plugin: &str| PaymentMethod {
        plugin: plugin.into(),
        channel: None,
    };
    let cases = [
        (
            NewPayment {
                amount: dec!(0),
                ..new_payment()
            },
            "amount must be positive",
        ),
        (
            NewPayment {
                fee: dec!(-1),
                ..new_payment()
            },
            "fee must not be negative",
        ),
        (
            NewPayment {
                fee: dec!(0.001),
                ..new_payment()
            },
            "fee has more than 2 decimal places",
        ),
        (
            NewPayment {
                fee: dec!(150000),
                fee_bearer: FeeBearer::Merchant,
                ..new_payment()
            },
            "a fee borne by the merchant must be below the amount",
        ),
        (
            NewPayment {
                gateway_order_id: "inv/2026/1".into(),
                ..new_payment()
            },
            "gateway order id must be 1-40 characters of A-Z, 0-9 and '-'",
        ),
        (
            NewPayment {
                method: method("Duitku!"),
                ..new_payment()
            },
            "plugin must be 2-40 characters of a-z, 0-9 and '-'",
        ),
        (
            NewPayment {
                purpose: PaymentPurpose::VoucherSale {
                    batch_id: " ".into(),
                    voucher_ids: vec![],
                    customer_id: None,
                },
                ..new_payment()
            },
            "batch must be 1-200 characters",
        ),
    ];
    for (input, message) in cases {
        assert_eq!(
            input.validated(),
            Err(PaymentError::Invalid(message.into())),
            "{message}"
        );
    }
}

#[test]
fn the_gateway_order_id_is_the_invoice_number_and_the_attempt() {
    assert_eq!(
        gateway_order_id("INV/2026/000123", 2).unwrap(),
        "INV-2026-000123-2"
    );
    assert_eq!(gateway_order_id(" inv//7 ", 1).unwrap(), "INV-7-1");
    assert!(gateway_order_id(&"A".repeat(39), 1).is_err());
}

#[test]
fn commands_on_a_payment_that_was_never_created_are_not_found() {
    Given::with(())
        .given_no_previous_events()
        .when(callback_says_paid(dec!(154000), "DK-1"))
        .then_expect_error(PaymentError::NotFound);
}

#[test]
fn gateway_details_are_recorded_once() {
    let details = GatewayDetails {
        reference: "DK-1".into(),
        pay_url: Some("https://sandbox.duitku.com/pay/1".into()),
        va_number: Some("7007014001234567".into()),
        qr_string: None,
        expires_at: Some(at(4)),
    };
    let mut recorded = created();
    recorded.push(PaymentEvent::PaymentGatewayCreated(details.clone()));
    Given::with(())
        .given(created())
        .when(PaymentCommand::RecordGatewayCreated(details.clone()))
        .then_expect_events(vec![recorded[1].clone()]);
    Given::with(())
        .given(recorded.clone())
        .when(PaymentCommand::RecordGatewayCreated(details.clone()))
        .then_expect_events(vec![]);
    let other = GatewayDetails {
        reference: "DK-2".into(),
        ..details
    };
    Given::with(())
        .given(recorded)
        .when(PaymentCommand::RecordGatewayCreated(other))
        .then_expect_error(PaymentError::GatewayAlreadyRecorded);
}

fn callback(raw_body: &str) -> CallbackInput {
    CallbackInput {
        raw_body: raw_body.into(),
        headers: [("X-Callback-Event".to_string(), "payment_status".to_string())].into(),
        received_at: at(3),
        signature_ok: true,
        result: Some(GatewayResult {
            status: PaymentStatus::Failed,
            amount: Some(dec!(154000)),
            reference: Some("DK-1".into()),
        }),
    }
}

#[test]
fn every_callback_is_kept_even_a_duplicate_after_the_payment_is_paid() {
    let record = callback("{\"status\":\"FAILED\"}").recorded();
    assert_eq!(record.headers["x-callback-event"], "payment_status");
    let mut twice = paid();
    twice.push(PaymentEvent::PaymentCallbackReceived(record.clone()));
    Given::with(())
        .given(twice.clone())
        .when(PaymentCommand::RecordCallback(callback(
            "{\"status\":\"FAILED\"}",
        )))
        .then_expect_events(vec![PaymentEvent::PaymentCallbackReceived(record.clone())]);
    twice.push(PaymentEvent::PaymentCallbackReceived(record));
    let s = state(twice);
    assert_eq!((s.status, s.callbacks), (PaymentStatus::Paid, 2));
}

#[test]
fn a_huge_callback_body_is_cut_at_64_kib_on_a_character_boundary() {
    let body = format!("a{}", "é".repeat(MAX_RAW_CALLBACK));
    let record = callback(&body).recorded();
    assert!(record.raw_truncated);
    assert_eq!(record.raw_size, body.len());
    assert_eq!(record.raw_body.len(), MAX_RAW_CALLBACK - 1);
    assert!(!callback("{}").recorded().raw_truncated);
}

#[test]
fn a_payment_keys_its_gateway_order_id_when_created_and_only_then() {
    let keys = <Payment as crate::Decider>::write_keys(&created()[0]);
    assert_eq!(
        keys,
        vec![WriteKey::PaymentOrder {
            plugin: "duitku".into(),
            order_id: "INV-2026-000123-1".into(),
        }]
    );
    for later in [expired(), failed(), paid()] {
        let last = later.last().expect("events");
        assert!(<Payment as crate::Decider>::write_keys(last).is_empty());
    }
}

#[path = "payment_tests_flow.rs"]
mod flow;

#[path = "payment_tests_more.rs"]
mod more;

#[path = "payment_tests_refunds.rs"]
mod gateway_refunds;

#[test]
fn a_callback_token_header_is_never_recorded_but_the_signature_is() {
    let mut input = callback("{\"status\":\"PAID\"}");
    input.headers.extend([
        ("X-Callback-Token".to_string(), "cb-token".to_string()),
        ("x-callback-signature".to_string(), "a1b2".to_string()),
        ("Authorization".to_string(), "Bearer abc".to_string()),
    ]);
    let record = input.recorded();
    assert!(
        !record.headers.contains_key("x-callback-token"),
        "{:?}",
        record.headers
    );
    assert!(
        !record.headers.contains_key("authorization"),
        "{:?}",
        record.headers
    );
    assert_eq!(record.headers["x-callback-signature"], "a1b2");
    assert!(record.signature_ok, "the verdict is what stays");
    let json = serde_json::to_string(&record).unwrap_or_default();
    assert!(
        !json.contains("cb-token") && !json.contains("Bearer"),
        "{json}"
    );
}
