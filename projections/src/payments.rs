//! Payments as lists and finance reports read them, and every callback received (one row
//! each, so an auditor sees duplicates and forgeries' neighbours as they came).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::payment::Payment;
use tagih_aggregates::payment::{
    ConfirmationSource, FeeBearer, PaymentEvent as E, PaymentPurpose, PaymentTerms,
};
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_json};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct PaymentRow {
    pub id: String,
    pub kind: String,
    pub invoice_id: Option<String>,
    pub subscription_id: Option<String>,
    pub customer_id: Option<String>,
    pub batch_id: Option<String>,
    pub plugin: String,
    pub channel: Option<String>,
    pub order_id: String,
    pub amount: Decimal,
    pub fee: Decimal,
    pub fee_bearer: String,
    pub total: Decimal,
    pub status: String,
    pub review_flag: bool,
    pub gateway_reference: Option<String>,
    pub pay_url: Option<String>,
    pub va_number: Option<String>,
    pub qr_string: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub paid_amount: Option<Decimal>,
    pub applied: Option<Decimal>,
    pub paid_at: Option<DateTime<Utc>>,
    pub completed_by: Option<String>,
    pub refunded_total: Decimal,
    pub callbacks: i32,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_position: i64,
    pub updated_at: DateTime<Utc>,
    pub last_position: i64,
}

const PAYMENT_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "invoice_id",
    "subscription_id",
    "customer_id",
    "batch_id",
    "plugin",
    "channel",
    "order_id",
    "amount",
    "fee",
    "fee_bearer",
    "total",
    "status",
    "review_flag",
    "gateway_reference",
    "pay_url",
    "va_number",
    "qr_string",
    "expires_at",
    "paid_amount",
    "applied",
    "paid_at",
    "completed_by",
    "refunded_total",
    "callbacks",
    "created_by",
    "created_at",
    "created_position",
    "updated_at",
    "last_position",
];

fn actor(ev: &StoredEvent) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(&ev.metadata)
        .ok()?
        .get("actor_id")?
        .as_str()
        .map(str::to_string)
}

fn created(ev: &StoredEvent, t: PaymentTerms) -> PaymentRow {
    let (kind, invoice_id, subscription_id, customer_id, batch_id) = match t.purpose {
        PaymentPurpose::Invoice {
            invoice_id,
            subscription_id,
            customer_id,
        } => (
            "INVOICE",
            Some(invoice_id),
            Some(subscription_id),
            Some(customer_id),
            None,
        ),
        PaymentPurpose::VoucherSale {
            batch_id,
            customer_id,
            ..
        } => ("VOUCHER_SALE", None, None, customer_id, Some(batch_id)),
    };
    PaymentRow {
        id: ev.aggregate_id.clone(),
        kind: kind.into(),
        invoice_id,
        subscription_id,
        customer_id,
        batch_id,
        plugin: t.method.plugin,
        channel: t.method.channel,
        order_id: t.gateway_order_id,
        amount: t.amount,
        fee: t.fee,
        fee_bearer: match t.fee_bearer {
            FeeBearer::Customer => "CUSTOMER",
            FeeBearer::Merchant => "MERCHANT",
        }
        .into(),
        total: t.total,
        status: "PENDING".into(),
        review_flag: false,
        gateway_reference: None,
        pay_url: None,
        va_number: None,
        qr_string: None,
        expires_at: None,
        paid_amount: None,
        applied: None,
        paid_at: None,
        completed_by: None,
        refunded_total: Decimal::ZERO,
        callbacks: 0,
        created_by: actor(ev),
        created_at: ev.recorded_at,
        created_position: ev.position,
        updated_at: ev.recorded_at,
        last_position: 0,
    }
}

fn source_name(s: &ConfirmationSource) -> String {
    match s {
        ConfirmationSource::Callback => "CALLBACK".into(),
        ConfirmationSource::StatusCheck => "STATUS_CHECK".into(),
        ConfirmationSource::Manual { admin_id } => format!("MANUAL:{admin_id}"),
        ConfirmationSource::ReviewApproved { admin_id } => format!("REVIEW:{admin_id}"),
    }
}

fn fold(r: PaymentRow, event: E) -> PaymentRow {
    let with = |status: &str, r: PaymentRow| PaymentRow {
        status: status.into(),
        ..r
    };
    match event {
        E::PaymentCreated(_) => r,
        E::PaymentGatewayCreated(g) => PaymentRow {
            gateway_reference: Some(g.reference),
            pay_url: g.pay_url,
            va_number: g.va_number,
            qr_string: g.qr_string,
            expires_at: g.expires_at,
            ..r
        },
        E::PaymentCallbackReceived(_) => PaymentRow {
            callbacks: r.callbacks + 1,
            ..r
        },
        E::PaymentCompleted(c) => PaymentRow {
            review_flag: c.late && !c.source.is_admin(),
            paid_amount: Some(c.amount),
            applied: Some(c.applied),
            paid_at: Some(c.paid_at),
            completed_by: Some(source_name(&c.source)),
            ..with("PAID", r)
        },
        E::PaymentSentToReview(_) => PaymentRow {
            review_flag: true,
            ..with("REVIEW", r)
        },
        E::PaymentReviewFlagged(_) => PaymentRow {
            review_flag: true,
            ..r
        },
        E::PaymentReviewResolved { approved, .. } => {
            let status = if r.status == "REVIEW" && !approved {
                "FAILED".to_string()
            } else {
                r.status.clone()
            };
            PaymentRow {
                review_flag: false,
                status,
                ..r
            }
        }
        E::PaymentFailed { .. } => with("FAILED", r),
        E::PaymentExpired { .. } => with("EXPIRED", r),
        E::PaymentRefunded(x) => {
            let status = if x.full {
                "REFUNDED".into()
            } else {
                r.status.clone()
            };
            PaymentRow {
                refunded_total: x.refunded_total,
                status,
                ..r
            }
        }
        // A refund asked of the gateway changes no money until it is `PaymentRefunded`.
        E::PaymentRefundRequested(_)
        | E::PaymentRefundRefused(_)
        | E::PaymentRefundUnresolved(_) => r,
    }
}

pub struct Payments;

impl RowModel for Payments {
    type Row = PaymentRow;
    const NAME: &'static str = crate::names::PAYMENTS;
    const TABLE: &'static str = "rm_payments";

    fn interests() -> Interests {
        Interests::of::<Payment>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<Payment>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &PaymentRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<PaymentRow>,
        ev: &StoredEvent,
    ) -> Result<Option<PaymentRow>, ProjectionError> {
        let mut row = match (ev.decode::<E>()?, row) {
            (E::PaymentCreated(t), _) => created(ev, t),
            (_, None) => return Ok(None),
            (event, Some(r)) => fold(r, event),
        };
        row.updated_at = ev.recorded_at;
        row.last_position = ev.position;
        Ok(Some(row))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, PaymentRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &PaymentRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<PaymentRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, PAYMENT_COLUMNS, &rows).await
    }
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct CallbackRow {
    pub id: String,
    pub payment_id: String,
    pub sequence: i64,
    pub received_at: DateTime<Utc>,
    pub signature_ok: bool,
    pub status: Option<String>,
    pub amount: Option<Decimal>,
    pub reference: Option<String>,
    pub raw_size: i32,
    pub raw_body: String,
    pub last_position: i64,
}

const CALLBACK_COLUMNS: &[&str] = &[
    "id",
    "payment_id",
    "sequence",
    "received_at",
    "signature_ok",
    "status",
    "amount",
    "reference",
    "raw_size",
    "raw_body",
    "last_position",
];

pub struct PaymentCallbacks;

impl RowModel for PaymentCallbacks {
    type Row = CallbackRow;
    const NAME: &'static str = crate::names::PAYMENT_CALLBACKS;
    const TABLE: &'static str = "rm_payment_callbacks";

    fn interests() -> Interests {
        Interests::events_of::<Payment>(&[E::PAYMENT_CALLBACK_RECEIVED])
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is_event::<Payment>(E::PAYMENT_CALLBACK_RECEIVED)
            .then(|| format!("{}:{}", ev.aggregate_id, ev.sequence))
    }
    fn last_position(row: &CallbackRow) -> i64 {
        row.last_position
    }

    fn apply(
        _: Option<CallbackRow>,
        ev: &StoredEvent,
    ) -> Result<Option<CallbackRow>, ProjectionError> {
        let E::PaymentCallbackReceived(c) = ev.decode::<E>()? else {
            return Ok(None);
        };
        let result = c.result.as_ref();
        Ok(Some(CallbackRow {
            id: format!("{}:{}", ev.aggregate_id, ev.sequence),
            payment_id: ev.aggregate_id.clone(),
            sequence: ev.sequence,
            received_at: c.received_at,
            signature_ok: c.signature_ok,
            status: result.map(|r| format!("{:?}", r.status).to_uppercase()),
            amount: result.and_then(|r| r.amount),
            reference: result.and_then(|r| r.reference.clone()),
            raw_size: i32::try_from(c.raw_size).unwrap_or(i32::MAX),
            raw_body: c.raw_body,
            last_position: ev.position,
        }))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, CallbackRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &CallbackRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<CallbackRow>,
    ) -> sqlx::Result<()> {
        upsert_json(conn, &table, CALLBACK_COLUMNS, &rows).await
    }
}
