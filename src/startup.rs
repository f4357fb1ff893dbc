//! `build(settings)` → a running `App`: pool, migrations, bootstrap admin, projectors,
//! sagas, outbox workers, HTTP. Used by `main` and by every integration test.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use secrecy::ExposeSecret;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use tagih_commands::{CommandBus, SecretBox};
use tagih_graphql::auth::{LoginLimiter, TokenService};
use tagih_graphql::{ApiContext, build_schema};
use tagih_replay::{Progress, Projector, ProjectorRunner, RunnerConfig};
use tagih_sagas::provisioning::{ProvisioningHandler, ProvisioningSaga};
use tagih_sagas::{OutboxHandler, OutboxWorker, RouterGateway, WorkerConfig};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::config::Settings;
use crate::{bootstrap, http, keys};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Knobs tests turn; `main` uses the defaults.
pub struct Options {
    pub router_gateway: Arc<dyn RouterGateway>,
    pub worker: WorkerConfig,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            router_gateway: Arc::new(tagih_sagas::RouterOsGateway::default()),
            worker: WorkerConfig::default(),
        }
    }
}

pub struct App {
    pub address: SocketAddr,
    pub pool: PgPool,
    pub bus: Arc<CommandBus>,
    pub progress: Progress,
    pub secrets: SecretBox,
    tasks: Vec<JoinHandle<()>>,
}

impl App {
    /// Stops background work and the HTTP server.
    pub fn shutdown(&mut self) {
        for t in self.tasks.drain(..) {
            t.abort();
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.shutdown();
    }
}

pub async fn connect(settings: &Settings) -> anyhow::Result<PgPool> {
    let url = settings.database.url.as_ref().context("no database url")?;
    let pool = PgPoolOptions::new()
        .max_connections(settings.database.max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url.expose_secret())
        .await
        .context("cannot connect to PostgreSQL")?;
    Ok(pool)
}

pub async fn build(settings: Settings, options: Options) -> anyhow::Result<App> {
    http::install_metrics();
    let pool = connect(&settings).await?;
    MIGRATOR.run(&pool).await.context("migrations failed")?;
    let keys = keys::resolve(
        &settings.database.data_dir,
        settings.security.jwt_secret.clone(),
        settings.security.encryption_key.clone(),
    )?;
    let secrets = SecretBox::from_base64_key(keys.encryption_key.expose_secret())
        .context("encryption key")?;
    let bus = Arc::new(CommandBus::new(pool.clone()));
    bootstrap::admin_from_settings(&bus, &settings).await?;
    let progress = Progress::default();
    let mut tasks = start_projectors(&pool, &progress).await?;
    tasks.extend(start_provisioning(&pool, &bus, &secrets, options));
    let ctx = ApiContext {
        bus: bus.clone(),
        pool: pool.clone(),
        progress: progress.clone(),
        secrets: secrets.clone(),
        tokens: TokenService::new(keys.jwt_secret),
        limiter: limiter(&settings).await?,
        read_your_writes: Duration::from_millis(settings.api.read_your_writes_ms),
    };
    let router = http::router(
        build_schema(ctx.clone()),
        ctx,
        settings.api.body_limit_bytes,
    );
    let listener = tokio::net::TcpListener::bind(&settings.server.bind)
        .await
        .with_context(|| format!("cannot bind {}", settings.server.bind))?;
    let address = listener.local_addr()?;
    tasks.push(tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service).await {
            tracing::error!(error = %e, "http server stopped");
        }
    }));
    tracing::info!(%address, "tagih is serving");
    Ok(App {
        address,
        pool,
        bus,
        progress,
        secrets,
        tasks,
    })
}

/// Every projector and saga the runner drives.
pub fn projectors() -> Vec<Arc<dyn Projector>> {
    let mut all = tagih_projections::all();
    all.push(Arc::new(ProvisioningSaga));
    all
}

async fn start_projectors(
    pool: &PgPool,
    progress: &Progress,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let runner = ProjectorRunner::new(pool.clone(), progress.clone(), RunnerConfig::default());
    let mut tasks = Vec::new();
    let mut wakers = Vec::new();
    for p in projectors() {
        runner.register(p.name()).await?;
        let wake = Arc::new(Notify::new());
        wakers.push(wake.clone());
        tasks.push(runner.spawn(p, wake));
    }
    tasks.push(tokio::spawn(tagih_replay::listener::listen(
        pool.clone(),
        progress.clone(),
        wakers,
    )));
    Ok(tasks)
}

fn start_provisioning(
    pool: &PgPool,
    bus: &Arc<CommandBus>,
    secrets: &SecretBox,
    options: Options,
) -> Vec<JoinHandle<()>> {
    let handler: Arc<dyn OutboxHandler> = Arc::new(ProvisioningHandler {
        bus: bus.clone(),
        secrets: secrets.clone(),
        gateway: options.router_gateway,
    });
    OutboxWorker::new(pool.clone(), options.worker).spawn(handler, Arc::new(Notify::new()))
}

async fn limiter(settings: &Settings) -> anyhow::Result<LoginLimiter> {
    let window = Duration::from_secs(settings.security.login_window_secs);
    let max = settings.security.login_max_failures;
    let Some(url) = settings.redis.url.as_deref() else {
        return Ok(LoginLimiter::in_memory(max, window));
    };
    let client = redis::Client::open(url).context("invalid REDIS_URL")?;
    let conn = redis::aio::ConnectionManager::new(client)
        .await
        .context("cannot connect to Redis")?;
    Ok(LoginLimiter::redis(
        conn,
        max,
        window,
        &settings.redis.key_prefix,
    ))
}
