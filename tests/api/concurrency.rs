//! Concurrent commands on one aggregate: every command succeeds or fails cleanly, nothing is
//! lost, streams stay contiguous.

use std::sync::Arc;

use serde_json::json;
use tagih_aggregates::location::Location;
use tagih_commands::{CommandBus, Metadata, locations};
use tagih_replay::verify;

use crate::helpers::{code, spawn_app};

#[tokio::test]
async fn concurrent_updates_through_graphql_all_succeed_or_report_conflict() {
    let app = Arc::new(spawn_app().await);
    let token = app.root_token().await;
    let loc = app.create_location(&token, "Hot Spot").await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (app, token, loc) = (app.clone(), token.clone(), loc.clone());
        tasks.push(tokio::spawn(async move {
            app.gql(Some(&token), "mutation($id:String!,$n:String!){ updateLocation(id:$id, input:{name:$n}) { name } }", json!({"id": loc, "n": format!("Name {i}")})).await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        let r = t.await.unwrap();
        if r["errors"].is_null() {
            ok += 1;
        } else {
            assert_eq!(code(&r), "CONFLICT", "only conflicts may fail: {r}");
        }
    }
    assert!(ok >= 1);
    let updates = app.count(&format!("select count(*) from events where aggregate_id = '{loc}' and event_type = 'LocationUpdated'")).await;
    assert_eq!(updates, ok, "every success is exactly one event");
    let max_seq = app
        .count(&format!(
            "select max(sequence) from events where aggregate_id = '{loc}'"
        ))
        .await;
    assert_eq!(max_seq, ok + 1, "the stream has no gaps");
    assert_eq!(
        verify::verify(app.pool(), |_| {})
            .await
            .unwrap()
            .first_broken,
        None
    );
}

#[tokio::test]
async fn the_bus_retries_conflicts_so_racing_commands_land() {
    let app = spawn_app().await;
    let bus = Arc::new(CommandBus::new(app.pool().clone()));
    let input = locations::LocationInput {
        name: Some("Race".into()),
        host: Some("10.1.1.1".into()),
        username: Some("api".into()),
        password: Some("x".into()),
        ..Default::default()
    };
    let (id, _) = locations::create(&bus, &app.app.secrets, input, &Metadata::system("test"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let (bus, id, secrets) = (bus.clone(), id.clone(), app.app.secrets.clone());
        tasks.push(tokio::spawn(async move {
            let patch = locations::LocationInput {
                name: Some(format!("Race {i}")),
                ..Default::default()
            };
            locations::update(&bus, &secrets, &id, patch, &Metadata::system("test")).await
        }));
    }
    let results: Vec<_> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    let ok = results.iter().filter(|r| r.is_ok()).count() as i64;
    for r in results.iter().filter(|r| r.is_err()) {
        assert!(
            matches!(r, Err(tagih_commands::CommandError::Conflict(_))),
            "{r:?}"
        );
    }
    let state: Location = bus.load(&id).await.unwrap();
    assert!(state.settings.unwrap().name.starts_with("Race "));
    let updates = app.count(&format!("select count(*) from events where aggregate_id = '{id}' and event_type = 'LocationUpdated'")).await;
    assert_eq!(updates, ok);
}
