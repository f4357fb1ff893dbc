-- Payments: uploaded plugin packages (content-addressed; events carry only the hash), the
-- payments read model (lists, order-id look-up for webhooks, finance reports) and every
-- callback received, as the auditors' list.

create table plugin_packages (
    sha256     text primary key,
    name       text not null,
    version    text not null,
    bytes      bytea not null,
    created_at timestamptz not null default now()
);
create index plugin_packages_name on plugin_packages (name, created_at desc);

create table rm_payments (
    id                text primary key,
    kind              text not null,
    invoice_id        text,
    subscription_id   text,
    customer_id       text,
    batch_id          text,
    plugin            text not null,
    channel           text,
    order_id          text not null,
    amount            numeric(16, 2) not null,
    fee               numeric(16, 2) not null,
    fee_bearer        text not null,
    total             numeric(16, 2) not null,
    status            text not null,
    review_flag       boolean not null,
    gateway_reference text,
    pay_url           text,
    va_number         text,
    qr_string         text,
    expires_at        timestamptz,
    paid_amount       numeric(16, 2),
    applied           numeric(16, 2),
    paid_at           timestamptz,
    completed_by      text,
    refunded_total    numeric(16, 2) not null,
    callbacks         int not null,
    created_by        text,
    created_at        timestamptz not null,
    created_position  bigint not null,
    updated_at        timestamptz not null,
    last_position     bigint not null
);
create unique index rm_payments_order on rm_payments (order_id);
create index rm_payments_page on rm_payments (created_position);
create index rm_payments_status on rm_payments (status, created_at);
create index rm_payments_invoice on rm_payments (invoice_id);
create index rm_payments_paid on rm_payments (paid_at) where paid_at is not null;

create table rm_payment_callbacks (
    id            text primary key,
    payment_id    text not null,
    sequence      bigint not null,
    received_at   timestamptz not null,
    signature_ok  boolean not null,
    status        text,
    amount        numeric(16, 2),
    reference     text,
    raw_size      int not null,
    raw_body      text not null,
    last_position bigint not null
);
create index rm_payment_callbacks_payment on rm_payment_callbacks (payment_id, sequence);
