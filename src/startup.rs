//! `build(settings)` → a running `App`: pool, migrations, bootstrap admin, projectors,
//! sagas, outbox workers, HTTP. Used by `main` and by every integration test.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use secrecy::ExposeSecret;
use sqlx::PgPool;
use tagih_app::auth::{LoginLimiter, TokenService};
use tagih_app::payments::PaymentService;
use tagih_app::{App as UseCases, Ports};
use tagih_commands::payments::Settlement;
use tagih_commands::sessions::SessionAuthority;
use tagih_commands::{CommandBus, SecretBox, SharedClock, SystemClock};
use tagih_graphql::{ApiContext, build_schema};
use tagih_replay::{HostConfig, Progress, ProjectionHost, Projector};
use tagih_sagas::jobs::{self, JobContext, RouterJobSettings, Scheduler};
use tagih_sagas::payments::plugins::PaymentPlugins;
use tagih_sagas::payments::registry::PluginRegistry;
use tagih_sagas::provisioning::{ProvisioningHandler, ProvisioningSaga};
use tagih_sagas::subscription_effects::{SubscriptionEffectsHandler, SubscriptionEffectsSaga};
use tagih_sagas::voucher_effects::{
    CleanupPolicy, CleanupSettings, VoucherEffectsHandler, VoucherEffectsSaga,
};
use tagih_sagas::whatsapp::SenderSessionsAdapter;
use tagih_sagas::{
    Leases, OutboxHandler, OutboxWakeups, OutboxWorker, RouterGateway, WorkerConfig,
};
use tokio::sync::{Notify, broadcast};
use tokio::task::JoinHandle;

use crate::config::Settings;
use crate::{bootstrap, http, keys};

/// How often an instance looks for work nobody woke it for: runners behind the log,
/// outbox kinds with rows due (docs/adr/0013-idle-wake-ups.md). One query each.
const SWEEP: Duration = Duration::from_secs(30);

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Knobs tests turn; `main` uses the defaults.
pub struct Options {
    pub router_gateway: Arc<dyn RouterGateway>,
    pub worker: WorkerConfig,
    /// The one source of "now" for jobs, sagas and webhooks.
    pub clock: SharedClock,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            router_gateway: Arc::new(tagih_sagas::RouterOsGateway::default()),
            worker: WorkerConfig::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

pub struct App {
    pub address: SocketAddr,
    pub pool: PgPool,
    pub bus: Arc<CommandBus>,
    pub progress: Progress,
    pub secrets: SecretBox,
    /// Jobs on demand (tests run them with a moved clock).
    pub scheduler: Arc<Scheduler>,
    /// What this instance checks tokens against (ADR 0019).
    pub sessions: SessionAuthority,
    /// The instance id outbox leases are held under (ADR 0024).
    pub instance_id: String,
    tasks: Vec<JoinHandle<()>>,
    _cron: Option<tokio_cron_scheduler::JobScheduler>,
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
    crate::database::connect(url.expose_secret(), settings.database.max_connections).await
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
    let bus = Arc::new(settings.commands.bus(pool.clone()));
    bootstrap::admin_from_settings(&bus, &settings).await?;
    let progress = Progress::default();
    let listener = tokio::net::TcpListener::bind(&settings.server.bind)
        .await
        .with_context(|| format!("cannot bind {}", settings.server.bind))?;
    let address = listener.local_addr()?;
    let mut tasks = start_projectors(&pool, &progress, &settings).await?;
    let (plugins, payments) = payment_service(&bus, &secrets, &settings, address)?;
    let job_context = JobContext {
        bus: bus.clone(),
        secrets: secrets.clone(),
        gateway: options.router_gateway.clone(),
        clock: options.clock.clone(),
        routers: router_job_settings(&settings, address),
        billing: settings.billing.for_jobs(),
        payments,
    };
    plugins
        .install_builtins(&tagih_commands::Metadata::system("startup"))
        .await
        .context("built-in payment plugins")?;
    let leases = outbox_leases(&pool, &settings, &options.worker).await?;
    tasks.push(tokio::spawn(
        leases
            .clone()
            .renew_forever(pool.clone(), options.worker.lease),
    ));
    // One LISTEN connection wakes every outbox worker of this instance.
    let wakeups = OutboxWakeups::default();
    tasks.push(tokio::spawn(wakeups.clone().listen(pool.clone())));
    tasks.push(tokio::spawn(wakeups.clone().sweep(pool.clone(), SWEEP)));
    tasks.extend(
        tagih_sagas::whatsapp::runtime::start(
            &job_context,
            &settings.whatsapp,
            settings.redis.url.as_deref(),
            &settings.redis.key_prefix,
            options.worker.clone(),
            &wakeups,
            &leases,
        )
        .await?,
    );
    let workers = OutboxWorker::new(pool.clone(), options.worker, leases.clone());
    tasks.extend(start_router_workers(
        &job_context,
        &plugins,
        settings.routers.cancel_policy,
        settings.routers.subscription_batch_size.clamp(1, 5_000),
        &workers,
        &wakeups,
    ));
    let instance = format!("{}-{}", address, std::process::id());
    let scheduler = Arc::new(Scheduler::new(job_context.clone(), instance, jobs::all()));
    let cron = if settings.jobs.enabled {
        Some(scheduler.clone().start(&settings.jobs.schedules).await?)
    } else {
        None
    };
    let authority = SessionAuthority::new(pool.clone(), TokenService::lifetime());
    tasks.push(tokio::spawn(authority.clone().follow()));
    let (sessions, _) = broadcast::channel(256);
    tasks.push(tokio::spawn(forward_session_changes(
        pool.clone(),
        sessions.clone(),
    )));
    // The application: use cases over the bus, with the sagas' adapters as its ports.
    let app = UseCases {
        bus: bus.clone(),
        pool: pool.clone(),
        progress: progress.clone(),
        secrets: secrets.clone(),
        clock: job_context.clock.clone(),
        read_your_writes: Duration::from_millis(settings.api.read_your_writes_ms),
        payments: job_context.payments.clone(),
        ports: Ports {
            jobs: scheduler.clone(),
            routers: Arc::new(job_context.clone()),
            senders: Arc::new(SenderSessionsAdapter {
                secrets: secrets.clone(),
            }),
        },
    };
    let ctx = ApiContext {
        app: app.clone(),
        tokens: TokenService::new(keys.jwt_secret, authority.clone()),
        limiter: limiter(&settings).await?,
        sessions,
    };
    let options = http::HttpOptions::from_settings(&settings);
    let header_read_timeout = options.header_read_timeout;
    let router = http::router(build_schema(ctx.clone()), ctx, app, options);
    tasks.push(tokio::spawn(http::serve(
        listener,
        router,
        header_read_timeout,
    )));
    tracing::info!(%address, "tagih is serving");
    Ok(App {
        address,
        pool,
        bus,
        progress,
        secrets,
        scheduler,
        sessions: authority,
        instance_id: leases.owner().to_string(),
        tasks,
        _cron: cron,
    })
}

/// Plugins (built-ins compiled from the binary, uploads from the database) and the flows
/// that use them.
fn payment_service(
    bus: &Arc<CommandBus>,
    secrets: &SecretBox,
    settings: &Settings,
    address: SocketAddr,
) -> anyhow::Result<(Arc<PaymentPlugins>, Arc<PaymentService>)> {
    let trust = settings.payments.trust_policy()?;
    let registry = PluginRegistry::new(plugin_limits(settings), trust).context("plugin runtime")?;
    let plugins = Arc::new(PaymentPlugins {
        registry,
        bus: bus.clone(),
        secrets: secrets.clone(),
        allow_private_hosts: settings.payments.allow_private_plugin_hosts,
    });
    let base = if settings.payments.webhook_base_url.is_empty() {
        format!("http://{address}")
    } else {
        settings
            .payments
            .webhook_base_url
            .trim_end_matches('/')
            .to_string()
    };
    let service = Arc::new(PaymentService {
        gateway: plugins.clone(),
        bus: bus.clone(),
        webhook_base_url: base,
        settlement: Settlement {
            policy: settings.billing.for_jobs().late_payment_policy,
            shortfall_as_debt: false,
        },
        turns: Default::default(),
    });
    Ok((plugins, service))
}

fn router_job_settings(settings: &Settings, address: SocketAddr) -> RouterJobSettings {
    let r = &settings.routers;
    RouterJobSettings {
        webhook_base_url: if r.webhook_base_url.is_empty() {
            format!("http://{address}")
        } else {
            r.webhook_base_url.trim_end_matches('/').to_string()
        },
        voucher_marker: r.voucher_marker.clone(),
        pppoe_marker: r.pppoe_marker.clone(),
        drift_policy: r.drift_policy,
        health_heartbeat_secs: r.health_heartbeat_secs,
        ..RouterJobSettings::default()
    }
}

/// Turns `router_sessions` notifications (from whichever instance polled) into the
/// in-process channel `activeSessionsChanged` subscribers read.
async fn forward_session_changes(pool: PgPool, tx: broadcast::Sender<String>) {
    loop {
        let listener = sqlx::postgres::PgListener::connect_with(&pool).await;
        let mut listener = match listener {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "sessions listener: cannot connect");
                tokio::time::sleep(Duration::from_secs(2)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(jobs::session_poll::CHANNEL).await {
            tracing::warn!(error = %e, "sessions listener: cannot listen");
            tokio::time::sleep(Duration::from_secs(2)).await;
            continue;
        }
        while let Ok(n) = listener.recv().await {
            let _ = tx.send(n.payload().to_string());
        }
    }
}

/// Every read model and saga the projection host drives, in the order it applies them:
/// read models first, so that sagas reading them see the same batch applied.
pub fn projectors(settings: &Settings) -> Vec<Arc<dyn Projector>> {
    let mut all = tagih_projections::all();
    all.push(Arc::new(ProvisioningSaga));
    all.push(Arc::new(VoucherEffectsSaga {
        cleanup: CleanupSettings {
            policy: settings.routers.cleanup_policy,
            delay_secs: settings.routers.cleanup_delay_secs,
        },
    }));
    all.push(Arc::new(SubscriptionEffectsSaga));
    all.push(Arc::new(tagih_sagas::payments::settle::SettlementSaga));
    all.push(Arc::new(tagih_sagas::payments::hooks::HookSaga));
    all.push(Arc::new(tagih_sagas::receipts::ReceiptSaga));
    all.extend(tagih_sagas::whatsapp::runtime::sagas(&settings.whatsapp));
    all.extend(crate::idle_consumers::idle_consumers(
        settings.projections.idle_consumers,
    ));
    all
}

/// The instance's projection host (every read model and saga, one feed), the listener that
/// wakes it and carries other instances' progress, and its sweep.
async fn start_projectors(
    pool: &PgPool,
    progress: &Progress,
    settings: &Settings,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let host = ProjectionHost::new(
        pool.clone(),
        progress.clone(),
        HostConfig {
            batch_size: settings.projections.batch_size.max(1),
            ..HostConfig::default()
        },
        projectors(settings),
    )
    .await?;
    let names = host.names().to_vec();
    let wake = Arc::new(Notify::new());
    Ok(vec![
        Arc::new(host).spawn(wake.clone()),
        tokio::spawn(tagih_replay::listener::listen(
            pool.clone(),
            progress.clone(),
            vec![wake.clone()],
        )),
        tokio::spawn(tagih_replay::sweep::sweep(pool.clone(), SWEEP, names, wake)),
    ])
}

/// The instance's outbox leases, under its id; rows a previous run of this instance left
/// in flight are given back first, so its workers resume them at once (ADR 0024).
async fn outbox_leases(
    pool: &PgPool,
    settings: &Settings,
    worker: &WorkerConfig,
) -> anyhow::Result<Leases> {
    let leases = Leases::new(settings.server.instance_id());
    let released = leases
        .release_previous_run(pool)
        .await
        .context("releasing the previous run's outbox leases")?;
    tracing::info!(
        instance = leases.owner(),
        released,
        lease_secs = worker.lease.as_secs_f64(),
        "outbox leases held under this instance id"
    );
    Ok(leases)
}

/// Outbox workers for router effects: provisioning and the voucher's later life.
fn start_router_workers(
    ctx: &JobContext,
    plugins: &Arc<PaymentPlugins>,
    cancel_policy: CleanupPolicy,
    subscription_batch_size: i64,
    workers: &OutboxWorker,
    wakeups: &OutboxWakeups,
) -> Vec<JoinHandle<()>> {
    let provisioning: Arc<dyn OutboxHandler> = Arc::new(ProvisioningHandler {
        bus: ctx.bus.clone(),
        secrets: ctx.secrets.clone(),
        gateway: ctx.gateway.clone(),
    });
    let effects: Arc<dyn OutboxHandler> = Arc::new(VoucherEffectsHandler {
        bus: ctx.bus.clone(),
        secrets: ctx.secrets.clone(),
        gateway: ctx.gateway.clone(),
    });
    let subscriptions: Arc<dyn OutboxHandler> = Arc::new(SubscriptionEffectsHandler {
        bus: ctx.bus.clone(),
        secrets: ctx.secrets.clone(),
        gateway: ctx.gateway.clone(),
        cancel_policy,
        pppoe_marker: ctx.routers.pppoe_marker.clone(),
        batch_size: subscription_batch_size,
    });
    let mut tasks = Vec::new();
    let settlement: Arc<dyn OutboxHandler> =
        Arc::new(tagih_sagas::payments::settle::SettlementHandler {
            bus: ctx.bus.clone(),
            settlement: ctx.payments.settlement,
        });
    let hooks: Arc<dyn OutboxHandler> = Arc::new(tagih_sagas::payments::hooks::HookHandler {
        plugins: plugins.clone(),
    });
    let receipts: Arc<dyn OutboxHandler> = Arc::new(tagih_sagas::receipts::ReceiptHandler {
        bus: ctx.bus.clone(),
        clock: ctx.clock.clone(),
    });
    for handler in [
        provisioning,
        effects,
        subscriptions,
        settlement,
        hooks,
        receipts,
    ] {
        tasks.extend(workers.spawn(handler, wakeups));
    }
    tasks
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

/// The plugin sandbox's limits: requests reach only public addresses, whatever a name
/// resolves to, unless private hosts are allowed (development, tests; ADR 0026).
fn plugin_limits(settings: &Settings) -> tagih_plugins::Limits {
    let public_only: tagih_plugins::AddressFilter = tagih_aggregates::plugin_hosts::is_public_ip;
    tagih_plugins::Limits {
        egress: (!settings.payments.allow_private_plugin_hosts).then_some(public_only),
        ..tagih_plugins::Limits::default()
    }
}
