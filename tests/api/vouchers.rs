//! Voucher batches and the voucher lifecycle over GraphQL.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::helpers::{code, minutes_ago, spawn_app};

fn codes(r: &Value) -> Vec<String> {
    r["data"]["generateVouchers"]["vouchers"]
        .as_array()
        .unwrap_or_else(|| panic!("no vouchers: {r}"))
        .iter()
        .map(|v| v["code"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn ten_thousand_vouchers_in_one_mutation_have_distinct_codes() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let r = app.generate(&token, &loc, "1 Hari", 10_000).await;
    assert_eq!(r["data"]["generateVouchers"]["count"], 10_000, "{r}");
    let codes = codes(&r);
    assert_eq!(codes.iter().collect::<HashSet<_>>().len(), 10_000);
    assert!(codes.iter().all(|c| c.starts_with('T') && c.len() == 9));
    // Read-your-writes: the read model already has them when the mutation answers.
    assert_eq!(
        app.count(&format!(
            "select count(*) from rm_vouchers where location_id = '{loc}'"
        ))
        .await,
        10_000
    );
    assert_eq!(
        app.count("select count(*) from voucher_codes").await,
        10_000
    );
    assert_eq!(
        app.count("select count(*) from events where event_type = 'VoucherBatchGenerated'")
            .await,
        1
    );
}

#[tokio::test]
async fn later_batches_never_repeat_a_code_until_the_space_runs_out() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    // 4 digits from 8 usable ones: 4,096 codes in all, 200 per batch.
    let q = "mutation($l:String!){ generateVouchers(input:{locationId:$l, profile:\"1 Hari\", count:200, codeLength:4, charset:DIGITS}) { count vouchers { code } } }";
    let mut all = HashSet::new();
    let mut exhausted = None;
    for _ in 0..25 {
        let r = app.gql(Some(&token), q, json!({"l": loc})).await;
        if !r["errors"].is_null() {
            exhausted = Some(r);
            break;
        }
        for c in codes(&r) {
            assert!(all.insert(c.clone()), "code {c} was issued twice");
        }
    }
    assert!(
        all.len() >= 3_000,
        "only {} codes issued before giving up",
        all.len()
    );
    let r = exhausted.expect("the code space must eventually run out");
    assert_eq!(code(&r), "CONFLICT", "{r}");
    assert_eq!(
        app.count("select count(*) from voucher_codes").await as usize,
        all.len(),
        "a refused batch reserves nothing"
    );
}

#[tokio::test]
async fn codes_are_unique_per_location_not_globally() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let a = app.location_with_profile(&token).await;
    let b = app.create_location(&token, "Other").await;
    app.create_profile(&token, &b, "1 Hari").await;
    for loc in [&a, &b] {
        let r = app.generate(&token, loc, "1 Hari", 10).await;
        assert_eq!(codes(&r).len(), 10);
    }
    assert_eq!(
        app.count("select count(distinct location_id) from voucher_codes")
            .await,
        2
    );
}

#[tokio::test]
async fn vouchers_carry_profile_terms_or_the_price_override() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let r = app.gql(Some(&token), "mutation($l:String!){ generateVouchers(input:{locationId:$l, profile:\"1 Hari\", count:3, passwordMode:SEPARATE, priceOverride:\"4000\"}) { vouchers { code password } } }", json!({"l": loc})).await;
    let first = &r["data"]["generateVouchers"]["vouchers"][0];
    assert_ne!(
        first["code"], first["password"],
        "separate passwords differ from codes"
    );
    let v = app.gql(Some(&token), "query($l:String!,$c:String!){ voucher(locationId:$l, code:$c) { status priceSell priceCost validitySeconds rateLimit password } }", json!({"l": loc, "c": first["code"]})).await;
    let v = &v["data"]["voucher"];
    assert_eq!(v["status"], "GENERATED");
    assert_eq!(v["priceSell"], "4000.00");
    assert_eq!(v["priceCost"], "3500.00");
    assert_eq!(v["validitySeconds"], 86_400);
    assert_eq!(v["rateLimit"], "2M/2M");
    assert_eq!(v["password"], first["password"]);
}

#[tokio::test]
async fn activation_sets_valid_until_once_and_revoked_vouchers_stay_dead() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let r = app.generate(&token, &loc, "1 Hari", 2).await;
    let ids: Vec<String> = r["data"]["generateVouchers"]["vouchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    let activate =
        "mutation($id:String!,$at:DateTime!){ activateVoucher(id:$id, firstLoginAt:$at) }";
    // Relative to now: a first login days ago would be swept as expired before we look.
    let first = minutes_ago(120);
    for at in [first, minutes_ago(30)] {
        let r = app
            .gql(
                Some(&token),
                activate,
                json!({"id": ids[0], "at": at.to_rfc3339()}),
            )
            .await;
        assert_eq!(r["data"]["activateVoucher"], true, "{r}");
    }
    let page = app.gql(Some(&token), "query($l:String!){ vouchers(locationId:$l, status:ACTIVATED) { totalCount nodes { id firstLoginAt validUntil } } }", json!({"l": loc})).await;
    let node = &page["data"]["vouchers"]["nodes"][0];
    assert_eq!(page["data"]["vouchers"]["totalCount"], 1);
    assert_eq!(
        node["firstLoginAt"],
        first.to_rfc3339(),
        "the first login wins"
    );
    assert_eq!(
        node["validUntil"],
        (first + chrono::Duration::days(1)).to_rfc3339()
    );
    assert_eq!(
        app.count("select count(*) from events where event_type = 'VoucherActivated'")
            .await,
        1
    );

    let r = app
        .gql(
            Some(&token),
            "mutation($id:String!){ revokeVoucher(id:$id, reason:\"lost\") }",
            json!({"id": ids[1]}),
        )
        .await;
    assert_eq!(r["data"]["revokeVoucher"], true, "{r}");
    let r = app
        .gql(
            Some(&token),
            activate,
            json!({"id": ids[1], "at": minutes_ago(10).to_rfc3339()}),
        )
        .await;
    assert_eq!(code(&r), "REJECTED", "{r}");
}

#[tokio::test]
async fn voucher_pages_walk_the_whole_list_without_repeats() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    app.generate(&token, &loc, "1 Hari", 25).await;
    let mut after: Option<String> = None;
    let mut seen = HashSet::new();
    loop {
        let r = app.gql(Some(&token), "query($l:String!,$a:String){ vouchers(locationId:$l, first:10, after:$a) { totalCount pageInfo { hasNextPage endCursor } nodes { code } } }", json!({"l": loc, "a": after})).await;
        let conn = &r["data"]["vouchers"];
        assert_eq!(conn["totalCount"], 25);
        for n in conn["nodes"].as_array().unwrap() {
            assert!(seen.insert(n["code"].as_str().unwrap().to_string()));
        }
        if conn["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = conn["pageInfo"]["endCursor"].as_str().map(str::to_string);
    }
    assert_eq!(seen.len(), 25);
    let bad = app
        .gql(
            Some(&token),
            "query($l:String!){ vouchers(locationId:$l, first:0) { totalCount } }",
            json!({"l": loc}),
        )
        .await;
    assert_eq!(code(&bad), "BAD_USER_INPUT");
}
