//! Templates through the API: validation naming the variable, versions and rollback,
//! preview with sample data, seeded defaults.

use serde_json::json;

use super::spawn;
use crate::helpers::code;

const SAVE: &str = "mutation($b: String!) { saveMessageTemplate(category: INVOICE, language: ID, body: $b) { version body } }";

#[tokio::test]
async fn a_template_with_an_unknown_variable_is_refused_naming_the_variable() {
    let app = spawn().await;
    let token = app.root_token().await;
    let r = app
        .gql(
            Some(&token),
            SAVE,
            json!({"b": "Halo {{ customer.nama }}, tagihan {{ invoice.amount | rupiah }}"}),
        )
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
    let message = r["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("customer.nama"), "{message}");
    let r = app
        .gql(Some(&token), SAVE, json!({"b": "Halo {{ customer.name "}))
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT", "{r}");
}

#[tokio::test]
async fn defaults_are_seeded_once_and_a_rollback_saves_the_old_body_as_a_new_version() {
    let app = spawn().await;
    let token = app.root_token().await;
    let r = app
        .gql(
            Some(&token),
            "{ messageTemplates { id version language } }",
            json!({}),
        )
        .await;
    assert_eq!(
        r["data"]["messageTemplates"].as_array().unwrap().len(),
        16,
        "{r}"
    );
    let r = app
        .gql(
            Some(&token),
            SAVE,
            json!({"b": "Tagihan {{ invoice.number }}: {{ invoice.amount | rupiah }}"}),
        )
        .await;
    assert_eq!(r["data"]["saveMessageTemplate"]["version"], 2, "{r}");
    let r = app
        .gql(Some(&token), "mutation { rollbackMessageTemplate(category: INVOICE, language: ID, version: 1) { version body } }", json!({}))
        .await;
    assert_eq!(r["data"]["rollbackMessageTemplate"]["version"], 3, "{r}");
    let versions = app
        .gql(Some(&token), "{ messageTemplateVersions(category: INVOICE, language: ID) { version rolledBackFrom body } }", json!({}))
        .await;
    let v = &versions["data"]["messageTemplateVersions"];
    assert_eq!(v[2]["rolledBackFrom"], 1);
    assert_eq!(v[2]["body"], v[0]["body"]);
    // A second start seeds nothing more.
    let seeded = tagih_commands::whatsapp::seed_templates(&app.app.bus, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(seeded, 0);
}

#[tokio::test]
async fn a_preview_renders_with_sample_data() {
    let app = spawn().await;
    let token = app.root_token().await;
    let r = app
        .gql(Some(&token), "query($b:String!){ previewTemplate(body: $b) }", json!({"b": "{{ customer.name }}: {{ invoice.amount | rupiah }} s/d {{ invoice.due | tanggal }}"}))
        .await;
    assert_eq!(
        r["data"]["previewTemplate"], "Budi Santoso: Rp 150.000 s/d 10 Desember 2026",
        "{r}"
    );
}
