//! Payments and payment plugins: open a payment at a gateway, confirm cash, refund, decide
//! reviews; list payments with their callbacks; finance reports; plugin activation and
//! settings. (Packages are uploaded with `POST /plugins`.)

use std::io::Read;

use async_graphql::{Context, InputObject, Object, Result, Subscription, Upload};
use chrono::{DateTime, Utc};
use futures::stream::{BoxStream, StreamExt};
use rust_decimal::Decimal;
use tagih_aggregates::Role;
use tagih_app::payments::refund::Refund;
use tagih_app::payments::{self as app, plugins};
use tagih_projections::names;
use tagih_projections::payments::PaymentRow;

use crate::auth::RoleGuard;
use crate::auth::guard::actor;
use crate::context::{ApiContext, api, metadata};
use crate::error::{ApiError, gql};
use crate::payment_types::{FinanceGrouping, FinanceRow, OpenedPayment, Payment, PluginInfo};

async fn payment_row(api: &ApiContext, id: &str) -> Result<Option<PaymentRow>> {
    sqlx::query_as("select * from rm_payments where id = $1")
        .bind(id)
        .fetch_optional(&api.pool)
        .await
        .map_err(gql)
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
        let all = plugins::list(api(ctx)).await.map_err(gql)?;
        Ok(all
            .iter()
            .map(|(name, state)| PluginInfo::of(name, state))
            .collect())
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
        let opened = app::open::open(api(ctx), &invoice_id, &method, channel, &metadata(ctx))
            .await
            .map_err(gql)?;
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
        let row = app::confirm_manual::confirm_manual(
            api(ctx),
            &payment_id,
            amount,
            reference,
            admin_id(ctx)?,
            &metadata(ctx),
        )
        .await
        .map_err(gql)?;
        Ok(row.into())
    }

    /// Returns money to the customer, once per `refundRef`, and reverses the ledger. Where
    /// the payment's gateway has a refund API (Xendit, Midtrans) the gateway is asked to
    /// make the refund: a refusal is the error REFUND_REFUSED (with the gateway's reason)
    /// and changes no money; REFUND_PENDING (still processing) and GATEWAY_UNAVAILABLE
    /// (no answer) may be asked again with the same `refundRef`, which never refunds twice.
    /// Cash, DuitKu and Tripay payments, and `recordOnly: true` (already returned at the
    /// gateway's dashboard or by hand), record the refund without asking any gateway.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn refund_payment(
        &self,
        ctx: &Context<'_>,
        payment_id: String,
        amount: Decimal,
        reason: String,
        refund_ref: String,
        #[graphql(default = false)] record_only: bool,
    ) -> Result<Payment> {
        let refund = Refund {
            amount,
            reason,
            refund_ref,
            record_only,
        };
        let row = app::refund::refund(
            api(ctx),
            &payment_id,
            refund,
            admin_id(ctx)?,
            &metadata(ctx),
        )
        .await
        .map_err(gql)?;
        Ok(row.into())
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
        let row = app::resolve_review::resolve_review(
            api(ctx),
            &payment_id,
            approve,
            &note,
            &metadata(ctx),
        )
        .await
        .map_err(gql)?;
        Ok(row.into())
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
        let name = plugins::install(api, &bytes, &metadata(ctx))
            .await
            .map_err(gql)?;
        let state = plugins::state(api, &name).await.map_err(gql)?;
        Ok(PluginInfo::of(&name, &state))
    }

    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn set_plugin_active(
        &self,
        ctx: &Context<'_>,
        name: String,
        active: bool,
    ) -> Result<PluginInfo> {
        let state = plugins::set_active(api(ctx), &name, active, &metadata(ctx))
            .await
            .map_err(gql)?;
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
        let settings = settings.into_iter().map(|s| (s.key, s.value)).collect();
        let state = plugins::update_settings(api(ctx), &name, settings, &metadata(ctx))
            .await
            .map_err(gql)?;
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
