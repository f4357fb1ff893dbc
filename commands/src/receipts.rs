//! Receipt numbers: `KW/<year>/<six digits>`, one sequence per calendar year (WIB), gap-free.
//! Unlike invoice numbers (taken before the issue, so a crash may skip one), a receipt's
//! number is taken in the same transaction that writes its `InvoiceReceiptIssued`: a
//! refused or failed write rolls the counter back with it. The counter row's lock orders
//! concurrent receipts, so numbers also follow commit order within a year.

use chrono::{DateTime, Datelike, Utc};
use tagih_aggregates::billing_cycle::WIB;
use tagih_aggregates::invoice::{Invoice, InvoiceCommand, ReceiptRequest};
use uuid::Uuid;

use crate::bulk::{execute_many, load_many};
use crate::bus::{CommandBus, Written, jitter};
use crate::error::CommandError;
use crate::metadata::Metadata;

/// Namespace of receipt ids: uuid v5 of "invoice/payment reference".
const RECEIPT_NS: Uuid = Uuid::from_u128(0x6c1f_0a2e_93b4_4d7a_8e15_2f6b_9d30_c4a8);

/// The receipt of one payment on one invoice, known before it is issued (the WhatsApp
/// confirmation links it at once; the page shows the number once it exists).
pub fn receipt_id(invoice_id: &str, payment_ref: &str) -> String {
    Uuid::new_v5(
        &RECEIPT_NS,
        format!("{invoice_id}/{payment_ref}").as_bytes(),
    )
    .to_string()
}

pub fn format_number(year: i32, n: i32) -> String {
    format!("KW/{year}/{n:06}")
}

/// Issues the receipt for a payment applied to the invoice, once; returns its number.
pub async fn issue(
    bus: &CommandBus,
    invoice_id: &str,
    payment_ref: &str,
    now: DateTime<Utc>,
    meta: &Metadata,
) -> Result<(String, Written), CommandError> {
    let meta = meta.with_command("IssueReceipt");
    for attempt in 1..=5 {
        let mut tx = bus.pool().begin().await?;
        let states = load_many::<Invoice>(&mut tx, &[invoice_id.to_string()]).await?;
        let invoice = states.get(invoice_id).map(|(i, _)| i);
        if let Some(number) = invoice.and_then(|i| i.receipts.get(payment_ref)) {
            return Ok((number.clone(), Written::default()));
        }
        let paid_at = invoice
            .and_then(|i| i.payments.get(payment_ref))
            .map_or(now, |p| p.paid_at);
        let year = paid_at.with_timezone(&WIB).year();
        let n: i32 = sqlx::query_scalar(
            "insert into receipt_numbers (year, last) values ($1, 1)
             on conflict (year) do update set last = receipt_numbers.last + 1 returning last",
        )
        .bind(year)
        .fetch_one(&mut *tx)
        .await?;
        let number = format_number(year, n);
        let cmd = InvoiceCommand::IssueReceipt(ReceiptRequest {
            receipt_id: receipt_id(invoice_id, payment_ref),
            number: number.clone(),
            payment_ref: payment_ref.to_string(),
            issued_at: now,
        });
        match execute_many::<Invoice>(&mut tx, vec![(invoice_id.to_string(), cmd)], &meta).await {
            Ok(appended) => {
                if let Some(e) = appended.results.into_iter().find_map(Result::err) {
                    return Err(CommandError::from_domain(e));
                }
                tx.commit().await?;
                return Ok((number, appended.written.unwrap_or_default()));
            }
            Err(CommandError::Conflict(_)) if attempt < 5 => jitter(attempt).await,
            Err(e) => return Err(e),
        }
    }
    Err(CommandError::Conflict("invoice"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_numbers_are_zero_padded_per_year_and_ids_stable() {
        assert_eq!(format_number(2026, 7), "KW/2026/000007");
        assert_eq!(
            receipt_id("inv", "cash:KW-1"),
            receipt_id("inv", "cash:KW-1")
        );
        assert_ne!(receipt_id("inv", "a"), receipt_id("inv", "b"));
    }
}
