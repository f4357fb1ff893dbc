//! Built-in plugins against the test vectors of gateways.md and local mock gateways.

mod duitku;
mod manual;
mod midtrans;
mod tripay;
mod xendit;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use rust_decimal::Decimal;
use serde_json::Value;

use super::{BUILTINS, load_all, source};
use crate::contract::{CallbackRequest, Customer, PaymentRequest, RefundRequest, StatusRequest};
use crate::manifest::Manifest;
use crate::{CallContext, Limits, Plugin, PluginError, Runtime};

fn runtime() -> Runtime {
    Runtime::new(Limits {
        deadline: Duration::from_secs(5),
        ..Limits::default()
    })
    .unwrap()
}

/// Loads a built-in, additionally allowed to reach local mock servers.
fn plugin(name: &str) -> Plugin {
    let mut manifest = Manifest::from_toml(source(name).unwrap().manifest).unwrap();
    manifest.hosts.insert("127.0.0.1".into());
    runtime()
        .load(manifest, source(name).unwrap().script)
        .unwrap()
}

fn ctx(settings: Value) -> CallContext {
    let now = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    CallContext::new(settings.as_object().unwrap().clone()).at(now)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn callback(content_type: &str, headers: &[(&str, &str)], body: &str) -> CallbackRequest {
    let mut all: Vec<(String, String)> = vec![("Content-Type".into(), content_type.into())];
    all.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    CallbackRequest::new("post", all, BTreeMap::new(), body.to_string())
}

fn payment_request(order_id: &str, amount: &str) -> PaymentRequest {
    PaymentRequest {
        order_id: order_id.into(),
        amount: d(amount),
        description: "Paket 20 Mbps".into(),
        channel: None,
        customer: Customer {
            name: "Budi Santoso".into(),
            email: Some("budi@example.com".into()),
            phone: Some("081234567890".into()),
        },
        callback_url: Some("https://isp.example/webhooks/payments/x".into()),
        return_url: Some("https://isp.example/thanks".into()),
        expires_in_minutes: Some(60),
    }
}

fn status_request(order_id: &str, reference: Option<&str>, amount: &str) -> StatusRequest {
    StatusRequest {
        order_id: order_id.into(),
        gateway_reference: reference.map(Into::into),
        amount: d(amount),
    }
}

fn refund_request(order_id: &str, reference: &str, amount: &str) -> RefundRequest {
    RefundRequest {
        order_id: order_id.into(),
        gateway_reference: reference.into(),
        amount: d(amount),
        reason: "pelanggan pindah rumah".into(),
        refund_ref: "RF-1".into(),
        idempotency_key: "refund-0c9d2f1e".into(),
    }
}

fn script_message(err: PluginError) -> String {
    match err {
        PluginError::Script { message, .. } => message,
        other => panic!("expected a script error, got {other}"),
    }
}

#[test]
fn every_builtin_manifest_and_script_loads() {
    let plugins = load_all(&runtime()).unwrap();
    let names: Vec<&str> = plugins.iter().map(|p| p.manifest().name.as_str()).collect();
    assert_eq!(names, BUILTINS.map(|b| b.name));
    for p in &plugins {
        assert!(p.has_function("validate_settings", 1) || p.manifest().name == "manual");
    }
}

#[test]
fn gateway_plugins_declare_only_their_gateway_hosts() {
    let hosts = |name: &str| {
        Manifest::from_toml(source(name).unwrap().manifest)
            .unwrap()
            .hosts
    };
    assert!(hosts("manual").is_empty());
    assert!(hosts("duitku").contains("passport.duitku.com"));
    assert!(hosts("midtrans").contains("api.midtrans.com"));
    assert_eq!(
        hosts("tripay").into_iter().collect::<Vec<_>>(),
        ["tripay.co.id"]
    );
    assert_eq!(
        hosts("xendit").into_iter().collect::<Vec<_>>(),
        ["api.xendit.co"]
    );
}

#[test]
fn tripay_channel_fees_follow_the_standard_rates() {
    let manifest = Manifest::from_toml(source("tripay").unwrap().manifest).unwrap();
    let qris = manifest.channel("QRIS").unwrap();
    assert_eq!(qris.fee.fee_for(d("100000")), d("1450"));
    let ovo = manifest.channel("OVO").unwrap();
    assert_eq!(ovo.fee.fee_for(d("20000")), d("1000"));
    assert_eq!(
        manifest.channel("BCAVA").unwrap().fee.fee_for(d("150000")),
        d("5500")
    );
}
