-- The voucher life on routers: TLS trust and webhook tokens on locations, router health,
-- drift reports, PPP profiles, job runs, and the live-session cache.

alter table rm_locations
    add column tls_trust        text not null default 'VERIFY',
    add column tls_fingerprint  text,
    add column router_token_enc text;

alter table rm_vouchers
    add column activation_source text,
    add column router_disabled   boolean not null default false;
-- The expiry job's scan: activated vouchers by end of validity.
create index rm_vouchers_expiring on rm_vouchers (valid_until) where status = 'ACTIVATED';

create table rm_location_health (
    location_id   text primary key,
    online        boolean not null,
    checked_at    timestamptz not null,
    last_seen_at  timestamptz,
    latency_ms    bigint,
    identity      text,
    version       text,
    board         text,
    uptime_secs   bigint,
    cpu_load      int,
    free_memory   bigint,
    total_memory  bigint,
    error         text,
    last_position bigint not null
);

create table rm_router_drift (
    location_id     text primary key,
    checked_at      timestamptz not null,
    users_on_router int not null,
    items           jsonb not null,
    repaired_at     timestamptz,
    repair          jsonb,
    last_position   bigint not null
);

create table rm_ppp_profiles (
    id             text primary key,
    location_id    text not null,
    name           text not null,
    rate_limit     text,
    local_address  text,
    remote_address text,
    price          numeric(16, 2) not null,
    retired        boolean not null,
    updated_at     timestamptz not null,
    last_position  bigint not null
);
create index rm_ppp_profiles_location on rm_ppp_profiles (location_id, name);

-- Scheduler: one row per run of a job on whichever instance held its lock.
create table job_runs (
    id          bigserial primary key,
    job         text not null,
    instance    text not null,
    started_at  timestamptz not null,
    finished_at timestamptz,
    outcome     text not null check (outcome in ('running', 'ok', 'failed')),
    detail      text
);
create index job_runs_job on job_runs (job, id desc);

-- Live sessions as the poller last saw them: an observation cache, not a read model
-- (sessions are not business facts; first logins derived from them are events).
create table router_sessions (
    location_id text not null,
    kind        text not null check (kind in ('hotspot', 'ppp')),
    router_id   text not null,
    username    text not null,
    address     text,
    mac_address text,
    uptime_secs bigint not null,
    bytes_in    bigint not null,
    bytes_out   bigint not null,
    observed_at timestamptz not null,
    primary key (location_id, kind, router_id)
);
