//! `spawn_app()`: a running Tagih on a random port with its own database, plus a GraphQL
//! client and a RouterGateway double that records what reached "the router".

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use secrecy::SecretString;
use serde_json::{Value, json};
use sqlx::{Connection, PgConnection, PgPool};
use tagih::config::Settings;
use tagih::startup::{self, App, Options};
use tagih_commands::SecretBox;
use tagih_sagas::{HotspotVoucher, RouterError, RouterGateway, RouterTarget, WorkerConfig};

pub const ROOT: &str = "root";
pub const ROOT_PASSWORD: &str = "root-password-1";

/// The PostgreSQL server's maintenance database (where tests read server-wide views).
pub fn server_url() -> String {
    std::env::var("TAGIH_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn db_url(name: &str) -> String {
    let base = server_url();
    let cut = base.rfind('/').unwrap_or(base.len());
    format!("{}/{name}", &base[..cut])
}

pub fn redis_url() -> String {
    std::env::var("TAGIH_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// A template database migrated once per migration set; every test clones it.
async fn template() -> String {
    let digest: u64 = startup::MIGRATOR
        .iter()
        .fold(1469598103934665603u64, |h, m| {
            m.checksum
                .iter()
                .fold(h, |h, b| (h ^ u64::from(*b)).wrapping_mul(1099511628211))
        });
    let name = format!("tagih_template_{digest:016x}");
    let mut conn = PgConnection::connect(&server_url())
        .await
        .expect("postgres is not reachable");
    sqlx::query("select pg_advisory_lock(727271)")
        .execute(&mut conn)
        .await
        .unwrap();
    let exists: bool =
        sqlx::query_scalar("select exists(select 1 from pg_database where datname = $1)")
            .bind(&name)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    if !exists {
        sqlx::query(&format!("create database {name}_wip"))
            .execute(&mut conn)
            .await
            .unwrap();
        let pool = PgPool::connect(&db_url(&format!("{name}_wip")))
            .await
            .unwrap();
        startup::MIGRATOR.run(&pool).await.unwrap();
        pool.close().await;
        sqlx::query(&format!("alter database {name}_wip rename to {name}"))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    sqlx::query("select pg_advisory_unlock(727271)")
        .execute(&mut conn)
        .await
        .unwrap();
    name
}

pub async fn fresh_database() -> String {
    let template = template().await;
    let name = format!("tagih_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = PgConnection::connect(&server_url()).await.unwrap();
    for attempt in 0..20 {
        match sqlx::query(&format!("create database {name} template {template}"))
            .execute(&mut conn)
            .await
        {
            Ok(_) => return db_url(&name),
            // Another test may be cloning the template at this instant.
            Err(_) if attempt < 19 => {
                tokio::time::sleep(Duration::from_millis(50 + attempt * 20)).await
            }
            Err(e) => panic!("cannot create test database: {e}"),
        }
    }
    unreachable!()
}

/// What the fake router holds: hotspot users by name, and every add attempt.
#[derive(Default)]
pub struct FakeRouter {
    pub offline: AtomicBool,
    pub users: Mutex<HashMap<String, HotspotVoucher>>,
    pub adds: Mutex<Vec<String>>,
    pub refuse: Mutex<Vec<String>>,
}

impl FakeRouter {
    pub fn user_count(&self) -> usize {
        self.users.lock().unwrap().len()
    }
    pub fn add_count(&self) -> usize {
        self.adds.lock().unwrap().len()
    }
}

#[async_trait]
impl RouterGateway for FakeRouter {
    async fn add_hotspot_users(
        &self,
        _: &RouterTarget,
        users: &[HotspotVoucher],
    ) -> Result<Vec<Result<(), RouterError>>, RouterError> {
        if self.offline.load(Ordering::SeqCst) {
            return Err(RouterError::Unreachable("connection refused".into()));
        }
        let refuse = self.refuse.lock().unwrap().clone();
        let mut out = Vec::new();
        for u in users {
            self.adds.lock().unwrap().push(u.code.clone());
            if refuse.contains(&u.code) {
                out.push(Err(RouterError::Refused(
                    "input does not match any value of profile".into(),
                )));
                continue;
            }
            // A retried add of a user we already hold (same voucher) counts as success.
            self.users.lock().unwrap().insert(u.code.clone(), u.clone());
            out.push(Ok(()));
        }
        Ok(out)
    }
}

pub struct TestApp {
    pub app: App,
    pub url: String,
    pub db_url: String,
    pub client: reqwest::Client,
    pub router: Arc<FakeRouter>,
}

pub struct Spawn {
    pub redis: bool,
    pub worker: WorkerConfig,
}

impl Default for Spawn {
    fn default() -> Self {
        Self {
            redis: false,
            worker: WorkerConfig {
                lease: Duration::from_secs(30),
                max_attempts: 3,
                base_backoff: Duration::from_millis(20),
                max_backoff: Duration::from_millis(200),
                tick: Duration::from_millis(20),
                // Long on purpose: every test must be served by wake-ups and due times.
                fallback: Duration::from_secs(60),
                concurrency: 2,
            },
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(Spawn::default()).await
}

pub async fn test_settings(db_url: &str, redis: bool) -> Settings {
    let mut s = Settings::load(std::path::Path::new("config")).expect("settings");
    s.server.bind = "127.0.0.1:0".into();
    s.database.url = Some(SecretString::from(db_url.to_string()));
    // PostgreSQL allows 100 connections by default. Each app also holds its listeners (events,
    // outbox), so 4 test threads x (6 + listeners), two-instance tests included, stay near
    // half of that: room for a second suite or a loop of one test file beside this one.
    s.database.max_connections = 6;
    s.database.data_dir = std::env::temp_dir().join("tagih-tests");
    s.security.jwt_secret = Some(SecretString::from(SecretBox::generate_key()));
    s.security.encryption_key = Some(SecretString::from(SecretBox::generate_key()));
    s.bootstrap.admin_username = Some(ROOT.into());
    s.bootstrap.admin_password = Some(SecretString::from(ROOT_PASSWORD.to_string()));
    s.redis.url = redis.then(redis_url);
    s.redis.key_prefix = format!("test-{}:", uuid::Uuid::new_v4().simple());
    // Tests run jobs by hand (with a moved clock) so runs never interleave with asserts.
    s.jobs.enabled = false;
    s
}

pub async fn spawn_with(spawn: Spawn) -> TestApp {
    let db_url = fresh_database().await;
    let settings = test_settings(&db_url, spawn.redis).await;
    spawn_from(settings, db_url, spawn.worker).await
}

/// A running app with these settings (on the database `db_url`) and a fake router.
pub async fn spawn_from(settings: Settings, db_url: String, worker: WorkerConfig) -> TestApp {
    let router = Arc::new(FakeRouter::default());
    let options = Options {
        clock: std::sync::Arc::new(tagih_commands::SystemClock),
        router_gateway: router.clone(),
        worker,
    };
    let app = startup::build(settings, options)
        .await
        .expect("app failed to start");
    let url = format!("http://{}", app.address);
    TestApp {
        app,
        url,
        db_url,
        client: reqwest::Client::new(),
        router,
    }
}

impl TestApp {
    pub fn pool(&self) -> &PgPool {
        &self.app.pool
    }

    /// Posts a GraphQL operation; returns the whole response body.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut req = self
            .client
            .post(format!("{}/graphql", self.url))
            .json(&json!({"query": query, "variables": variables}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
            .await
            .expect("request failed")
            .json()
            .await
            .expect("response is not JSON")
    }

    pub async fn login(&self, username: &str, password: &str) -> String {
        let r = self
            .gql(
                None,
                "mutation($u:String!,$p:String!){ login(username:$u, password:$p) { token } }",
                json!({"u": username, "p": password}),
            )
            .await;
        r["data"]["login"]["token"]
            .as_str()
            .unwrap_or_else(|| panic!("login failed: {r}"))
            .to_string()
    }

    pub async fn root_token(&self) -> String {
        self.login(ROOT, ROOT_PASSWORD).await
    }

    pub async fn create_location(&self, token: &str, name: &str) -> String {
        let r = self.gql(Some(token), "mutation($n:String!){ createLocation(input:{name:$n, host:\"10.0.0.1\", username:\"api\", password:\"router-pass\", hotspotServer:\"hs1\"}) { id } }", json!({"n": name})).await;
        r["data"]["createLocation"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("createLocation failed: {r}"))
            .to_string()
    }

    pub async fn create_profile(&self, token: &str, location: &str, name: &str) {
        let r = self.gql(Some(token), "mutation($l:String!,$n:String!){ upsertVoucherProfile(input:{locationId:$l, name:$n, priceSell:\"5000\", priceCost:\"3500\", validity:\"1d\", rateLimit:\"2M/2M\"}) { id } }", json!({"l": location, "n": name})).await;
        assert!(r["errors"].is_null(), "upsertVoucherProfile failed: {r}");
    }

    pub async fn generate(&self, token: &str, location: &str, profile: &str, count: i64) -> Value {
        self.gql(Some(token), "mutation($l:String!,$p:String!,$c:Int!){ generateVouchers(input:{locationId:$l, profile:$p, count:$c, prefix:\"T\", codeLength:8, charset:MIXED}) { id count vouchers { id code password } } }", json!({"l": location, "p": profile, "c": count})).await
    }

    /// A location with a profile "1 Hari", ready for vouchers.
    pub async fn location_with_profile(&self, token: &str) -> String {
        let loc = self.create_location(token, "Desa Sukamaju").await;
        self.create_profile(token, &loc, "1 Hari").await;
        loc
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(self.pool())
            .await
            .unwrap()
    }
}

/// A whole second `minutes` before the wall clock, for inputs that must lie in the recent past
/// whatever the date the suite runs on.
pub fn minutes_ago(minutes: i64) -> chrono::DateTime<chrono::Utc> {
    use chrono::{SubsecRound, Utc};
    (Utc::now() - chrono::Duration::minutes(minutes)).trunc_subsecs(0)
}

/// The error code of the first GraphQL error.
pub fn code(r: &Value) -> &str {
    r["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

/// Polls `check` until it holds or `timeout` passes.
pub async fn eventually<F, Fut>(timeout: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < timeout {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    false
}
