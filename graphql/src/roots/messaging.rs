//! WhatsApp messaging: senders (CRUD, health, login QR), templates (save, versions,
//! rollback, preview with sample data), messages (list, retry, cancel, test), opt-outs,
//! and `messagesChanged`. Admins manage everything; operators may read messages.

use async_graphql::{Context, Object, Result, Subscription};
use futures::stream::{BoxStream, StreamExt};
use tagih_aggregates::Aggregate as _;
use tagih_aggregates::Role;
use tagih_aggregates::message_template;
use tagih_aggregates::message_template::{MessageTemplate as Template, template_id};
use tagih_aggregates::phone::Phone;
use tagih_aggregates::whatsapp_message;
use tagih_aggregates::whatsapp_sender;
use tagih_commands::whatsapp_messages::{self as messages, QueueRequest};
use tagih_commands::{CommandError, Written, wa_templates, whatsapp};
use tagih_projections::names;
use tagih_projections::whatsapp as rm;
use tagih_sagas::whatsapp::SessionHealth;

use crate::auth::RoleGuard;
use crate::context::{ApiContext, api, metadata};
use crate::error::{ApiError, gql};
use crate::messaging_types::{
    Message, MessageLanguage, MessageTemplate, Sender, SenderHealthCheck, SenderInputGql,
    TemplateCategory, TemplateVariable, TemplateVersion,
};
use crate::read_after::answer_after;

async fn sender_row(api: &ApiContext, id: &str) -> Result<rm::SenderRow> {
    rm::sender(&api.pool, id)
        .await
        .map_err(gql)?
        .ok_or_else(|| gql(ApiError::NotFound("sender not found".into())))
}

async fn message_row(api: &ApiContext, id: &str) -> Result<Message> {
    rm::message(&api.pool, id)
        .await
        .map_err(gql)?
        .map(Into::into)
        .ok_or_else(|| gql(ApiError::NotFound("message not found".into())))
}

/// The sender as a mutation left it (read model, or its committed events if that lags).
async fn sender_after(api: &ApiContext, id: &str, written: Written) -> Result<Sender> {
    answer_after::<rm::WaSenders, _>(
        api,
        whatsapp_sender::WhatsAppSender::TYPE,
        id,
        written,
        "sender",
    )
    .await
}

/// The template as a mutation left it.
async fn template_after(
    api: &ApiContext,
    c: TemplateCategory,
    l: MessageLanguage,
    written: Written,
) -> Result<MessageTemplate> {
    let id = template_id(c.into(), l.into());
    answer_after::<rm::WaTemplates, _>(
        api,
        message_template::MessageTemplate::TYPE,
        &id,
        written,
        "template",
    )
    .await
}

/// The message as a mutation left it.
async fn message_after(api: &ApiContext, id: &str, written: Written) -> Result<Message> {
    answer_after::<rm::WaMessages, _>(
        api,
        whatsapp_message::WhatsAppMessage::TYPE,
        id,
        written,
        "message",
    )
    .await
}

#[derive(Default)]
pub struct MessagingQuery;

#[Object]
impl MessagingQuery {
    /// WhatsApp senders by priority (secrets are never returned).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn whatsapp_senders(&self, ctx: &Context<'_>) -> Result<Vec<Sender>> {
        Ok(rm::senders(&api(ctx).pool)
            .await
            .map_err(gql)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// A QR code (data URL) to link the sender's WhatsApp session; null when the provider
    /// has none or the session is already linked.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn whatsapp_sender_qr(&self, ctx: &Context<'_>, id: String) -> Result<Option<String>> {
        let api = api(ctx);
        let row = sender_row(api, &id).await?;
        let client =
            tagih_sagas::whatsapp::provider::http_client(std::time::Duration::from_secs(15));
        let provider = tagih_sagas::whatsapp::senders::build(&client, &api.secrets, &row)
            .map_err(|e| gql(ApiError::Rejected(e.to_string())))?;
        provider
            .login_qr()
            .await
            .map_err(|e| gql(ApiError::Rejected(e.to_string())))
    }

    /// Current version of every template.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn message_templates(&self, ctx: &Context<'_>) -> Result<Vec<MessageTemplate>> {
        Ok(rm::templates(&api(ctx).pool)
            .await
            .map_err(gql)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Every version of one template, oldest first.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn message_template_versions(
        &self,
        ctx: &Context<'_>,
        category: TemplateCategory,
        language: MessageLanguage,
    ) -> Result<Vec<TemplateVersion>> {
        let t: Template = api(ctx)
            .bus
            .load(&template_id(category.into(), language.into()))
            .await
            .map_err(gql)?;
        Ok(t.versions.into_iter().map(Into::into).collect())
    }

    /// The variables templates may use.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn template_variables(&self) -> Vec<TemplateVariable> {
        wa_templates::VARIABLES
            .iter()
            .map(|(n, d)| TemplateVariable {
                name: n.to_string(),
                description: d.to_string(),
            })
            .collect()
    }

    /// Renders a body with sample data; invalid bodies are BAD_USER_INPUT naming the problem.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn preview_template(&self, body: String) -> Result<String> {
        wa_templates::validate(&body).map_err(|e| gql(ApiError::BadInput(e.to_string())))?;
        wa_templates::render(&body, &wa_templates::sample_variables())
            .map_err(|e| gql(ApiError::BadInput(e.to_string())))
    }

    /// Messages, newest first, by status (QUEUED, SENT, …) and/or customer.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn whatsapp_messages(
        &self,
        ctx: &Context<'_>,
        status: Option<String>,
        customer_id: Option<String>,
        #[graphql(default = 50)] limit: i64,
    ) -> Result<Vec<Message>> {
        let status = status.map(|s| s.to_uppercase());
        let rows = rm::messages(
            &api(ctx).pool,
            status.as_deref(),
            customer_id.as_deref(),
            limit.clamp(1, 500),
        )
        .await
        .map_err(gql)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn whatsapp_message(&self, ctx: &Context<'_>, id: String) -> Result<Message> {
        message_row(api(ctx), &id).await
    }
}

#[derive(Default)]
pub struct MessagingMutation;

#[Object]
impl MessagingMutation {
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn create_whatsapp_sender(
        &self,
        ctx: &Context<'_>,
        input: SenderInputGql,
    ) -> Result<Sender> {
        let api = api(ctx);
        let (id, written) =
            whatsapp::create_sender(&api.bus, &api.secrets, input.into(), &metadata(ctx))
                .await
                .map_err(gql)?;
        sender_after(api, &id, written).await
    }

    /// Partial update; secrets are replaced only when given.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn update_whatsapp_sender(
        &self,
        ctx: &Context<'_>,
        id: String,
        input: SenderInputGql,
    ) -> Result<Sender> {
        let api = api(ctx);
        let written =
            whatsapp::update_sender(&api.bus, &api.secrets, &id, input.into(), &metadata(ctx))
                .await
                .map_err(gql)?;
        sender_after(api, &id, written).await
    }

    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn set_whatsapp_sender_active(
        &self,
        ctx: &Context<'_>,
        id: String,
        active: bool,
    ) -> Result<Sender> {
        let api = api(ctx);
        let written = whatsapp::set_sender_active(&api.bus, &id, active, &metadata(ctx))
            .await
            .map_err(gql)?;
        sender_after(api, &id, written).await
    }

    /// Checks the sender's session now and records the result.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn check_whatsapp_sender(
        &self,
        ctx: &Context<'_>,
        id: String,
    ) -> Result<SenderHealthCheck> {
        let api = api(ctx);
        let row = sender_row(api, &id).await?;
        let health = tagih_sagas::whatsapp::health_job::check_sender(&api.job_context, &row)
            .await
            .map_err(|e| gql(ApiError::internal(e)))?;
        Ok(match health {
            SessionHealth::Connected => SenderHealthCheck {
                ok: true,
                status: "CONNECTED".into(),
                error: None,
            },
            SessionHealth::NeedsLogin(e) => SenderHealthCheck {
                ok: false,
                status: "NEEDS_LOGIN".into(),
                error: Some(e),
            },
            SessionHealth::Down(e) => SenderHealthCheck {
                ok: false,
                status: "DOWN".into(),
                error: Some(e),
            },
        })
    }

    /// Saves a new version after validation (unknown variables are named).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn save_message_template(
        &self,
        ctx: &Context<'_>,
        category: TemplateCategory,
        language: MessageLanguage,
        body: String,
    ) -> Result<MessageTemplate> {
        let api = api(ctx);
        let now = api.job_context.clock.now();
        let written = whatsapp::save_template(
            &api.bus,
            category.into(),
            language.into(),
            body,
            now,
            &metadata(ctx),
        )
        .await
        .map_err(gql)?;
        template_after(api, category, language, written).await
    }

    /// Restores an earlier version's body as a new version.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn rollback_message_template(
        &self,
        ctx: &Context<'_>,
        category: TemplateCategory,
        language: MessageLanguage,
        version: i32,
    ) -> Result<MessageTemplate> {
        let api = api(ctx);
        let version = u32::try_from(version)
            .map_err(|_| gql(ApiError::BadInput("version must be positive".into())))?;
        let now = api.job_context.clock.now();
        let written = whatsapp::rollback_template(
            &api.bus,
            category.into(),
            language.into(),
            version,
            now,
            &metadata(ctx),
        )
        .await
        .map_err(gql)?;
        template_after(api, category, language, written).await
    }

    /// Queues a failed or cancelled message again.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn retry_whatsapp_message(&self, ctx: &Context<'_>, id: String) -> Result<Message> {
        let api = api(ctx);
        let written = messages::retry(&api.bus, &id, api.job_context.clock.now(), &metadata(ctx))
            .await
            .map_err(gql)?;
        message_after(api, &id, written).await
    }

    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn cancel_whatsapp_message(
        &self,
        ctx: &Context<'_>,
        id: String,
        reason: Option<String>,
    ) -> Result<Message> {
        let api = api(ctx);
        let reason = reason.unwrap_or_else(|| "cancelled by an admin".into());
        let written = messages::cancel(
            &api.bus,
            &id,
            reason,
            api.job_context.clock.now(),
            &metadata(ctx),
        )
        .await
        .map_err(gql)?;
        message_after(api, &id, written).await
    }

    /// Queues a message to any number: `text`, or the category's template with sample data.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn send_test_message(
        &self,
        ctx: &Context<'_>,
        to: String,
        text: Option<String>,
        #[graphql(default_with = "TemplateCategory::Support")] category: TemplateCategory,
        #[graphql(default_with = "MessageLanguage::Id")] language: MessageLanguage,
    ) -> Result<Message> {
        let api = api(ctx);
        let req = QueueRequest {
            to,
            customer_id: None,
            category: category.into(),
            language: language.into(),
            variables: wa_templates::sample_variables(),
            text,
            trigger: "test".into(),
            idempotency_key: format!("test:{}", uuid::Uuid::new_v4()),
            at: api.job_context.clock.now(),
        };
        let (id, written) = messages::queue(&api.bus, req, &metadata(ctx))
            .await
            .map_err(gql)?;
        message_after(api, &id, written).await
    }

    /// Stops (or resumes) WhatsApp notifications to a number.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn set_whatsapp_opt_out(
        &self,
        ctx: &Context<'_>,
        phone: String,
        opted_out: bool,
        reason: Option<String>,
    ) -> Result<bool> {
        let api = api(ctx);
        let phone = Phone::parse(&phone).map_err(|e| gql(CommandError::from_domain_message(e)))?;
        let reason = reason.unwrap_or_else(|| "asked to stop".into());
        whatsapp::set_opt_out(
            &api.bus,
            &phone,
            opted_out,
            reason,
            api.job_context.clock.now(),
            &metadata(ctx),
        )
        .await
        .map_err(gql)?;
        Ok(opted_out)
    }
}

#[derive(Default)]
pub struct MessagingSubscription;

#[Subscription]
impl MessagingSubscription {
    /// Messages as their status changes (after the read model committed). `afterPosition`
    /// resumes without a gap.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn messages_changed(
        &self,
        ctx: &Context<'_>,
        customer_id: Option<String>,
        after_position: Option<i64>,
    ) -> BoxStream<'static, Message> {
        let api = api(ctx).clone();
        let mut rx = api.progress.subscribe(names::WA_MESSAGES);
        let seen = after_position.unwrap_or(rx.borrow_and_update().position);
        futures::stream::unfold(
            (api, rx, seen, Vec::<Message>::new()),
            move |(api, mut rx, mut seen, mut buf)| {
                let customer_id = customer_id.clone();
                async move {
                    loop {
                        if let Some(m) = buf.pop() {
                            return Some((m, (api, rx, seen, buf)));
                        }
                        match rm::messages_changed_after(&api.pool, seen, 200).await {
                            Ok(rows) if !rows.is_empty() => {
                                seen = rows.last().map_or(seen, |r| r.last_position);
                                buf = rows
                                    .into_iter()
                                    .filter(|r| {
                                        customer_id.is_none() || r.customer_id == customer_id
                                    })
                                    .map(Message::from)
                                    .rev()
                                    .collect();
                                continue;
                            }
                            Ok(_) => {}
                            Err(e) => tracing::warn!(error = %e, "messagesChanged query failed"),
                        }
                        rx.changed().await.ok()?;
                        rx.borrow_and_update();
                    }
                }
            },
        )
        .boxed()
    }
}
