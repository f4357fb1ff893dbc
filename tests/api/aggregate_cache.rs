//! The bus's aggregate cache (ADR 0018): two instances writing one aggregate lose nothing,
//! a stale entry is caught up before a decision, a lost race retries on the caught-up
//! state, and the returned `Written` is where the event really landed.

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tagih_aggregates::location::{Location, LocationCommand};
use tagih_commands::{CommandBus, CommandError, Metadata, SecretBox, Written, bulk, locations};
use tagih_replay::verify;

use crate::helpers::{TestApp, eventually, fresh_database, test_settings};
use crate::whatsapp::spawn_on;

const LOCATION: &str = "Location";

/// Two instances (two `startup::build`) on one database, sharing keys.
async fn two_apps() -> (TestApp, TestApp) {
    let settings = test_settings(&fresh_database().await, false).await;
    let a = spawn_on(settings.clone()).await;
    let b = spawn_on(settings).await;
    (a, b)
}

fn meta() -> Metadata {
    Metadata::system("test")
}

async fn create_location(bus: &CommandBus, secrets: &SecretBox) -> String {
    let input = locations::LocationInput {
        name: Some("Cache 0".into()),
        host: Some("10.2.2.2".into()),
        username: Some("api".into()),
        password: Some("x".into()),
        ..Default::default()
    };
    locations::create(bus, secrets, input, &meta())
        .await
        .unwrap()
        .0
}

async fn rename(
    bus: &CommandBus,
    secrets: &SecretBox,
    id: &str,
    name: &str,
) -> Result<Written, CommandError> {
    let patch = locations::LocationInput {
        name: Some(name.into()),
        ..Default::default()
    };
    locations::update(bus, secrets, id, patch, &meta()).await
}

fn name_of(location: &Location) -> String {
    location
        .settings
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

/// The stream's (sequence, tx_id, position, name or event type), in order.
async fn stream(pool: &PgPool, id: &str) -> Vec<(i64, i64, i64, String)> {
    sqlx::query_as(
        "select sequence, tx_id::text::bigint, position,
                coalesce(payload->'LocationUpdated'->>'name', payload->'LocationCreated'->>'name', event_type)
           from events where aggregate_type = 'Location' and aggregate_id = $1 order by sequence",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_stale_entry_is_caught_up_before_the_next_decision() {
    let (a, b) = two_apps().await;
    let (bus_a, bus_b) = (&a.app.bus, &b.app.bus);
    let id = create_location(bus_a, &a.app.secrets).await;
    assert_eq!(bus_a.cache().version_of(LOCATION, &id), Some(1));
    // B deactivates; A's entry still says "active" at version 1.
    bus_b
        .execute::<Location>(&id, LocationCommand::DeactivateLocation, &meta())
        .await
        .unwrap();
    assert_eq!(bus_a.cache().version_of(LOCATION, &id), Some(1));
    // Trusting its entry, A would find reactivation a no-op and write nothing.
    let written = bus_a
        .execute::<Location>(&id, LocationCommand::ReactivateLocation, &meta())
        .await
        .unwrap();
    let events = stream(a.pool(), &id).await;
    assert_eq!(
        events.iter().map(|e| e.3.as_str()).collect::<Vec<_>>(),
        ["Cache 0", "LocationDeactivated", "LocationReactivated"]
    );
    assert_eq!(
        written,
        Written {
            tx_id: events[2].1,
            position: events[2].2
        }
    );
    assert_eq!(bus_a.cache().version_of(LOCATION, &id), Some(3));
    // And a plain load catches up too: B renames, A reads the new name.
    rename(bus_b, &b.app.secrets, &id, "Renamed by B")
        .await
        .unwrap();
    let seen: Location = bus_a.load(&id).await.unwrap();
    assert_eq!(name_of(&seen), "Renamed by B");
    assert!(seen.active);
    assert_eq!(bus_a.cache().version_of(LOCATION, &id), Some(4));
}

#[tokio::test]
async fn two_instances_writing_one_aggregate_alternately_and_at_once_lose_nothing() {
    let (a, b) = two_apps().await;
    let id = create_location(&a.app.bus, &a.app.secrets).await;
    // Alternately: each instance decides on what the other just wrote.
    for i in 1..=6 {
        let (writer, reader) = if i % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let name = format!("Turn {i}");
        rename(&writer.app.bus, &writer.app.secrets, &id, &name)
            .await
            .unwrap();
        let seen: Location = reader.app.bus.load(&id).await.unwrap();
        assert_eq!(name_of(&seen), name, "instance behind after turn {i}");
    }
    // At once: 12 writers per instance on the same stream.
    let mut tasks = Vec::new();
    for (n, app) in [&a, &b].into_iter().enumerate() {
        for i in 0..12 {
            let (bus, secrets, id) = (app.app.bus.clone(), app.app.secrets.clone(), id.clone());
            let name = format!("Race {n}-{i}");
            tasks.push(tokio::spawn(async move {
                (rename(&bus, &secrets, &id, &name).await, name)
            }));
        }
    }
    let mut landed = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            (Ok(written), name) => landed.push((written, name)),
            (Err(e), _) => assert!(matches!(e, CommandError::Conflict(_)), "{e:?}"),
        }
    }
    assert!(!landed.is_empty());
    let events = stream(a.pool(), &id).await;
    let sequences: Vec<i64> = events.iter().map(|e| e.0).collect();
    assert_eq!(
        sequences,
        (1..=events.len() as i64).collect::<Vec<_>>(),
        "gaps"
    );
    assert_eq!(
        events.len(),
        1 + 6 + landed.len(),
        "one event per landed command"
    );
    for (written, name) in &landed {
        let event = events.iter().find(|e| e.2 == written.position).unwrap();
        assert_eq!((event.1, &event.3), (written.tx_id, name), "wrong Written");
    }
    // Both instances, and a fold that bypasses every cache, agree on the last write.
    let last = events.last().unwrap().3.clone();
    let full: Location = tagih_commands::bus::load(a.pool(), &id).await.unwrap();
    assert_eq!(name_of(&full), last);
    for app in [&a, &b] {
        let seen: Location = app.app.bus.load(&id).await.unwrap();
        assert_eq!(seen, full);
    }
    assert_eq!(
        verify::verify(a.pool(), |_| {}).await.unwrap().first_broken,
        None
    );
}

/// Waits until some backend of this database waits on a lock (our insert on the rival's
/// uncommitted row).
async fn someone_waits_on_a_lock(pool: &PgPool) -> bool {
    eventually(Duration::from_secs(10), || async {
        sqlx::query_scalar::<_, i64>(
            "select count(*) from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'",
        )
        .fetch_one(pool)
        .await
        .unwrap()
            > 0
    })
    .await
}

#[tokio::test]
async fn a_command_that_loses_the_race_retries_on_the_caught_up_stream() {
    let app = crate::helpers::spawn_app().await;
    let bus = app.app.bus.clone();
    let id = create_location(&bus, &app.app.secrets).await;
    // A rival (a bulk write: not in any cache) holds sequence 2, uncommitted.
    let mut rival = app.pool().begin().await.unwrap();
    let token = vec![(
        id.clone(),
        LocationCommand::IssueRouterToken {
            token_enc: "t".into(),
        },
    )];
    bulk::execute_many::<Location>(&mut rival, token, &meta())
        .await
        .unwrap();
    let racer = {
        let (bus, secrets, id) = (bus.clone(), app.app.secrets.clone(), id.clone());
        tokio::spawn(async move { rename(&bus, &secrets, &id, "After the rival").await })
    };
    assert!(
        someone_waits_on_a_lock(app.pool()).await,
        "the racer never reached its insert"
    );
    rival.commit().await.unwrap();
    let written = racer.await.unwrap().unwrap();
    let events = stream(app.pool(), &id).await;
    assert_eq!(
        events
            .iter()
            .map(|e| (e.0, e.3.as_str()))
            .collect::<Vec<_>>(),
        [
            (1, "Cache 0"),
            (2, "LocationRouterTokenIssued"),
            (3, "After the rival")
        ]
    );
    assert_eq!(
        written,
        Written {
            tx_id: events[2].1,
            position: events[2].2
        }
    );
    assert_eq!(bus.cache().version_of(LOCATION, &id), Some(3));
}

#[tokio::test]
async fn a_retry_decides_again_so_a_rival_deactivation_refuses_the_update() {
    let app = crate::helpers::spawn_app().await;
    let bus = app.app.bus.clone();
    let id = create_location(&bus, &app.app.secrets).await;
    let mut rival = app.pool().begin().await.unwrap();
    let deactivate = vec![(id.clone(), LocationCommand::DeactivateLocation)];
    bulk::execute_many::<Location>(&mut rival, deactivate, &meta())
        .await
        .unwrap();
    let racer = {
        let (bus, secrets, id) = (bus.clone(), app.app.secrets.clone(), id.clone());
        tokio::spawn(async move { rename(&bus, &secrets, &id, "Too late").await })
    };
    assert!(someone_waits_on_a_lock(app.pool()).await);
    rival.commit().await.unwrap();
    let refused = racer.await.unwrap().unwrap_err();
    assert!(
        matches!(refused, CommandError::Domain { .. }),
        "{refused:?}"
    );
    assert_eq!(stream(app.pool(), &id).await.len(), 2);
}

#[tokio::test]
async fn commands_racing_on_one_instance_all_land_or_report_a_conflict() {
    let app = crate::helpers::spawn_app().await;
    let bus: Arc<CommandBus> = app.app.bus.clone();
    let id = create_location(&bus, &app.app.secrets).await;
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (bus, secrets, id) = (bus.clone(), app.app.secrets.clone(), id.clone());
            tokio::spawn(async move { rename(&bus, &secrets, &id, &format!("One {i}")).await })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => assert!(matches!(e, CommandError::Conflict("Location")), "{e:?}"),
        }
    }
    let events = stream(app.pool(), &id).await;
    assert_eq!(events.len(), 1 + ok);
    let state: Location = bus.load(&id).await.unwrap();
    assert_eq!(name_of(&state), events.last().unwrap().3);
    assert_eq!(
        bus.cache().version_of(LOCATION, &id),
        Some(events.len() as i64)
    );
}

#[tokio::test]
async fn written_is_where_the_event_landed_and_a_no_op_answers_the_head() {
    let app = crate::helpers::spawn_app().await;
    let bus = &app.app.bus;
    let id = create_location(bus, &app.app.secrets).await;
    let deactivated = bus
        .execute::<Location>(&id, LocationCommand::DeactivateLocation, &meta())
        .await
        .unwrap();
    let events = stream(app.pool(), &id).await;
    assert_eq!(
        deactivated,
        Written {
            tx_id: events[1].1,
            position: events[1].2
        }
    );
    // Nothing to do: no event, and the answer is the stream's head, cached or not.
    let again = bus
        .execute::<Location>(&id, LocationCommand::DeactivateLocation, &meta())
        .await
        .unwrap();
    assert_eq!(again, deactivated);
    let cold = CommandBus::with_cache_capacity(app.pool().clone(), 0);
    let from_cold = cold
        .execute::<Location>(&id, LocationCommand::DeactivateLocation, &meta())
        .await
        .unwrap();
    assert_eq!(from_cold, deactivated);
    assert!(cold.cache().is_empty());
    assert_eq!(stream(app.pool(), &id).await.len(), 2);
}

#[tokio::test]
async fn the_configured_capacity_bounds_the_bus_and_evicted_aggregates_still_load() {
    let app = crate::helpers::spawn_app().await;
    let settings = test_settings(&app.db_url, false).await;
    assert_eq!(settings.commands.aggregate_cache_capacity, 10_000);
    let mut small = settings.commands.clone();
    small.aggregate_cache_capacity = 2;
    let bus = small.bus(app.pool().clone());
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(create_location(&bus, &app.app.secrets).await);
    }
    assert_eq!(bus.cache().len(), 2);
    assert_eq!(
        bus.cache().version_of(LOCATION, &ids[0]),
        None,
        "the oldest went first"
    );
    let first: Location = bus.load(&ids[0]).await.unwrap();
    assert_eq!(name_of(&first), "Cache 0");
    assert_eq!(bus.cache().version_of(LOCATION, &ids[0]), Some(1));
    assert_eq!(bus.cache().version_of(LOCATION, &ids[1]), None);
    assert_eq!(bus.cache().len(), 2);
}

/// Every `Seq Scan` node's relation in an EXPLAIN (FORMAT JSON) plan.
fn seq_scans(plan: &serde_json::Value, out: &mut Vec<String>) {
    match plan {
        serde_json::Value::Object(node) => {
            if node.get("Node Type").and_then(|t| t.as_str()) == Some("Seq Scan") {
                out.push(node["Relation Name"].as_str().unwrap_or("?").to_string());
            }
            node.values().for_each(|v| seq_scans(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| seq_scans(v, out)),
        _ => {}
    }
}

/// The read before every command, planned on a log that was never analysed, as a custom
/// and as a generic plan: a range of the primary key, never a scan of the log.
#[tokio::test]
async fn the_read_after_a_cached_version_walks_the_primary_key() {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&fresh_database().await)
        .await
        .unwrap();
    sqlx::query(
        "insert into events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         select 'Test', 's' || (g % 100), g / 100 + 1, 'Happened', '1', '{}', '{}'
           from generate_series(0, 9999) g order by g % 100, g / 100",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let sql = tagih_commands::store::READ_AFTER_SQL;
    sqlx::raw_sql(&format!("prepare tail as {sql}"))
        .execute(&mut conn)
        .await
        .unwrap();
    for mode in ["force_custom_plan", "force_generic_plan"] {
        sqlx::raw_sql(&format!("set plan_cache_mode = {mode}"))
            .execute(&mut conn)
            .await
            .unwrap();
        let plan: serde_json::Value =
            sqlx::query_scalar("explain (format json) execute tail('Test', 's7', 90)")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        let mut scans = Vec::new();
        seq_scans(&plan, &mut scans);
        assert!(scans.is_empty(), "{mode}: {plan}");
    }
}

/// A precondition on another stream (the location of a profile must be active) trusts a
/// recently confirmed cache entry, so another instance's deactivation shows within
/// `CHECK_FRESHNESS`, this instance's own at once, and a refusal always reads the store.
#[tokio::test]
async fn a_precondition_sees_another_instances_deactivation_within_the_freshness_bound() {
    let app = crate::helpers::spawn_app().await;
    let bus = app.app.bus.clone();
    let id = create_location(&bus, &app.app.secrets).await;
    locations::require_active(&bus, &id).await.unwrap();
    let rival = CommandBus::with_cache_capacity(app.pool().clone(), 0);
    rival
        .execute::<Location>(&id, LocationCommand::DeactivateLocation, &meta())
        .await
        .unwrap();
    tokio::time::sleep(tagih_commands::bus::CHECK_FRESHNESS + Duration::from_millis(50)).await;
    let refused = locations::require_active(&bus, &id).await.unwrap_err();
    assert!(
        refused.to_string().contains("deactivated"),
        "an entry older than the bound is read again: {refused}"
    );
    // The refusal was read from the store, so the entry now says "inactive"; a
    // reactivation elsewhere is accepted at once, not after the bound.
    rival
        .execute::<Location>(&id, LocationCommand::ReactivateLocation, &meta())
        .await
        .unwrap();
    locations::require_active(&bus, &id).await.unwrap();
    // This instance's own deactivation is seen at once.
    bus.execute::<Location>(&id, LocationCommand::DeactivateLocation, &meta())
        .await
        .unwrap();
    assert!(locations::require_active(&bus, &id).await.is_err());
}
