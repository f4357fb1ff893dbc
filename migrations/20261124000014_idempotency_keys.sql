-- Idempotency keys (ADR 0014): the first answer to a mutation sent with an
-- `Idempotency-Key` header, kept 24 hours per (admin, key, operation) so a retry returns
-- that answer instead of repeating the effect. `response` is null while the first request
-- still runs; concurrent retries wait for it. Rows older than 24 hours are ignored and
-- purged when a new key is claimed.

create table idempotency_keys (
    admin_id     text not null,
    key          text not null,
    -- the mutation's root field names, e.g. `createPayment`
    operation    text not null,
    -- sha256 of operation name, query and variables: the same key with another request is
    -- refused (IDEMPOTENCY_MISMATCH), never answered with the other request's outcome
    fingerprint  text not null,
    -- the exact JSON body of the first answer, returned byte for byte to every retry
    response     text,
    created_at   timestamptz not null default now(),
    completed_at timestamptz,
    primary key (admin_id, key, operation)
);
create index idempotency_keys_created_at on idempotency_keys (created_at);
