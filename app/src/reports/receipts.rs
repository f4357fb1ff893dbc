//! The printable receipt page: a receipt by its id (public like a pay link: the id is
//! derived from the invoice's, which only the customer and the operator know), as HTML
//! ready to print or save as PDF.

use rust_decimal::Decimal;
use tagih_projections::receipts::{self, ReceiptPage};

use crate::App;
use crate::error::AppResult;

pub async fn page(app: &App, id: &str) -> AppResult<Option<String>> {
    let found = receipts::receipt_page(&app.pool, id).await?;
    Ok(found.map(|r| html(&r)))
}

/// Text for HTML: the five characters that could end an element or an attribute.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `150000.00` as `Rp 150.000` (Indonesian grouping; cents only when there are any).
pub fn rupiah(amount: Decimal) -> String {
    let amount = amount.round_dp(2).normalize();
    let text = amount.abs().to_string();
    let (whole, cents) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if amount.is_sign_negative() { "-" } else { "" };
    match cents {
        "" => format!("{sign}Rp {grouped}"),
        c => format!("{sign}Rp {grouped},{c:0<2}"),
    }
}

fn html(p: &ReceiptPage) -> String {
    let r = &p.receipt;
    let paid_at = r
        .paid_at
        .with_timezone(&tagih_aggregates::billing_cycle::WIB);
    format!(
        "<!doctype html>
<html lang=\"id\"><head><meta charset=\"utf-8\"><title>Kuitansi {number}</title>
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; color: #111; }}
table {{ width: 100%; border-collapse: collapse; }} td {{ padding: .4rem 0; border-bottom: 1px solid #ddd; }}
td:last-child {{ text-align: right; }} .total {{ font-size: 1.4rem; font-weight: bold; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1>Kuitansi / Receipt</h1>
<table>
<tr><td>Nomor / Number</td><td>{number}</td></tr>
<tr><td>Tagihan / Invoice</td><td>{invoice}</td></tr>
<tr><td>Pelanggan / Customer</td><td>{customer}</td></tr>
<tr><td>Dibayar / Paid</td><td>{paid} WIB</td></tr>
<tr><td>Referensi / Reference</td><td>{reference}</td></tr>
<tr class=\"total\"><td>Jumlah / Amount</td><td>{amount}</td></tr>
</table>
</body></html>",
        number = esc(&r.number),
        invoice = esc(&r.invoice_number),
        customer = esc(p.customer_name.as_deref().unwrap_or("-")),
        paid = paid_at.format("%d-%m-%Y %H:%M"),
        reference = esc(&r.payment_ref),
        amount = rupiah(r.amount),
    )
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn rupiah_groups_thousands_with_dots() {
        assert_eq!(rupiah(dec!(150000.00)), "Rp 150.000");
        assert_eq!(rupiah(dec!(1234567.5)), "Rp 1.234.567,50");
        assert_eq!(rupiah(dec!(500)), "Rp 500");
    }

    #[test]
    fn markup_in_names_is_escaped() {
        assert_eq!(
            esc("<b>\"Siti\" & co</b>"),
            "&lt;b&gt;&quot;Siti&quot; &amp; co&lt;/b&gt;"
        );
    }
}
