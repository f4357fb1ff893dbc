//! The command bus: one postgres-es framework per aggregate (full-replay event-store mode
//! only — its snapshot modes apply events twice), metadata on every event, and retry with
//! jitter when a concurrent writer wins the optimistic-concurrency race.

use std::time::Duration;

use cqrs_es::persist::PersistedEventStore;
use cqrs_es::{Aggregate, CqrsFramework};
use postgres_es::{PostgresCqrs, PostgresEventRepository};
use rand::Rng;
use sqlx::PgPool;
use tagih_aggregates::HasErrorKind;
use tagih_aggregates::{
    admin_user::AdminUser, customer::Customer, invoice::Invoice, location::Location,
    ppp_profile::PppProfile, router_drift::RouterDrift, router_health::RouterHealth,
    subscription::Subscription, voucher::Voucher, voucher_batch::VoucherBatch,
    voucher_profile::VoucherProfile,
};
use tagih_aggregates::{
    message_template::MessageTemplate, whatsapp_message::WhatsAppMessage,
    whatsapp_opt_out::WhatsAppOptOut, whatsapp_sender::WhatsAppSender,
};
use tagih_aggregates::{payment::Payment, plugin_install::PluginInstall};

use crate::error::CommandError;
use crate::metadata::Metadata;

const MAX_ATTEMPTS: u32 = 5;

/// Where a command's last event landed in the log: (writing transaction, position), which
/// orders as the log's commit order does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Written {
    pub tx_id: i64,
    pub position: i64,
}

pub struct CommandBus {
    pool: PgPool,
    admins: PostgresCqrs<AdminUser>,
    locations: PostgresCqrs<Location>,
    profiles: PostgresCqrs<VoucherProfile>,
    vouchers: PostgresCqrs<Voucher>,
    batches: PostgresCqrs<VoucherBatch>,
    ppp_profiles: PostgresCqrs<PppProfile>,
    health: PostgresCqrs<RouterHealth>,
    drift: PostgresCqrs<RouterDrift>,
    customers: PostgresCqrs<Customer>,
    subscriptions: PostgresCqrs<Subscription>,
    invoices: PostgresCqrs<Invoice>,
    wa_senders: PostgresCqrs<WhatsAppSender>,
    wa_templates: PostgresCqrs<MessageTemplate>,
    wa_messages: PostgresCqrs<WhatsAppMessage>,
    wa_opt_outs: PostgresCqrs<WhatsAppOptOut>,
    payments: PostgresCqrs<Payment>,
    plugins: PostgresCqrs<PluginInstall>,
}

/// Picks the framework of an aggregate type.
pub trait Routed: Aggregate<Services = ()> + 'static {
    fn framework(bus: &CommandBus) -> &PostgresCqrs<Self>;
}

macro_rules! routed {
    ($($t:ty => $field:ident),*) => {$(
        impl Routed for $t {
            fn framework(bus: &CommandBus) -> &PostgresCqrs<Self> { &bus.$field }
        }
    )*};
}
routed!(AdminUser => admins, Location => locations, VoucherProfile => profiles,
        Voucher => vouchers, VoucherBatch => batches, PppProfile => ppp_profiles,
        RouterHealth => health, RouterDrift => drift, Customer => customers,
        Subscription => subscriptions, Invoice => invoices);
routed!(WhatsAppSender => wa_senders, MessageTemplate => wa_templates,
        WhatsAppMessage => wa_messages, WhatsAppOptOut => wa_opt_outs);
routed!(Payment => payments, PluginInstall => plugins);

fn framework<A: Aggregate<Services = ()>>(pool: &PgPool) -> PostgresCqrs<A> {
    let store = PersistedEventStore::new_event_store(PostgresEventRepository::new(pool.clone()));
    CqrsFramework::new(store, vec![], ())
}

impl CommandBus {
    pub fn new(pool: PgPool) -> Self {
        Self {
            admins: framework(&pool),
            locations: framework(&pool),
            profiles: framework(&pool),
            vouchers: framework(&pool),
            batches: framework(&pool),
            ppp_profiles: framework(&pool),
            health: framework(&pool),
            drift: framework(&pool),
            customers: framework(&pool),
            subscriptions: framework(&pool),
            invoices: framework(&pool),
            wa_senders: framework(&pool),
            wa_templates: framework(&pool),
            wa_messages: framework(&pool),
            wa_opt_outs: framework(&pool),
            payments: framework(&pool),
            plugins: framework(&pool),
            pool,
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Executes a command; returns where the stream's newest event now is.
    pub async fn execute<A>(
        &self,
        id: &str,
        cmd: A::Command,
        meta: &Metadata,
    ) -> Result<Written, CommandError>
    where
        A: Routed,
        A::Command: Clone,
        A::Error: HasErrorKind,
    {
        let map = meta.to_map();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = A::framework(self)
                .execute_with_metadata(id, cmd.clone(), map.clone())
                .await;
            match result.map_err(|e| CommandError::from_aggregate(e, A::TYPE)) {
                Ok(()) => return stream_head(&mut *self.pool.acquire().await?, A::TYPE, id).await,
                Err(CommandError::Conflict(_)) if attempt < MAX_ATTEMPTS => jitter(attempt).await,
                Err(e) => return Err(e),
            }
        }
    }

    /// The current state of an aggregate (default when it has no events).
    pub async fn load<A: Aggregate>(&self, id: &str) -> Result<A, CommandError> {
        load(&self.pool, id).await
    }
}

/// Where a stream's newest event landed in the log (zero when it has none).
pub(crate) async fn stream_head(
    conn: &mut sqlx::PgConnection,
    aggregate_type: &str,
    id: &str,
) -> Result<Written, CommandError> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "select tx_id::text::bigint, position from events
          where aggregate_type = $1 and aggregate_id = $2 order by sequence desc limit 1",
    )
    .bind(aggregate_type)
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row
        .map(|(tx_id, position)| Written { tx_id, position })
        .unwrap_or_default())
}

/// Folds a stream from the store with the aggregate's own `apply`.
pub async fn load<A: Aggregate>(pool: &PgPool, id: &str) -> Result<A, CommandError> {
    let payloads: Vec<String> = sqlx::query_scalar(
        "select payload::text from events where aggregate_type = $1 and aggregate_id = $2 order by sequence",
    )
    .bind(A::TYPE)
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut aggregate = A::default();
    for p in payloads {
        aggregate.apply(serde_json::from_str(&p)?);
    }
    Ok(aggregate)
}

/// Random pause that grows with the attempt, so racing writers spread out.
pub async fn jitter(attempt: u32) {
    let ms = rand::thread_rng().gen_range(1..=5u64 * u64::from(attempt));
    tokio::time::sleep(Duration::from_millis(ms)).await;
}
