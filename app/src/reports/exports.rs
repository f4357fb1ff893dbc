//! CSV exports (finance ledger, a batch's vouchers, customers, invoices), streamed from the
//! database: rows are read with a cursor and written in chunks through a bounded channel,
//! so a million-row export holds one chunk in memory, and a client that hangs up stops the
//! query. UTF-8, a header row, RFC 4180 quoting, dot decimals (PostgreSQL's `numeric`
//! text), times in ISO 8601 UTC.

use futures::StreamExt;
use sqlx::{PgPool, Row};
use tagih_aggregates::Role;
use tokio::sync::mpsc;

use crate::error::{AppError, AppResult};
use crate::reports::finance;

/// Bytes written before a chunk is handed to the client.
const CHUNK: usize = 64 * 1024;
/// Chunks waiting for a slow client: the memory bound of one export.
const IN_FLIGHT: usize = 4;

/// What one export is: its header and a query whose columns are all `text`.
pub struct Export {
    pub name: &'static str,
    /// The least role that may download it.
    pub role: Role,
    header: &'static [&'static str],
    sql: String,
    binds: Vec<Option<String>>,
}

const ISO: &str = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

fn iso(column: &str) -> String {
    format!("to_char({column} at time zone 'UTC', {ISO})")
}

/// The finance ledger between two local dates (inclusive), each row with its local date.
pub fn finance(from: &str, to: &str, location_id: Option<String>) -> AppResult<Export> {
    let date = |s: &str, field: &str| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| AppError::BadInput(format!("{field} must be a date (YYYY-MM-DD)")))
    };
    let range = finance::range(date(from, "from")?, date(to, "to")?, location_id)?;
    Ok(Export {
        name: "finance",
        role: Role::Admin,
        header: &[
            "id",
            "occurred_at",
            "local_date",
            "source",
            "kind",
            "location_id",
            "profile",
            "method",
            "operator",
            "reference",
            "count",
            "revenue",
            "cost",
            "refund",
        ],
        sql: format!(
            "select id, {at}, to_char(local_date, 'YYYY-MM-DD'), source, kind, location_id,
                    profile, method, operator, reference, count::text, revenue::text,
                    cost::text, refund::text
               from rm_finance_ledger
              where local_date between $1::date and $2::date
                and ($3::text is null or location_id = $3)
              order by occurred_at, id",
            at = iso("occurred_at"),
        ),
        binds: vec![
            Some(range.from.to_string()),
            Some(range.to.to_string()),
            range.location_id,
        ],
    })
}

/// The vouchers of one batch, with their codes (an operator prints and hands them out).
pub fn vouchers(batch_id: &str) -> Export {
    Export {
        name: "vouchers",
        role: Role::Operator,
        header: &[
            "id",
            "batch_id",
            "location_id",
            "profile",
            "code",
            "password",
            "price_sell",
            "price_cost",
            "status",
            "generated_at",
            "first_login_at",
            "valid_until",
            "sold_at",
            "sale_price",
            "reseller",
            "sale_refunded",
        ],
        sql: format!(
            "select id, batch_id, location_id, profile_name, code, password, price_sell::text,
                    price_cost::text, status, {gen}, {first}, {until}, {sold}, sale_price::text,
                    reseller, sale_refunded::text
               from rm_vouchers where batch_id = $1::text order by code",
            gen = iso("generated_at"),
            first = iso("first_login_at"),
            until = iso("valid_until"),
            sold = iso("sold_at"),
        ),
        binds: vec![Some(batch_id.to_string())],
    }
}

pub fn customers() -> Export {
    Export {
        name: "customers",
        role: Role::Admin,
        header: &[
            "id",
            "name",
            "phone",
            "email",
            "address",
            "location_id",
            "active",
            "balance",
            "debt",
            "created_at",
        ],
        sql: format!(
            "select id, name, phone, email, address, location_id, active::text, balance::text,
                    debt::text, {created}
               from rm_customers order by created_position",
            created = iso("created_at"),
        ),
        binds: vec![],
    }
}

pub fn invoices() -> Export {
    Export {
        name: "invoices",
        role: Role::Admin,
        header: &[
            "id",
            "number",
            "customer_id",
            "subscription_id",
            "period_start",
            "period_end",
            "amount",
            "paid_total",
            "outstanding",
            "status",
            "due_date",
            "issued_at",
            "paid_at",
        ],
        sql: format!(
            "select id, number, customer_id, subscription_id, {ps}, {pe}, amount::text,
                    paid_total::text, outstanding::text, status, {due}, {issued}, {paid}
               from rm_invoices order by created_position",
            ps = iso("period_start"),
            pe = iso("period_end"),
            due = iso("due_date"),
            issued = iso("issued_at"),
            paid = iso("paid_at"),
        ),
        binds: vec![],
    }
}

/// A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
/// leading `'`; numbers (`-3500.00`) are left as they are.
fn defused(v: &str) -> std::borrow::Cow<'_, str> {
    let risky = v.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && v.parse::<rust_decimal::Decimal>().is_err() {
        std::borrow::Cow::Owned(format!("'{v}"))
    } else {
        std::borrow::Cow::Borrowed(v)
    }
}

/// One CSV field: quoted when it holds a separator, a quote or a line break.
fn field(out: &mut Vec<u8>, value: Option<&str>) {
    let v = defused(value.unwrap_or_default());
    if v.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(v.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(v.as_bytes());
    }
}

fn line<'a>(out: &mut Vec<u8>, values: impl Iterator<Item = Option<&'a str>>) {
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        field(out, v);
    }
    out.extend_from_slice(b"\r\n");
}

/// Starts the export; its chunks arrive on the receiver (an error ends it early: the
/// client sees a cut-off file, the log says why).
pub fn stream(pool: PgPool, export: Export) -> mpsc::Receiver<Result<Vec<u8>, std::io::Error>> {
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    tokio::spawn(async move {
        let mut buf = Vec::with_capacity(CHUNK);
        line(&mut buf, export.header.iter().map(|h| Some(*h)));
        let mut query = sqlx::query(&export.sql);
        for b in &export.binds {
            query = query.bind(b.as_deref());
        }
        let mut rows = query.fetch(&pool);
        while let Some(row) = rows.next().await {
            let row = match row {
                Ok(row) => row,
                Err(e) => {
                    tracing::error!(export = export.name, error = %e, "export failed");
                    let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
                    return;
                }
            };
            let values: Vec<Option<String>> = (0..row.len())
                .map(|i| row.try_get(i).ok().flatten())
                .collect();
            line(&mut buf, values.iter().map(Option::as_deref));
            if buf.len() >= CHUNK && tx.send(Ok(std::mem::take(&mut buf))).await.is_err() {
                return; // the client hung up
            }
        }
        let _ = tx.send(Ok(buf)).await;
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_separators_quotes_or_breaks_are_quoted() {
        let mut out = Vec::new();
        line(
            &mut out,
            [
                Some("a"),
                Some("b,c"),
                Some("say \"hi\""),
                None,
                Some("x\ny"),
            ]
            .into_iter(),
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"b,c\",\"say \"\"hi\"\"\",,\"x\ny\"\r\n"
        );
    }

    #[test]
    fn formulas_are_defused_and_negative_numbers_kept() {
        assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defused("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defused("-3500.00"), "-3500.00");
        assert_eq!(defused("+62812"), "+62812");
        assert_eq!(defused("Budi"), "Budi");
    }
}
