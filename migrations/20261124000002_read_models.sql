-- Read models. Each row remembers the last event position applied, so handlers are idempotent.
create table rm_admin_users (
    id                 text primary key,
    username           text not null,
    email              text,
    role               text not null,
    active             boolean not null,
    session_generation int not null,
    last_login_at      timestamptz,
    created_at         timestamptz not null,
    last_position      bigint not null
);
create index rm_admin_users_username on rm_admin_users (username);

create table rm_revoked_sessions (
    session_id    text primary key,
    admin_id      text not null,
    revoked_at    timestamptz not null,
    last_position bigint not null
);

create table rm_locations (
    id             text primary key,
    name           text not null,
    host           text not null,
    port           int not null,
    transport      text not null,
    username       text not null,
    password_enc   text not null,
    hotspot_server text not null,
    time_zone      text not null,
    active         boolean not null,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    last_position  bigint not null
);

create table rm_voucher_profiles (
    id                text primary key,
    location_id       text not null,
    name              text not null,
    price_sell        numeric(16, 2) not null,
    price_cost        numeric(16, 2) not null,
    validity_secs     bigint not null,
    rate_limit        text,
    uptime_limit_secs bigint,
    data_quota_bytes  bigint,
    retired           boolean not null,
    updated_at        timestamptz not null,
    last_position     bigint not null
);
create index rm_voucher_profiles_location on rm_voucher_profiles (location_id, name);

create table rm_voucher_batches (
    id               text primary key,
    location_id      text not null,
    profile_id       text not null,
    profile_name     text not null,
    count            int not null,
    prefix           text not null,
    code_length      int not null,
    charset          text not null,
    password_mode    text not null,
    price_sell       numeric(16, 2) not null,
    price_cost       numeric(16, 2) not null,
    generated_by     text,
    generated_at     timestamptz not null,
    last_position    bigint not null
);
create index rm_voucher_batches_location on rm_voucher_batches (location_id, generated_at);

create table rm_vouchers (
    id                    text primary key,
    batch_id              text not null,
    location_id           text not null,
    profile_id            text not null,
    profile_name          text not null,
    code                  text not null,
    password              text not null,
    price_sell            numeric(16, 2) not null,
    price_cost            numeric(16, 2) not null,
    validity_secs         bigint not null,
    rate_limit            text,
    uptime_limit_secs     bigint,
    data_quota_bytes      bigint,
    status                text not null,
    first_login_at        timestamptz,
    valid_until           timestamptz,
    provisioning_failures int not null,
    last_error            text,
    generated_at          timestamptz not null,
    generated_position    bigint not null,
    updated_at            timestamptz not null,
    last_position         bigint not null
);
create index rm_vouchers_code on rm_vouchers (location_id, code);
create index rm_vouchers_page on rm_vouchers (location_id, generated_position);
create index rm_vouchers_status on rm_vouchers (location_id, status, generated_position);
create index rm_vouchers_changes on rm_vouchers (location_id, last_position);
