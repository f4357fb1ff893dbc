//! Voucher sales: recognised once, at activation or on handover, reversed by a refund.

use cqrs_es::test::TestFramework;
use rust_decimal_macros::dec;

use super::tests::{activated, activation_sale, at, generated, issue};
use super::*;

type Given = TestFramework<Voucher>;

fn handover_issue() -> VoucherIssue {
    VoucherIssue {
        sale_on: SaleRecognition::Handover,
        ..issue()
    }
}

fn sell(price: Option<Decimal>) -> VoucherCommand {
    VoucherCommand::SellVoucher {
        reseller: "Warung Bu Sri".into(),
        price,
        operator: Some("admin-2".into()),
        at: at(7),
    }
}

fn reseller_sale(price: Decimal) -> VoucherSale {
    VoucherSale {
        price,
        channel: SaleChannel::Reseller,
        reseller: Some("Warung Bu Sri".into()),
        operator: Some("admin-2".into()),
        sold_at: at(7),
        ..activation_sale(at(7))
    }
}

#[test]
fn a_handover_voucher_is_no_sale_when_it_is_first_used() {
    Given::with(())
        .given(vec![VoucherEvent::VoucherGenerated(handover_issue())])
        .when(VoucherCommand::ActivateVoucher {
            first_login_at: at(8),
            source: ActivationSource::ActivePoll,
        })
        .then_expect_events(vec![VoucherEvent::VoucherActivated {
            first_login_at: at(8),
            valid_until: at(8) + Duration::days(1),
            source: ActivationSource::ActivePoll,
        }]);
}

#[test]
fn selling_to_a_reseller_records_the_agreed_price_and_the_fixed_cost() {
    Given::with(())
        .given(generated())
        .when(sell(Some(dec!(4500))))
        .then_expect_events(vec![VoucherEvent::VoucherSold(reseller_sale(dec!(4500)))]);
    Given::with(())
        .given(generated())
        .when(sell(None))
        .then_expect_events(vec![VoucherEvent::VoucherSold(reseller_sale(dec!(5000)))]);
}

#[test]
fn a_voucher_sold_to_a_reseller_is_not_sold_again_at_its_first_login() {
    let mut sold = generated();
    sold.push(VoucherEvent::VoucherSold(reseller_sale(dec!(4500))));
    Given::with(())
        .given(sold)
        .when(VoucherCommand::ActivateVoucher {
            first_login_at: at(8),
            source: ActivationSource::RouterWebhook,
        })
        .then_expect_events(vec![VoucherEvent::VoucherActivated {
            first_login_at: at(8),
            valid_until: at(8) + Duration::days(1),
            source: ActivationSource::RouterWebhook,
        }]);
}

#[test]
fn a_sold_voucher_is_not_sold_twice_and_a_revoked_one_never() {
    Given::with(())
        .given(activated())
        .when(sell(None))
        .then_expect_events(vec![]);
    let mut revoked = generated();
    revoked.push(VoucherEvent::VoucherRevoked {
        reason: "lost".into(),
    });
    Given::with(())
        .given(revoked)
        .when(sell(None))
        .then_expect_events(vec![]);
}

#[test]
fn a_refund_reverses_the_sale_once() {
    let refund = || VoucherCommand::RefundVoucherSale {
        reason: "batch returned".into(),
        operator: Some("admin-2".into()),
        at: at(12),
    };
    Given::with(())
        .given(activated())
        .when(refund())
        .then_expect_events(vec![VoucherEvent::VoucherSaleRefunded(
            VoucherSaleReversal {
                sale: activation_sale(at(8)),
                reason: "batch returned".into(),
                operator: Some("admin-2".into()),
                refunded_at: at(12),
            },
        )]);
    let mut refunded = activated();
    refunded.push(VoucherEvent::VoucherSaleRefunded(VoucherSaleReversal {
        sale: activation_sale(at(8)),
        reason: "batch returned".into(),
        operator: None,
        refunded_at: at(12),
    }));
    Given::with(())
        .given(refunded)
        .when(refund())
        .then_expect_events(vec![]);
    Given::with(())
        .given(generated())
        .when(refund())
        .then_expect_events(vec![]);
}
