//! GraphQL types of payments: a payment with its callbacks, what `createPayment` returns,
//! installed plugins, and finance report rows.

use async_graphql::{ComplexObject, Context, Result, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tagih_aggregates::plugin_install::PluginInstall;
use tagih_projections::payments::{CallbackRow, PaymentRow};

use crate::context::api;
use crate::error::gql;

#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Payment {
    pub id: String,
    /// INVOICE or VOUCHER_SALE.
    pub kind: String,
    pub invoice_id: Option<String>,
    pub customer_id: Option<String>,
    pub plugin: String,
    pub channel: Option<String>,
    pub order_id: String,
    pub amount: Decimal,
    pub fee: Decimal,
    /// CUSTOMER or MERCHANT.
    pub fee_bearer: String,
    pub total: Decimal,
    /// PENDING, PAID, FAILED, EXPIRED, REFUNDED or REVIEW.
    pub status: String,
    pub review_flag: bool,
    pub gateway_reference: Option<String>,
    pub pay_url: Option<String>,
    pub va_number: Option<String>,
    pub qr_string: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub paid_amount: Option<Decimal>,
    pub paid_at: Option<DateTime<Utc>>,
    pub completed_by: Option<String>,
    pub refunded_total: Decimal,
    pub callback_count: i32,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<PaymentRow> for Payment {
    fn from(r: PaymentRow) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            invoice_id: r.invoice_id,
            customer_id: r.customer_id,
            plugin: r.plugin,
            channel: r.channel,
            order_id: r.order_id,
            amount: r.amount,
            fee: r.fee,
            fee_bearer: r.fee_bearer,
            total: r.total,
            status: r.status,
            review_flag: r.review_flag,
            gateway_reference: r.gateway_reference,
            pay_url: r.pay_url,
            va_number: r.va_number,
            qr_string: r.qr_string,
            expires_at: r.expires_at,
            paid_amount: r.paid_amount,
            paid_at: r.paid_at,
            completed_by: r.completed_by,
            refunded_total: r.refunded_total,
            callback_count: r.callbacks,
            created_by: r.created_by,
            created_at: r.created_at,
        }
    }
}

#[derive(SimpleObject, Clone)]
pub struct PaymentCallback {
    pub sequence: i64,
    pub received_at: DateTime<Utc>,
    pub signature_ok: bool,
    pub status: Option<String>,
    pub amount: Option<Decimal>,
    pub reference: Option<String>,
    pub raw_size: i32,
    /// As received (cut at 64 KiB).
    pub raw_body: String,
}

impl From<CallbackRow> for PaymentCallback {
    fn from(r: CallbackRow) -> Self {
        Self {
            sequence: r.sequence,
            received_at: r.received_at,
            signature_ok: r.signature_ok,
            status: r.status,
            amount: r.amount,
            reference: r.reference,
            raw_size: r.raw_size,
            raw_body: r.raw_body,
        }
    }
}

#[ComplexObject]
impl Payment {
    /// Every callback the gateway sent for this payment, in order.
    async fn callbacks(&self, ctx: &Context<'_>) -> Result<Vec<PaymentCallback>> {
        let rows: Vec<CallbackRow> = sqlx::query_as(
            "select * from rm_payment_callbacks where payment_id = $1 order by sequence",
        )
        .bind(&self.id)
        .fetch_all(&api(ctx).pool)
        .await
        .map_err(gql)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}

/// Where and how the customer pays.
#[derive(SimpleObject)]
pub struct OpenedPayment {
    pub payment_id: String,
    pub order_id: String,
    pub total: Decimal,
    pub fee: Decimal,
    pub pay_url: Option<String>,
    pub va_number: Option<String>,
    pub qr_string: Option<String>,
    pub instructions: Option<String>,
}

#[derive(SimpleObject)]
pub struct PluginInfo {
    pub name: String,
    pub version: Option<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    /// BUILTIN or UPLOAD.
    pub source: Option<String>,
    pub sha256: Option<String>,
    pub channels: Vec<String>,
    /// Hosts the manifest declares.
    pub hosts: Vec<String>,
    /// Hosts a super admin added (`host` or `host:port`); calls may reach both lists.
    pub extra_hosts: Vec<String>,
    pub active: bool,
    pub settings_valid: bool,
    /// Setting keys with values (secrets shown as "••••").
    pub settings: Vec<PluginSettingValue>,
    /// The last error while the plugin is failing.
    pub failing: Option<String>,
}

#[derive(SimpleObject)]
pub struct PluginSettingValue {
    pub key: String,
    pub value: String,
    pub secret: bool,
}

impl PluginInfo {
    pub fn of(name: &str, s: &PluginInstall) -> Self {
        let p = s.package.as_ref();
        Self {
            name: name.to_string(),
            version: p.map(|p| p.version.clone()),
            author: p.map(|p| p.manifest.author.clone()),
            description: p.map(|p| p.manifest.description.clone()),
            source: p.map(|p| format!("{:?}", p.source).to_uppercase()),
            sha256: p.map(|p| p.sha256.clone()),
            channels: p.map_or_else(Vec::new, |p| {
                p.manifest.channels.iter().map(|c| c.code.clone()).collect()
            }),
            hosts: p.map_or_else(Vec::new, |p| p.manifest.hosts.clone()),
            extra_hosts: s.extra_hosts.clone(),
            active: s.active,
            settings_valid: s.settings_valid,
            settings: s
                .settings
                .iter()
                .map(|(k, v)| PluginSettingValue {
                    key: k.clone(),
                    value: if v.secret {
                        "••••".into()
                    } else {
                        v.value.clone()
                    },
                    secret: v.secret,
                })
                .collect(),
            failing: s.failing.clone(),
        }
    }
}
