use rust_decimal_macros::dec;
use tagih_aggregates::message_template::{Language, TemplateCategory};

use super::*;
use crate::wa_template_defaults::default_body;

#[test]
fn rupiah_uses_the_indonesian_thousands_dot() {
    assert_eq!(rupiah(dec!(150000)), "Rp 150.000");
    assert_eq!(rupiah(dec!(150000.00)), "Rp 150.000");
    assert_eq!(rupiah(dec!(1234567)), "Rp 1.234.567");
    assert_eq!(rupiah(dec!(999)), "Rp 999");
    assert_eq!(rupiah(dec!(0)), "Rp 0");
    assert_eq!(rupiah(dec!(1500.5)), "Rp 1.500,50");
    assert_eq!(rupiah(dec!(-25000)), "-Rp 25.000");
}

#[test]
fn dates_are_shown_in_wib_with_month_names() {
    let vars = serde_json::json!({"invoice": {"due": "2026-07-09T17:30:00Z"}});
    assert_eq!(
        render("{{ invoice.due | tanggal }}", &vars).unwrap(),
        "10 Juli 2026"
    );
    assert_eq!(
        render("{{ invoice.due | date }}", &vars).unwrap(),
        "10 July 2026"
    );
    assert_eq!(
        render("{{ invoice.due | tanggal('datetime') }}", &vars).unwrap(),
        "10 Juli 2026 00:30 WIB"
    );
}

#[test]
fn an_unknown_variable_is_refused_by_name() {
    assert_eq!(
        validate("Halo {{ customer.nama }}"),
        Err(TemplateProblem::UnknownVariable("customer.nama".into()))
    );
    assert_eq!(
        validate("{% if pelanggan %}x{% endif %}"),
        Err(TemplateProblem::UnknownVariable("pelanggan".into()))
    );
}

#[test]
fn conditionals_loops_and_loop_variables_are_accepted() {
    let body = "{% if invoice %}{% for l in invoice.lines %}{{ loop.index }}. {{ l.description }}{% endfor %}{% endif %}";
    assert_eq!(validate(body), Ok(()));
}

#[test]
fn syntax_errors_carry_the_line() {
    let Err(TemplateProblem::Syntax(detail)) = validate("Halo\n{{ customer.name ") else {
        panic!("expected a syntax error");
    };
    assert!(detail.contains("line 2"), "{detail}");
}

#[test]
fn runaway_templates_run_out_of_fuel() {
    let r = render(
        "{% for i in range(100000) %}{{ i }}{% endfor %}",
        &serde_json::json!({}),
    );
    assert!(matches!(r, Err(TemplateProblem::Render(_))), "{r:?}");
}

#[test]
fn missing_values_render_empty_instead_of_failing() {
    let r = render(
        "Halo {{ customer.name }}{{ payment.url }}.",
        &serde_json::json!({"customer": {"name": "Siti"}}),
    );
    assert_eq!(r.unwrap(), "Halo Siti.");
}

#[test]
fn every_default_template_is_valid() {
    for c in TemplateCategory::ALL {
        for l in Language::ALL {
            assert_eq!(validate(default_body(c, l)), Ok(()), "{c:?} {l:?}");
        }
    }
}

#[test]
fn default_templates_render_in_both_languages() {
    let vars = sample_variables();
    for l in Language::ALL {
        let mut out = String::new();
        for c in TemplateCategory::ALL {
            let text = render(default_body(c, l), &vars).unwrap();
            out.push_str(&format!("## {}\n{text}\n\n", c.as_str()));
        }
        insta::assert_snapshot!(format!("defaults_{}", l.as_str()), out);
    }
}
