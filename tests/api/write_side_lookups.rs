//! The router's on-login webhook while the read models lag (ADR 0022): the token is checked
//! against the Location aggregate and the voucher found through the write-side
//! `voucher_codes`, so with the projection host held off a token issued a moment ago is
//! accepted (and the one it replaced refused at once), and a voucher generated a moment ago
//! is activated by the first report only.

use std::time::Duration;

use serde_json::{Value, json};
use tagih_aggregates::voucher_code::{Charset, CodeSpec, PasswordMode};
use tagih_commands::voucher_batches::{self, GenerateRequest};
use tagih_commands::{Metadata, locations};

use crate::helpers::{TestApp, eventually, spawn_app};
use crate::lagging_answers::Hold;

async fn report(app: &TestApp, loc: &str, token: &str, user: &str) -> (u16, Value) {
    let r = app
        .client
        .post(format!("{}/webhooks/routers/{loc}", app.url))
        .header("X-Router-Token", token)
        .json(
            &json!({"event": "login", "user": user, "ip": "10.5.50.9", "mac": "02:00:00:00:00:09"}),
        )
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn issue_token(app: &TestApp, loc: &str) -> String {
    let meta = Metadata::system("test");
    let (token, _) = locations::issue_router_token(&app.app.bus, &app.app.secrets, loc, &meta)
        .await
        .unwrap();
    token
}

#[tokio::test]
async fn a_login_report_with_a_just_issued_token_activates_a_just_generated_voucher_while_projections_lag()
 {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let old = issue_token(&app, &loc).await;
    let known = eventually(Duration::from_secs(10), || async {
        app.count(&format!(
            "select count(*) from rm_locations where id = '{loc}' and router_token_enc is not null"
        ))
        .await
            == 1
    })
    .await;
    assert!(known, "the read model has the first token");

    let hold = Hold::new(&app).await;
    let new = issue_token(&app, &loc).await;
    let spec = CodeSpec {
        count: 1,
        prefix: "L".into(),
        code_length: 8,
        charset: Charset::Upper,
        password_mode: PasswordMode::SameAsUsername,
    };
    let request = GenerateRequest {
        location_id: loc.clone(),
        profile: "1 Hari".into(),
        spec,
        price_override: None,
    };
    let batch = voucher_batches::generate(&app.app.bus, request, &Metadata::system("test"))
        .await
        .unwrap();
    let voucher = &batch.vouchers[0];
    let in_read_model = format!(
        "select count(*) from rm_vouchers where id = '{}'",
        voucher.id
    );
    assert_eq!(app.count(&in_read_model).await, 0, "the read model lags");

    let before = app.count("select count(*) from events").await;
    for (given, what) in [
        (old.as_str(), "the replaced token"),
        ("", "no token"),
        ("wrong", "a wrong token"),
    ] {
        let (status, body) = report(&app, &loc, given, &voucher.code).await;
        assert_eq!(status, 401, "{what}: {body}");
    }
    let (status, _) = report(&app, "no-such-location", &new, &voucher.code).await;
    assert_eq!(status, 404);
    assert_eq!(
        app.count("select count(*) from events").await,
        before,
        "refusals write nothing"
    );

    let (status, body) = report(&app, &loc, &new, &voucher.code).await;
    assert_eq!((status, &body), (200, &json!({"activated": 1})));
    let (status, body) = report(&app, &loc, &new, &voucher.code).await;
    assert_eq!(
        (status, &body),
        (200, &json!({"activated": 0})),
        "the first report wins"
    );
    let (status, body) = report(&app, &loc, &new, "NOT-A-CODE").await;
    assert_eq!((status, &body), (200, &json!({"activated": 0})));
    let activations = format!(
        "select count(*) from events where aggregate_id = '{}' and event_type = 'VoucherActivated'",
        voucher.id
    );
    assert_eq!(app.count(&activations).await, 1);
    assert_eq!(
        app.count(&in_read_model).await,
        0,
        "all of it while the read model lagged"
    );

    hold.release().await;
    let caught_up = eventually(Duration::from_secs(10), || async {
        app.count(&format!(
            "select count(*) from rm_vouchers where id = '{}' and status = 'ACTIVATED'",
            voucher.id
        ))
        .await
            == 1
    })
    .await;
    assert!(caught_up, "the read model catches up once released");
}
