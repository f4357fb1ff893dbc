//! The event store itself: append-only, hash chains, tamper detection, export.

use serde_json::json;
use tagih_replay::{export, verify};

use crate::helpers::{TestApp, spawn_app};

async fn some_history(app: &TestApp) -> String {
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let r = app
        .gql(
            Some(&token),
            "mutation($id:String!){ updateLocation(id:$id, input:{name:\"Renamed\"}) { id } }",
            json!({"id": loc}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    let r = app.generate(&token, &loc, "1 Hari", 5).await;
    assert!(r["errors"].is_null(), "{r}");
    // Let the background provisioning finish, so counts taken next are stable.
    let settled = crate::helpers::eventually(std::time::Duration::from_secs(15), || async {
        app.count("select count(*) from events where event_type = 'VoucherProvisioned'")
            .await
            == 5
    })
    .await;
    assert!(settled, "provisioning outcomes recorded");
    loc
}

#[tokio::test]
async fn events_cannot_be_updated_or_deleted() {
    let app = spawn_app().await;
    some_history(&app).await;
    let update = sqlx::query("update events set payload = '{}' where sequence = 1")
        .execute(app.pool())
        .await;
    let delete = sqlx::query("delete from events").execute(app.pool()).await;
    let truncate = sqlx::query("truncate events").execute(app.pool()).await;
    for result in [update.map(|_| ()), delete.map(|_| ()), truncate.map(|_| ())] {
        let err = result.expect_err("the log must be append-only").to_string();
        assert!(err.contains("append-only"), "{err}");
    }
}

#[tokio::test]
async fn an_event_without_its_predecessor_is_refused() {
    let app = spawn_app().await;
    let err = sqlx::query(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         values ('Location', 'nope', 2, 'LocationDeactivated', '1.0', '\"LocationDeactivated\"', '{}')",
    )
    .execute(app.pool())
    .await
    .expect_err("a gap in a stream must be refused");
    assert!(err.to_string().contains("no predecessor"), "{err}");
}

#[tokio::test]
async fn every_stream_verifies_and_links_to_its_previous_event() {
    let app = spawn_app().await;
    let loc = some_history(&app).await;
    let report = verify::verify(app.pool(), |_| {}).await.unwrap();
    assert_eq!(report.first_broken, None);
    assert_eq!(
        report.events as i64,
        app.count("select count(*) from events").await
    );
    let linked: bool = sqlx::query_scalar(
        "select b.prev_hash = a.hash from events a join events b using (aggregate_type, aggregate_id)
          where a.aggregate_id = $1 and a.sequence = 1 and b.sequence = 2",
    )
    .bind(&loc)
    .fetch_one(app.pool())
    .await
    .unwrap();
    assert!(linked);
}

#[tokio::test]
async fn tampering_is_detected_and_the_first_broken_event_is_named() {
    let app = spawn_app().await;
    let loc = some_history(&app).await;
    // An attacker with table-owner rights bypasses the guard trigger and edits history.
    sqlx::query("alter table events disable trigger events_no_update")
        .execute(app.pool())
        .await
        .unwrap();
    let position: i64 = sqlx::query_scalar(
        "update events set payload = replace(payload::text, 'Desa Sukamaju', 'Desa Palsu')::json
          where aggregate_id = $1 and sequence = 1 returning position",
    )
    .bind(&loc)
    .fetch_one(app.pool())
    .await
    .unwrap();
    sqlx::query("alter table events enable trigger events_no_update")
        .execute(app.pool())
        .await
        .unwrap();
    let broken = verify::verify(app.pool(), |_| {})
        .await
        .unwrap()
        .first_broken
        .expect("tampering must be found");
    assert_eq!(broken.position, position);
    assert_eq!(broken.aggregate_id, loc);
    assert!(
        broken.reason.contains("hash does not match"),
        "{}",
        broken.reason
    );
}

#[tokio::test]
async fn export_writes_every_event_as_json_lines_in_position_order() {
    let app = spawn_app().await;
    some_history(&app).await;
    let mut out: Vec<u8> = Vec::new();
    let n = export::export(app.pool(), &mut out, |_| {}).await.unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(n as usize, lines.len());
    // Background work (provisioning outcomes) may append after the export: only the events
    // up to the last exported position must all be there.
    let last = lines
        .last()
        .and_then(|l| l["position"].as_i64())
        .unwrap_or(0);
    assert_eq!(
        n as i64,
        app.count(&format!(
            "select count(*) from events where position <= {last}"
        ))
        .await
    );
    let positions: Vec<i64> = lines
        .iter()
        .map(|l| l["position"].as_i64().unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "not in position order"
    );
    assert!(
        lines
            .iter()
            .all(|l| l["hash"].as_str().is_some_and(|h| h.len() == 64))
    );
    let created = lines
        .iter()
        .find(|l| l["event_type"] == "LocationCreated")
        .unwrap();
    assert_eq!(
        created["payload"]["LocationCreated"]["name"],
        "Desa Sukamaju"
    );
}
