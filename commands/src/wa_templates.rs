//! WhatsApp message templates: a sandboxed minijinja environment (no loader, so no file
//! system; fuel and recursion limits so an admin's template cannot hang a worker), the
//! `rupiah`, `tanggal` and `date` filters, validation at save time (syntax, unknown
//! variables named, a trial render) and rendering.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use minijinja::value::Serde;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};
use rust_decimal::Decimal;
use tagih_aggregates::billing_cycle::WIB;

/// Instructions a render may spend (minijinja "fuel"): ample for a WhatsApp text, small
/// enough that `{% for i in range(10**9) %}` stops at once.
const FUEL: u64 = 50_000;
const RECURSION_LIMIT: usize = 64;

/// Every variable a template may use (dotted paths), with what it holds.
pub const VARIABLES: &[(&str, &str)] = &[
    ("customer.name", "the customer's name"),
    ("customer.phone", "the customer's WhatsApp number (628…)"),
    ("service.username", "PPPoE / hotspot username"),
    ("service.profile", "the plan (profile) name"),
    ("service.price", "the plan's price per period"),
    (
        "service.expiry",
        "when the service ends (a date; use | tanggal)",
    ),
    ("invoice.number", "e.g. INV/2026/000123"),
    ("invoice.amount", "amount of the invoice (use | rupiah)"),
    ("invoice.outstanding", "still to pay"),
    ("invoice.due", "due date (use | tanggal)"),
    ("invoice.period_start", "start of the billed period"),
    ("invoice.period_end", "end of the billed period"),
    ("invoice.lines", "list of {description, amount} for a loop"),
    ("payment.amount", "amount paid"),
    ("payment.paid_at", "when it was paid"),
    ("payment.url", "where to pay online"),
    (
        "payment.receipt_url",
        "the printable receipt of this payment (payment confirmations)",
    ),
    (
        "days_left",
        "days until the due date (negative when overdue)",
    ),
    ("isp.name", "the ISP's name"),
    ("isp.phone", "the ISP's support number"),
];

/// Names minijinja itself provides that count as "undeclared" in the analysis.
const GLOBALS: &[&str] = &["range", "dict", "namespace", "loop", "debug"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateProblem {
    #[error("unknown variable `{0}` in template")]
    UnknownVariable(String),
    #[error("template syntax error: {0}")]
    Syntax(String),
    #[error("template cannot be rendered: {0}")]
    Render(String),
}

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        // `Environment::new()` has the builtin filters and tests but no loader: templates
        // come only from strings we pass in, never from the file system.
        let mut env = Environment::new();
        env.set_fuel(Some(FUEL));
        env.set_recursion_limit(RECURSION_LIMIT);
        // A variable the trigger has no value for renders empty instead of failing the
        // notification (unknown names are refused at save time).
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        env.add_filter("rupiah", rupiah_filter);
        env.add_filter("tanggal", |v: Value, style: Option<String>| {
            date_filter(v, style, Lang::Id)
        });
        env.add_filter("date", |v: Value, style: Option<String>| {
            date_filter(v, style, Lang::En)
        });
        env
    })
}

/// Syntax, unknown variables (the first one named) and a trial render with sample data.
pub fn validate(body: &str) -> Result<(), TemplateProblem> {
    let env = environment();
    let template = env
        .template_from_str(body)
        .map_err(|e| TemplateProblem::Syntax(describe(&e)))?;
    let mut unknown: Vec<String> = template
        .undeclared_variables(true)
        .into_iter()
        .filter(|v| !is_known(v))
        .collect();
    unknown.sort();
    if let Some(first) = unknown.into_iter().next() {
        return Err(TemplateProblem::UnknownVariable(first));
    }
    render(body, &sample_variables()).map(|_| ())
}

fn is_known(var: &str) -> bool {
    GLOBALS.contains(&var)
        || VARIABLES.iter().any(|(name, _)| {
            *name == var
                || name
                    .strip_prefix(var)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
}

/// Renders a body with nested variables (`{"customer": {"name": …}, …}`).
pub fn render(body: &str, vars: &serde_json::Value) -> Result<String, TemplateProblem> {
    let text = environment()
        .render_str(body, Value::from(Serde(vars)))
        .map_err(|e| match e.kind() {
            ErrorKind::SyntaxError => TemplateProblem::Syntax(describe(&e)),
            _ => TemplateProblem::Render(describe(&e)),
        })?;
    Ok(text.trim().to_string())
}

fn describe(e: &Error) -> String {
    match (e.detail(), e.line()) {
        (Some(d), Some(l)) => format!("{d} (line {l})"),
        (Some(d), None) => d.to_string(),
        (None, _) => e.kind().to_string(),
    }
}

/// Data for previews and the trial render at save time.
pub fn sample_variables() -> serde_json::Value {
    serde_json::json!({
        "customer": {"name": "Budi Santoso", "phone": "6281234567890"},
        "service": {"username": "budi@rtrw", "profile": "10 Mbps", "price": "150000",
                    "expiry": "2026-12-10T16:59:59Z"},
        "invoice": {"number": "INV/2026/000123", "amount": "150000", "outstanding": "150000",
                    "due": "2026-12-10T02:30:00Z", "period_start": "2026-12-10T17:00:00Z",
                    "period_end": "2027-01-10T16:59:59Z",
                    "lines": [{"description": "Internet 10 Mbps, 11 Des 2026 - 10 Jan 2027",
                               "amount": "150000"}]},
        "payment": {"amount": "150000", "paid_at": "2026-12-09T03:15:00Z",
                    "url": "https://bayar.example.net/i/INV-2026-000123",
                    "receipt_url": "https://tagih.example.net/receipts/6f1c2d3e-0000-5000-8000-000000000001"},
        "days_left": 3,
        "isp": {"name": "RT/RW Net Sukamaju", "phone": "6281200000000"},
    })
}

fn decimal_of(v: &Value) -> Option<Decimal> {
    if let Some(s) = v.as_str() {
        return s.trim().parse().ok();
    }
    // Integers and floats arrive from JSON numbers; their text form parses exactly.
    v.to_string().parse().ok()
}

/// `Rp 150.000` (Indonesian thousands dot; a fraction, rare in IDR, after a comma).
pub fn rupiah(amount: Decimal) -> String {
    let rounded = amount.round_dp(2).normalize();
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = rounded.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}Rp {grouped}")
    } else {
        format!("{sign}Rp {grouped},{frac:0<2}")
    }
}

fn rupiah_filter(v: Value) -> Result<String, Error> {
    decimal_of(&v).map(rupiah).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("rupiah expects an amount, got {v}"),
        )
    })
}

#[derive(Clone, Copy)]
enum Lang {
    Id,
    En,
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s.trim()) {
        return Some(t.with_timezone(&Utc));
    }
    // A bare date is a WIB calendar date.
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?;
    d.and_hms_opt(0, 0, 0)?
        .and_local_timezone(WIB)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// `10 Juli 2026` / `10 July 2026` in WIB; style `datetime` adds `09:30 WIB`.
fn date_filter(v: Value, style: Option<String>, lang: Lang) -> Result<String, Error> {
    let text = v
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string());
    let at = parse_instant(&text).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("expected a date, got {text}"),
        )
    })?;
    Ok(format_wib(at, style.as_deref() == Some("datetime"), lang))
}

fn format_wib(at: DateTime<Utc>, with_time: bool, lang: Lang) -> String {
    let local = at.with_timezone(&WIB);
    let months = match lang {
        Lang::Id => &MONTHS_ID,
        Lang::En => &MONTHS_EN,
    };
    let month = months[local.month0() as usize];
    let date = format!("{} {month} {}", local.day(), local.year());
    if with_time {
        format!("{date} {} WIB", local.format("%H:%M"))
    } else {
        date
    }
}

#[cfg(test)]
#[path = "wa_templates_tests.rs"]
mod tests;
