-- Billing read models: customers, subscriptions, invoices and the customers' credit/debt
-- ledger. Each table is fed by one projection and keyed by one column (rebuilds fill a
-- `<table>__rebuild` shadow and swap it in, indexes included).

-- Trigram indexes serve "contains" searches (name, phone, username) case-insensitively.
create extension if not exists pg_trgm;

create table rm_customers (
    id               text primary key,
    name             text not null,
    phone            text not null,
    email            text,
    address          text not null,
    location_id      text not null,
    notes            text not null,
    active           boolean not null,
    balance          numeric(16, 2) not null,
    debt             numeric(16, 2) not null,
    created_at       timestamptz not null,
    created_position bigint not null,
    updated_at       timestamptz not null,
    last_position    bigint not null
);
create index rm_customers_by_name on rm_customers (lower(name), id);
create index rm_customers_location on rm_customers (location_id, lower(name), id);
create index rm_customers_name_trgm on rm_customers using gin (lower(name) gin_trgm_ops);
create index rm_customers_phone_trgm on rm_customers using gin (phone gin_trgm_ops);

create table rm_subscriptions (
    id               text primary key,
    customer_id      text not null,
    location_id      text not null,
    kind             text not null,
    username         text not null,
    password         text not null,
    profile          text not null,
    price            numeric(16, 2) not null,
    cycle            text not null,
    cycle_days       int,
    anchor_day       int not null,
    starts_at        timestamptz not null,
    expiry           timestamptz not null,
    status           text not null,
    auto_renew       boolean not null,
    renewals         int not null,
    last_paid_at     timestamptz,
    grace_since      timestamptz,
    disabled_at      timestamptz,
    cancel_reason    text,
    -- What the router holds: ENABLED, DISABLED or REMOVED (null until first converged).
    router_state     text,
    router_synced_at timestamptz,
    created_at       timestamptz not null,
    created_position bigint not null,
    updated_at       timestamptz not null,
    last_position    bigint not null
);
create index rm_subscriptions_customer on rm_subscriptions (customer_id, created_position);
create index rm_subscriptions_by_expiry on rm_subscriptions (expiry, id);
create index rm_subscriptions_location on rm_subscriptions (location_id, expiry, id);
create index rm_subscriptions_status on rm_subscriptions (status, expiry, id);
create index rm_subscriptions_username on rm_subscriptions (location_id, username);
create index rm_subscriptions_username_trgm on rm_subscriptions using gin (lower(username) gin_trgm_ops);

create table rm_invoices (
    id                text primary key,
    number            text not null,
    customer_id       text not null,
    subscription_id   text not null,
    period_start      timestamptz not null,
    period_end        timestamptz not null,
    amount            numeric(16, 2) not null,
    paid_total        numeric(16, 2) not null,
    outstanding       numeric(16, 2) not null,
    credited          numeric(16, 2) not null,
    shortfall_to_debt numeric(16, 2) not null,
    status            text not null,
    due_date          timestamptz not null,
    issued_at         timestamptz not null,
    paid_at           timestamptz,
    payments          int not null,
    void_reason       text,
    created_position  bigint not null,
    updated_at        timestamptz not null,
    last_position     bigint not null
);
create index rm_invoices_page on rm_invoices (created_position);
create index rm_invoices_customer on rm_invoices (customer_id, created_position);
create index rm_invoices_status on rm_invoices (status, created_position);
create index rm_invoices_subscription on rm_invoices (subscription_id, period_start);
create index rm_invoices_number on rm_invoices (number);
-- Debt aging and reminders: open invoices by due date.
create index rm_invoices_open_due on rm_invoices (due_date) where status = 'OPEN';

-- One row per credit/debt movement, keyed `<customer_id>:<stream sequence>`.
create table rm_customer_ledger (
    id            text primary key,
    customer_id   text not null,
    sequence      bigint not null,
    kind          text not null,
    amount        numeric(16, 2) not null,
    reason        text not null,
    reference     text not null,
    invoice_id    text,
    balance_after numeric(16, 2),
    debt_after    numeric(16, 2),
    recorded_at   timestamptz not null,
    actor_id      text,
    last_position bigint not null
);
create index rm_customer_ledger_customer on rm_customer_ledger (customer_id, sequence);
create index rm_customer_ledger_debt on rm_customer_ledger (customer_id, sequence)
    where kind in ('DEBT_RECORDED', 'DEBT_SETTLED');
