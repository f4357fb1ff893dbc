-- The event store: the table postgres-es writes, extended with a global position, the
-- writing transaction id (for gap-safe readers), a timestamp and a per-stream hash chain.
create table events (
    aggregate_type text not null,
    aggregate_id   text not null,
    sequence       bigint not null check (sequence >= 1),
    event_type     text not null,
    event_version  text not null,
    payload        json not null,
    metadata       json not null,
    position       bigint generated always as identity unique,
    tx_id          xid8 not null default pg_current_xact_id(),
    recorded_at    timestamptz not null default clock_timestamp(),
    prev_hash      bytea,
    hash           bytea,
    primary key (aggregate_type, aggregate_id, sequence)
);
create index events_recorded_at on events (recorded_at);
-- Readers walk the log in (tx_id, position) order: see docs/adr/0002-gap-safe-reading.md.
create index events_commit_order on events (tx_id, position);

-- Hash chain: each event's hash covers its predecessor's hash and its own stored text.
-- `tagih replay verify` recomputes exactly this in Rust.
create function events_chain() returns trigger language plpgsql as $$
declare
    prev bytea;
begin
    if new.sequence > 1 then
        select hash into prev from events
         where aggregate_type = new.aggregate_type and aggregate_id = new.aggregate_id
           and sequence = new.sequence - 1;
        if prev is null then
            raise exception 'event %/% #% has no predecessor', new.aggregate_type, new.aggregate_id, new.sequence
                using errcode = '23514';
        end if;
    end if;
    new.prev_hash := prev;
    new.hash := sha256(coalesce(prev, ''::bytea) || convert_to(concat_ws(E'\n',
        new.aggregate_type, new.aggregate_id, new.sequence::text, new.event_type, new.event_version,
        new.payload::text, new.metadata::text,
        to_char(new.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')), 'UTF8'));
    return new;
end $$;
create trigger events_chain before insert on events for each row execute function events_chain();

-- Append-only: history is never rewritten.
create function events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'events are append-only: % rejected', tg_op using errcode = '42501';
end $$;
create trigger events_no_update before update or delete on events
    for each row execute function events_append_only();
create trigger events_no_truncate before truncate on events
    for each statement execute function events_append_only();

-- One notification per statement (a 10,000-voucher insert is one statement), carrying only
-- the highest position; listeners read the rows themselves.
create function events_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('events', (select max(position) from new_rows)::text);
    return null;
end $$;
create trigger events_notify after insert on events referencing new table as new_rows
    for each statement execute function events_notify();

-- Projector and saga checkpoints.
create table projection_checkpoint (
    name        text primary key,
    tx_id       bigint not null default 0,
    position    bigint not null default 0,
    status      text not null default 'live' check (status in ('live', 'failed', 'rebuilding')),
    last_error  text,
    failures    int not null default 0,
    retry_at    timestamptz,
    updated_at  timestamptz not null default now()
);

-- Side effects waiting to happen (router calls, messages, payments).
create table outbox (
    id                 bigint generated always as identity primary key,
    idempotency_key    text not null unique,
    kind               text not null,
    partition_key      text not null,
    payload            jsonb not null,
    status             text not null default 'pending'
                       check (status in ('pending', 'in_flight', 'done', 'dead')),
    attempts           int not null default 0,
    -- Times the far side was unreachable: drives back-off without using up attempts.
    waits              int not null default 0,
    next_attempt_at    timestamptz not null default now(),
    lease_until        timestamptz,
    last_error         text,
    causation_position bigint not null,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
create index outbox_open on outbox (partition_key, id) where status in ('pending', 'in_flight');
-- Claims look for due rows and expired leases through these, and stop at the first few:
-- a million rows waiting on an offline router cost nothing until they are due.
create index outbox_due on outbox (kind, next_attempt_at) where status = 'pending';
create index outbox_leases on outbox (kind, lease_until) where status = 'in_flight';
create index outbox_dead on outbox (updated_at) where status = 'dead';

-- Codes are unique per location forever: a code once issued is never issued again.
create table voucher_codes (
    location_id text not null,
    code        text not null,
    voucher_id  text not null,
    primary key (location_id, code)
);
