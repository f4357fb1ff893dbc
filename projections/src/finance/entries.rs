//! The finance ledger's pure fold: which money movement each event is, given what earlier
//! events of other streams left in the sources (an invoice's location and cost, a
//! payment's method). No IO: the projector loads and stores sources and entries around it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use tagih_aggregates::Aggregate;
use tagih_aggregates::invoice::{Invoice, InvoiceEvent};
use tagih_aggregates::payment::{Payment, PaymentEvent, PaymentPurpose, RefundRecord};
use tagih_aggregates::voucher::{Voucher, VoucherEvent, VoucherSale};
use tagih_replay::{ProjectionError, StoredEvent};

/// `-` stands for "not known" in the text columns a report groups by.
pub const UNKNOWN: &str = "-";

#[derive(Debug, Clone, PartialEq, FromRow, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    pub source: String,
    pub kind: String,
    pub location_id: String,
    pub profile: String,
    pub method: String,
    pub operator: String,
    pub reference: String,
    pub count: i32,
    pub revenue: Decimal,
    pub cost: Decimal,
    pub refund: Decimal,
    pub last_position: i64,
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub location_id: String,
    pub profile: String,
    pub method: String,
    pub operator: String,
    pub invoice_id: Option<String>,
    pub amount: Decimal,
    pub cost: Decimal,
    /// Invoices: the cost recognised so far, and the payment that carried it.
    pub cost_taken: Decimal,
    pub cost_ref: Option<String>,
    pub last_position: i64,
}

pub fn invoice_key(id: &str) -> String {
    format!("{}:{id}", Invoice::TYPE)
}

pub fn payment_key(id: &str) -> String {
    format!("{}:{id}", Payment::TYPE)
}

fn entry_id(ev: &StoredEvent) -> String {
    format!("{}:{}:{}", ev.aggregate_type, ev.aggregate_id, ev.sequence)
}

fn or_unknown(v: Option<String>) -> String {
    v.filter(|s| !s.is_empty())
        .unwrap_or_else(|| UNKNOWN.to_string())
}

/// A voucher's sale or its reversal; both carry every field the ledger needs.
fn voucher_entry(
    ev: &StoredEvent,
    sale: &VoucherSale,
    refund: Option<(DateTime<Utc>, Option<String>)>,
) -> LedgerEntry {
    let (kind, at, operator, count, revenue, cost, back) = match refund {
        None => (
            "SALE",
            sale.sold_at,
            sale.operator.clone(),
            1,
            sale.price,
            sale.cost,
            Decimal::ZERO,
        ),
        Some((at, operator)) => (
            "REFUND",
            at,
            operator,
            0,
            Decimal::ZERO,
            -sale.cost,
            sale.price,
        ),
    };
    LedgerEntry {
        id: entry_id(ev),
        occurred_at: at,
        source: "VOUCHER".into(),
        kind: kind.into(),
        location_id: sale.location_id.clone(),
        profile: sale.profile_name.clone(),
        method: sale.channel.as_str().into(),
        operator: or_unknown(operator),
        reference: ev.aggregate_id.clone(),
        count,
        revenue,
        cost,
        refund: back,
        last_position: ev.position,
    }
}

/// The state a batch's fold works on: sources by key (loaded or created), the keys
/// changed, and the entries made.
#[derive(Default)]
pub struct Fold {
    pub sources: HashMap<String, Source>,
    pub dirty: Vec<String>,
    pub entries: Vec<LedgerEntry>,
}

/// How an invoice was paid: through a payment (its method and who opened it), in cash
/// recorded by an admin, or from the customer's credit.
fn paid_by(payment: Option<&Source>, payment_ref: &str, ev: &StoredEvent) -> (String, String) {
    match payment {
        Some(p) => (p.method.clone(), p.operator.clone()),
        None if payment_ref.starts_with("cash:") => {
            ("cash".into(), or_unknown(ev.meta("actor_id")))
        }
        None => ("credit".into(), or_unknown(ev.meta("actor_id"))),
    }
}

impl Fold {
    fn put(&mut self, source: Source) {
        self.dirty.push(source.id.clone());
        self.sources.insert(source.id.clone(), source);
    }

    /// Folds one event (commit order). Events already folded into their source are skipped;
    /// entries are keyed by event, so writing one twice changes nothing.
    pub fn apply(&mut self, ev: &StoredEvent) -> Result<(), ProjectionError> {
        if ev.is::<Voucher>() {
            match ev.decode::<VoucherEvent>()? {
                VoucherEvent::VoucherSold(sale) => {
                    self.entries.push(voucher_entry(ev, &sale, None))
                }
                VoucherEvent::VoucherSaleRefunded(r) => self.entries.push(voucher_entry(
                    ev,
                    &r.sale,
                    Some((r.refunded_at, r.operator)),
                )),
                _ => {}
            }
        } else if ev.is::<Invoice>() {
            self.invoice(ev, ev.decode::<InvoiceEvent>()?);
        } else if ev.is::<Payment>() {
            match ev.decode::<PaymentEvent>()? {
                PaymentEvent::PaymentCreated(terms) => self.payment_created(ev, &terms),
                PaymentEvent::PaymentRefunded(r) => self.payment_refunded(ev, &r),
                _ => {}
            }
        }
        Ok(())
    }

    fn invoice(&mut self, ev: &StoredEvent, event: InvoiceEvent) {
        let key = invoice_key(&ev.aggregate_id);
        if let InvoiceEvent::InvoiceIssued(issue) = event {
            if !self.sources.contains_key(&key) {
                let costing = issue.costing;
                self.put(Source {
                    id: key,
                    location_id: or_unknown(costing.as_ref().map(|c| c.location_id.clone())),
                    profile: or_unknown(costing.as_ref().map(|c| c.profile.clone())),
                    method: UNKNOWN.into(),
                    operator: UNKNOWN.into(),
                    invoice_id: Some(ev.aggregate_id.clone()),
                    amount: issue.amount,
                    cost: costing.map_or(Decimal::ZERO, |c| c.cost),
                    cost_taken: Decimal::ZERO,
                    cost_ref: None,
                    last_position: ev.position,
                });
            }
            return;
        }
        let Some(mut inv) = self.sources.get(&key).cloned() else {
            return;
        };
        if inv.last_position >= ev.position {
            return;
        }
        inv.last_position = ev.position;
        let (payment_ref, at, revenue, cost, kind) = match event {
            InvoiceEvent::InvoicePartiallyPaid {
                payment_ref,
                amount,
                paid_at,
                ..
            } => (payment_ref, paid_at, amount, Decimal::ZERO, "SALE"),
            // What pays the invoice is revenue, and the invoice's cost with it; an
            // overpayment is the customer's credit (revenue when it pays an invoice).
            InvoiceEvent::InvoicePaid {
                payment_ref,
                amount,
                paid_at,
                overpaid,
                ..
            } => {
                inv.cost_taken = inv.cost;
                inv.cost_ref = Some(payment_ref.clone());
                (payment_ref, paid_at, amount - overpaid, inv.cost, "SALE")
            }
            // Paid towards a voided invoice goes back to the customer as credit.
            InvoiceEvent::InvoiceVoided { paid_total, .. }
                if !paid_total.is_zero() || !inv.cost_taken.is_zero() =>
            {
                let cost = -inv.cost_taken;
                inv.cost_taken = Decimal::ZERO;
                (String::new(), ev.recorded_at, -paid_total, cost, "VOID")
            }
            _ => {
                self.put(inv);
                return;
            }
        };
        let payment = self.sources.get(&payment_key(&payment_ref)).cloned();
        let (method, operator) = paid_by(payment.as_ref(), &payment_ref, ev);
        self.entries.push(LedgerEntry {
            id: entry_id(ev),
            occurred_at: at,
            source: "INVOICE".into(),
            kind: kind.into(),
            location_id: inv.location_id.clone(),
            profile: inv.profile.clone(),
            method: if kind == "VOID" {
                UNKNOWN.into()
            } else {
                method
            },
            operator,
            reference: ev.aggregate_id.clone(),
            count: i32::from(kind == "SALE"),
            revenue,
            cost,
            refund: Decimal::ZERO,
            last_position: ev.position,
        });
        self.put(inv);
    }

    fn payment_created(
        &mut self,
        ev: &StoredEvent,
        terms: &tagih_aggregates::payment::PaymentTerms,
    ) {
        let key = payment_key(&ev.aggregate_id);
        // Online voucher purchases are revenue through their vouchers' sales.
        let PaymentPurpose::Invoice { invoice_id, .. } = &terms.purpose else {
            return;
        };
        if self.sources.contains_key(&key) {
            return;
        }
        let method = match &terms.method.channel {
            Some(c) => format!("{}/{c}", terms.method.plugin),
            None => terms.method.plugin.clone(),
        };
        self.put(Source {
            id: key,
            location_id: UNKNOWN.into(),
            profile: UNKNOWN.into(),
            method,
            operator: or_unknown(ev.meta("actor_id")),
            invoice_id: Some(invoice_id.clone()),
            amount: terms.amount,
            cost: Decimal::ZERO,
            cost_taken: Decimal::ZERO,
            cost_ref: None,
            last_position: ev.position,
        });
    }

    /// Money returned for an invoice payment. A full refund of the payment that settled
    /// the invoice takes its cost back too (the service was not delivered, or undone).
    fn payment_refunded(&mut self, ev: &StoredEvent, r: &RefundRecord) {
        let Some(mut payment) = self.sources.get(&payment_key(&ev.aggregate_id)).cloned() else {
            return;
        };
        if payment.last_position >= ev.position {
            return;
        }
        payment.last_position = ev.position;
        let key = invoice_key(payment.invoice_id.as_deref().unwrap_or_default());
        let mut invoice = self.sources.get(&key).cloned();
        let mut cost = Decimal::ZERO;
        if let Some(inv) = invoice
            .as_mut()
            .filter(|i| r.full && i.cost_ref.as_deref() == Some(ev.aggregate_id.as_str()))
        {
            cost = -inv.cost_taken;
            inv.cost_taken = Decimal::ZERO;
            inv.cost_ref = None;
        }
        self.entries.push(LedgerEntry {
            id: entry_id(ev),
            occurred_at: r.refunded_at,
            source: "INVOICE".into(),
            kind: "REFUND".into(),
            location_id: invoice
                .as_ref()
                .map_or(UNKNOWN.into(), |i| i.location_id.clone()),
            profile: invoice
                .as_ref()
                .map_or(UNKNOWN.into(), |i| i.profile.clone()),
            method: payment.method.clone(),
            operator: or_unknown(r.admin_id.clone()),
            reference: ev.aggregate_id.clone(),
            count: 0,
            revenue: Decimal::ZERO,
            cost,
            refund: r.reversal,
            last_position: ev.position,
        });
        self.put(payment);
        if let Some(inv) = invoice {
            self.put(inv);
        }
    }
}

/// The source keys a batch's events may need loaded: invoices and the payments that paid
/// them, refunded payments. A refunded payment's invoice is only known once it is loaded
/// (`invoice_keys_of`).
pub fn source_keys(events: &[&StoredEvent]) -> Result<Vec<String>, ProjectionError> {
    let mut keys = Vec::new();
    for ev in events {
        if ev.is::<Payment>() {
            keys.push(payment_key(&ev.aggregate_id));
        } else if ev.is::<Invoice>() {
            keys.push(invoice_key(&ev.aggregate_id));
            match ev.decode::<InvoiceEvent>()? {
                InvoiceEvent::InvoicePaid { payment_ref, .. }
                | InvoiceEvent::InvoicePartiallyPaid { payment_ref, .. } => {
                    keys.push(payment_key(&payment_ref));
                }
                _ => {}
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    Ok(keys)
}
