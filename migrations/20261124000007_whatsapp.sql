-- WhatsApp notifications: senders, templates, messages (read models) and the lookup the
-- delivery webhooks use to find a message by its provider id straight from the log.

create table rm_wa_senders (
    id                text primary key,
    name              text not null,
    provider          text not null,
    base_url          text not null,
    session           text,
    phone_number_id   text,
    api_version       text,
    method            text,
    body_template     text,
    priority          int not null,
    credentials_enc   text not null,
    active            boolean not null,
    health_ok         boolean,
    health_checked_at timestamptz,
    health_error      text,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    last_position     bigint not null
);
create index rm_wa_senders_priority on rm_wa_senders (priority, created_at);

create table rm_wa_templates (
    id            text primary key,
    category      text not null,
    language      text not null,
    version       int not null,
    body          text not null,
    updated_at    timestamptz not null,
    last_position bigint not null
);

create table rm_wa_messages (
    id                  text primary key,
    to_phone            text not null,
    customer_id         text,
    category            text not null,
    language            text not null,
    text                text not null,
    trigger             text not null,
    idempotency_key     text not null,
    status              text not null,
    attempts            int not null,
    retries             int not null,
    sender_id           text,
    provider            text,
    provider_message_id text,
    last_error          text,
    queued_at           timestamptz not null,
    sent_at             timestamptz,
    delivered_at        timestamptz,
    read_at             timestamptz,
    failed_at           timestamptz,
    updated_at          timestamptz not null,
    last_position       bigint not null
);
create index rm_wa_messages_status on rm_wa_messages (status, queued_at desc);
create index rm_wa_messages_customer on rm_wa_messages (customer_id, queued_at desc);

-- Webhooks find a message by the provider's id in the log itself: `MessageSent` is
-- committed before the provider could report on it to anyone but us, while a read model
-- may still be behind when the first ack arrives.
create index events_wa_provider_message_id
    on events ((payload #>> '{MessageSent,provider_message_id}'))
    where aggregate_type = 'WhatsAppMessage' and event_type = 'MessageSent';
