use chrono::TimeZone;
use cqrs_es::test::TestFramework;

use super::*;

type Given = TestFramework<WhatsAppMessage>;

fn at(min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 8, min, 0)
        .single()
        .unwrap_or_default()
}

fn queued() -> QueuedMessage {
    QueuedMessage {
        to: Phone::parse("081234567890").unwrap_or_else(|_| unreachable!()),
        customer_id: Some("c1".into()),
        category: TemplateCategory::Invoice,
        language: Language::Id,
        text: "Tagihan Rp 150.000".into(),
        trigger: "InvoiceIssued".into(),
        idempotency_key: "invoice:i1".into(),
        queued_at: at(0),
    }
}

fn sent() -> MessageEvent {
    MessageEvent::MessageSent {
        sender_id: "s1".into(),
        provider: Provider::Waha,
        provider_message_id: "true_628@c.us_ABC".into(),
        at: at(1),
    }
}

fn report(report: DeliveryReport, min: u32) -> MessageCommand {
    MessageCommand::RecordReport {
        report,
        at: at(min),
    }
}

#[test]
fn queueing_records_the_rendered_message_once() {
    Given::with(())
        .given_no_previous_events()
        .when(MessageCommand::QueueMessage(queued()))
        .then_expect_events(vec![MessageEvent::MessageQueued(queued())]);
    Given::with(())
        .given(vec![MessageEvent::MessageQueued(queued())])
        .when(MessageCommand::QueueMessage(queued()))
        .then_expect_events(vec![]);
}

#[test]
fn message_ids_are_stable_per_idempotency_key() {
    assert_eq!(message_id("invoice:i1"), message_id("invoice:i1"));
    assert_ne!(message_id("invoice:i1"), message_id("invoice:i2"));
}

#[test]
fn a_message_with_a_provider_id_is_never_recorded_as_sent_again() {
    Given::with(())
        .given(vec![MessageEvent::MessageQueued(queued()), sent()])
        .when(MessageCommand::RecordSent {
            sender_id: "s2".into(),
            provider: Provider::Fonnte,
            provider_message_id: "other".into(),
            at: at(2),
        })
        .then_expect_events(vec![]);
    let mut m = WhatsAppMessage::default();
    m.apply(MessageEvent::MessageQueued(queued()));
    assert!(m.is_sendable());
    m.apply(sent());
    assert!(!m.is_sendable());
}

#[test]
fn an_attempt_is_only_recorded_for_a_queued_message() {
    Given::with(())
        .given(vec![MessageEvent::MessageQueued(queued()), sent()])
        .when(MessageCommand::RecordSendAttempt {
            attempt: 2,
            sender_id: "s1".into(),
            client_ref: "m:0:2".into(),
            at: at(2),
        })
        .then_expect_error(MessageError::Rejected("message is sent, not queued".into()));
}

#[test]
fn read_follows_delivered_follows_sent_and_never_goes_back() {
    let delivered = MessageEvent::MessageDelivered { at: at(2) };
    let read = MessageEvent::MessageRead { at: at(3) };
    let base = vec![MessageEvent::MessageQueued(queued()), sent()];
    Given::with(())
        .given(base.clone())
        .when(report(DeliveryReport::Delivered, 2))
        .then_expect_events(vec![delivered.clone()]);
    let mut after_read = base.clone();
    after_read.push(read.clone());
    Given::with(())
        .given(after_read.clone())
        .when(report(DeliveryReport::Delivered, 4))
        .then_expect_events(vec![]);
    // A late "sent" ack after read is ignored.
    Given::with(())
        .given(after_read.clone())
        .when(report(DeliveryReport::Sent, 5))
        .then_expect_events(vec![]);
    Given::with(())
        .given(after_read)
        .when(report(DeliveryReport::Failed("x".into()), 5))
        .then_expect_events(vec![]);
    // Read may arrive before delivered (out of order); delivered then changes nothing.
    let mut with_read = base;
    with_read.push(read);
    Given::with(())
        .given(with_read)
        .when(report(DeliveryReport::Read, 6))
        .then_expect_events(vec![]);
}

#[test]
fn reports_for_a_message_not_yet_sent_are_ignored() {
    Given::with(())
        .given(vec![MessageEvent::MessageQueued(queued())])
        .when(report(DeliveryReport::Delivered, 2))
        .then_expect_events(vec![]);
}

#[test]
fn a_provider_failure_after_sending_fails_the_message() {
    Given::with(())
        .given(vec![MessageEvent::MessageQueued(queued()), sent()])
        .when(report(
            DeliveryReport::Failed("131047 re-engagement".into()),
            2,
        ))
        .then_expect_events(vec![MessageEvent::MessageFailed {
            error: "131047 re-engagement".into(),
            attempts: 0,
            at: at(2),
        }]);
}

#[test]
fn an_admin_retries_a_failed_message_and_it_is_queued_again() {
    let failed = MessageEvent::MessageFailed {
        error: "timeout".into(),
        attempts: 3,
        at: at(2),
    };
    Given::with(())
        .given(vec![MessageEvent::MessageQueued(queued()), failed.clone()])
        .when(MessageCommand::Retry { at: at(3) })
        .then_expect_events(vec![MessageEvent::MessageRetried {
            retry: 1,
            at: at(3),
        }]);
    let mut m = WhatsAppMessage::default();
    m.apply(MessageEvent::MessageQueued(queued()));
    m.apply(failed);
    m.apply(MessageEvent::MessageRetried {
        retry: 1,
        at: at(3),
    });
    assert!(m.is_sendable());
    Given::with(())
        .given(vec![MessageEvent::MessageQueued(queued()), sent()])
        .when(MessageCommand::Retry { at: at(3) })
        .then_expect_error(MessageError::Rejected(
            "only failed or cancelled messages can be retried".into(),
        ));
}

#[test]
fn only_queued_messages_can_be_cancelled() {
    Given::with(())
        .given(vec![MessageEvent::MessageQueued(queued())])
        .when(MessageCommand::Cancel {
            reason: "opted out".into(),
            at: at(1),
        })
        .then_expect_events(vec![MessageEvent::MessageCancelled {
            reason: "opted out".into(),
            at: at(1),
        }]);
    Given::with(())
        .given(vec![MessageEvent::MessageQueued(queued()), sent()])
        .when(MessageCommand::Cancel {
            reason: "x".into(),
            at: at(2),
        })
        .then_expect_error(MessageError::Rejected(
            "only queued messages can be cancelled".into(),
        ));
}

#[test]
fn commands_on_a_missing_message_are_not_found_and_empty_texts_invalid() {
    Given::with(())
        .given_no_previous_events()
        .when(MessageCommand::Retry { at: at(1) })
        .then_expect_error(MessageError::NotFound);
    let mut m = queued();
    m.text = " ".into();
    Given::with(())
        .given_no_previous_events()
        .when(MessageCommand::QueueMessage(m))
        .then_expect_error(MessageError::Invalid("message text is empty".into()));
}
