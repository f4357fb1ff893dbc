//! Payments and payment plugins: open a payment at a gateway, confirm cash, refund, decide
//! reviews; list payments with their callbacks; finance reports; plugin activation and
//! settings. (Packages are uploaded with `POST /plugins`.)

use std::io::Read;

use async_graphql::{Context, InputObject, Object, Result, Subscription, Upload};
use chrono::{DateTime, Utc};
use futures::stream::{BoxStream, StreamExt};
use rust_decimal::Decimal;
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::Role;
use tagih_aggregates::payment;
use tagih_aggregates::payment::{Confirmation, ConfirmationSource, RefundInput};
use tagih_commands::payments;
use tagih_commands::plugins::{self, SettingsForm};
use tagih_projections::names;
use tagih_projections::payments::{PaymentRow, Payments};
use tagih_sagas::payments::plugins::typed_settings;
use tagih_sagas::payments::service::PaymentFlowError;

use crate::auth::RoleGuard;
use crate::auth::guard::actor;
use crate::billing_reads::head;
use crate::context::{ApiContext, api, metadata};
use crate::error::{ApiError, gql};
use crate::payment_types::{FinanceGrouping, FinanceRow, OpenedPayment, Payment, PluginInfo};
use crate::read_after::answer_after;

/// See `payment_errors`: a server failure is INTERNAL, never REJECTED with its cause.
fn flow(e: PaymentFlowError) -> async_graphql::Error {
    gql(e)
}

async fn payment_row(api: &ApiContext, id: &str) -> Result<Option<PaymentRow>> {
    sqlx::query_as("select * from rm_payments where id = $1")
        .bind(id)
        .fetch_optional(&api.pool)
        .await
        .map_err(gql)
}

/// The payment as the mutation left it: waits for the payments read model to apply the
/// payment's own newest event (not the server-wide horizon, which any long transaction
/// holds), else answers from the committed events.
async fn after(ctx: &Context<'_>, id: &str) -> Result<Payment> {
    let written = head(ctx, payment::Payment::TYPE, &[id.to_string()]).await?;
    answer_after::<Payments, _>(api(ctx), payment::Payment::TYPE, id, written, "payment").await
}

fn admin_id(ctx: &Context<'_>) -> Result<String> {
    actor(ctx).map(|a| a.admin_id.clone()).map_err(gql)
}

#[derive(Default)]
pub struct PaymentQuery;

#[Object]
impl PaymentQuery {
    /// Newest first; `before` is a `createdPosition` cursor from the previous page.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn payments(
        &self,
        ctx: &Context<'_>,
        status: Option<String>,
        invoice_id: Option<String>,
        #[graphql(default = 50)] first: i64,
    ) -> Result<Vec<Payment>> {
        let rows: Vec<PaymentRow> = sqlx::query_as(
            "select * from rm_payments
              where ($1::text is null or status = $1) and ($2::text is null or invoice_id = $2)
              order by created_position desc limit $3",
        )
        .bind(status.map(|s| s.to_uppercase()))
        .bind(invoice_id)
        .bind(first.clamp(1, 500))
        .fetch_all(&api(ctx).pool)
        .await
        .map_err(gql)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn payment(&self, ctx: &Context<'_>, id: String) -> Result<Option<Payment>> {
        Ok(payment_row(api(ctx), &id).await?.map(Into::into))
    }

    /// Completed payments between `from` and `to`, grouped; refunds counted against them.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn finance_report(
        &self,
        ctx: &Context<'_>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        group_by: FinanceGrouping,
    ) -> Result<Vec<FinanceRow>> {
        let (from, to) = (
            crate::error::bounded_date("from", from)?,
            crate::error::bounded_date("to", to)?,
        );
        let key = match group_by {
            FinanceGrouping::Day => "to_char(p.paid_at at time zone 'Asia/Jakarta', 'YYYY-MM-DD')",
            FinanceGrouping::Method => "p.plugin || coalesce('/' || p.channel, '')",
            FinanceGrouping::Location => "coalesce(s.location_id, b.location_id, '-')",
            FinanceGrouping::Operator => "coalesce(p.created_by, '-')",
        };
        let sql = format!(
            "select {key} as key, count(*) as payments, coalesce(sum(p.paid_amount), 0) as received,
                    coalesce(sum(p.fee), 0) as fees, coalesce(sum(p.refunded_total), 0) as refunded
               from rm_payments p
               left join rm_subscriptions s on s.id = p.subscription_id
               left join rm_voucher_batches b on b.id = p.batch_id
              where p.paid_at >= $1 and p.paid_at < $2
              group by 1 order by 1"
        );
        sqlx::query_as(&sql)
            .bind(from)
            .bind(to)
            .fetch_all(&api(ctx).pool)
            .await
            .map_err(gql)
    }

    /// Every plugin known here (built-ins and uploads) with its state.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn plugins(&self, ctx: &Context<'_>) -> Result<Vec<PluginInfo>> {
        let api = api(ctx);
        let names = api
            .job_context
            .payments
            .plugins
            .known_names()
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "plugin names");
                gql(ApiError::Internal)
            })?;
        let mut out = Vec::new();
        for name in names {
            let state = plugins::load(&api.bus, &name).await.map_err(gql)?;
            out.push(PluginInfo::of(&name, &state));
        }
        Ok(out)
    }
}

#[derive(InputObject)]
pub struct SettingInput {
    pub key: String,
    /// Leave a secret empty to keep the stored one.
    pub value: String,
}

#[derive(Default)]
pub struct PaymentMutation;

#[Object]
impl PaymentMutation {
    /// Opens a payment for an open invoice through a plugin; returns where to pay.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn create_payment(
        &self,
        ctx: &Context<'_>,
        invoice_id: String,
        method: String,
        channel: Option<String>,
    ) -> Result<OpenedPayment> {
        let api = api(ctx);
        let now = api.job_context.clock.now();
        let opened = api
            .job_context
            .payments
            .open_for_invoice(&invoice_id, &method, channel, now, &metadata(ctx))
            .await
            .map_err(flow)?;
        // No wait for the read model: the webhook finds the payment in the write-side
        // `payment_orders` (ADR 0022), and the answer needs nothing from it.
        Ok(OpenedPayment {
            payment_id: opened.payment_id,
            order_id: opened.order_id,
            total: opened.total,
            fee: opened.fee,
            pay_url: opened.pay_url,
            va_number: opened.va_number,
            qr_string: opened.qr_string,
            instructions: opened.instructions,
        })
    }

    /// An admin confirms money received by hand (cash, a checked transfer).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn confirm_manual_payment(
        &self,
        ctx: &Context<'_>,
        payment_id: String,
        amount: Decimal,
        reference: Option<String>,
    ) -> Result<Payment> {
        let api = api(ctx);
        let confirmation = Confirmation {
            source: ConfirmationSource::Manual {
                admin_id: admin_id(ctx)?,
            },
            amount,
            paid_at: api.job_context.clock.now(),
            reference,
        };
        let settlement = api.job_context.payments.settlement;
        payments::complete(
            &api.bus,
            &payment_id,
            confirmation,
            settlement,
            &metadata(ctx),
        )
        .await
        .map_err(gql)?;
        after(ctx, &payment_id).await
    }

    /// Records money returned to the customer (done at the gateway or by hand; once per
    /// `refundRef`) and reverses the ledger.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn refund_payment(
        &self,
        ctx: &Context<'_>,
        payment_id: String,
        amount: Decimal,
        reason: String,
        refund_ref: String,
    ) -> Result<Payment> {
        let api = api(ctx);
        let input = RefundInput {
            refund_ref,
            amount,
            reason,
            refunded_at: api.job_context.clock.now(),
            admin_id: Some(admin_id(ctx)?),
        };
        payments::refund(&api.bus, &payment_id, input, &metadata(ctx))
            .await
            .map_err(gql)?;
        after(ctx, &payment_id).await
    }

    /// Approves (pays the invoice) or rejects a payment held for review.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn resolve_payment_review(
        &self,
        ctx: &Context<'_>,
        payment_id: String,
        approve: bool,
        note: String,
    ) -> Result<Payment> {
        let api = api(ctx);
        let (now, settlement) = (
            api.job_context.clock.now(),
            api.job_context.payments.settlement,
        );
        payments::resolve_review(
            &api.bus,
            &payment_id,
            approve,
            &note,
            now,
            settlement,
            &metadata(ctx),
        )
        .await
        .map_err(gql)?;
        after(ctx, &payment_id).await
    }

    /// Installs or upgrades a plugin from a ZIP sent as a GraphQL multipart upload (up to the
    /// API body limit; `POST /plugins` takes packages up to 10 MB).
    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn install_plugin(&self, ctx: &Context<'_>, package: Upload) -> Result<PluginInfo> {
        let api = api(ctx);
        let mut bytes = Vec::new();
        package
            .value(ctx)
            .map_err(|e| gql(ApiError::BadInput(format!("package upload: {e}"))))?
            .into_read()
            .read_to_end(&mut bytes)
            .map_err(|e| gql(ApiError::BadInput(format!("package upload: {e}"))))?;
        let name = api
            .job_context
            .payments
            .plugins
            .install_upload(&bytes, &metadata(ctx))
            .await
            .map_err(gql)?;
        let state = plugins::load(&api.bus, &name).await.map_err(gql)?;
        Ok(PluginInfo::of(&name, &state))
    }

    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn set_plugin_active(
        &self,
        ctx: &Context<'_>,
        name: String,
        active: bool,
    ) -> Result<PluginInfo> {
        let api = api(ctx);
        plugins::set_active(&api.bus, &name, active, &metadata(ctx))
            .await
            .map_err(gql)?;
        let state = plugins::load(&api.bus, &name).await.map_err(gql)?;
        Ok(PluginInfo::of(&name, &state))
    }

    /// Saves settings after the plugin validated them; secrets are encrypted at rest.
    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn update_plugin_settings(
        &self,
        ctx: &Context<'_>,
        name: String,
        settings: Vec<SettingInput>,
    ) -> Result<PluginInfo> {
        let api = api(ctx);
        let now = api.job_context.clock.now();
        let ready = api
            .job_context
            .payments
            .plugins
            .ready(&name, false, now)
            .await
            .map_err(|e| gql(ApiError::NotFound(e.to_string())))?;
        let manifest = ready.loaded.plugin.manifest();
        let form = SettingsForm {
            secret_keys: manifest
                .settings
                .iter()
                .filter(|f| f.secret)
                .map(|f| f.key.clone())
                .collect(),
            values: settings.into_iter().map(|s| (s.key, s.value)).collect(),
        };
        let prepared = plugins::prepare_settings(&ready.state, form, &api.secrets).map_err(gql)?;
        let typed = typed_settings(manifest, &prepared.plain);
        let problems = ready
            .loaded
            .plugin
            .validate_settings(&typed, ready.ctx.clone())
            .await
            .unwrap_or_else(|e| vec![e.to_string()]);
        if !problems.is_empty() {
            return Err(gql(ApiError::BadInput(problems.join("; "))));
        }
        plugins::update_settings(&api.bus, &name, prepared.sealed, true, &metadata(ctx))
            .await
            .map_err(gql)?;
        let state = plugins::load(&api.bus, &name).await.map_err(gql)?;
        Ok(PluginInfo::of(&name, &state))
    }
}

#[derive(Default)]
pub struct PaymentSubscription;

#[Subscription]
impl PaymentSubscription {
    /// Payments that changed, after the read model committed them.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn payments_changed(&self, ctx: &Context<'_>) -> BoxStream<'static, Vec<Payment>> {
        let api = api(ctx).clone();
        let mut rx = api.progress.subscribe(names::PAYMENTS);
        let seen = rx.borrow_and_update().position;
        futures::stream::unfold((api, rx, seen), |(api, mut rx, mut seen)| async move {
            loop {
                rx.changed().await.ok()?;
                let now = rx.borrow_and_update().position;
                let rows: Vec<PaymentRow> = match sqlx::query_as(
                    "select * from rm_payments where last_position > $1 and last_position <= $2
                      order by last_position",
                )
                .bind(seen)
                .bind(now)
                .fetch_all(&api.pool)
                .await
                {
                    Ok(rows) => rows,
                    Err(e) => {
                        tracing::warn!(error = %e, "paymentsChanged query failed");
                        continue;
                    }
                };
                seen = now;
                if !rows.is_empty() {
                    let changed = rows.into_iter().map(Into::into).collect();
                    return Some((changed, (api, rx, seen)));
                }
            }
        })
        .boxed()
    }
}
