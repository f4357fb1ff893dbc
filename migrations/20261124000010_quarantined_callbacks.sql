-- Gateway callbacks that passed their plugin's signature check but can never be processed
-- (text PostgreSQL cannot store, such as a NUL in the order id or the body). The gateway
-- was answered as it expects, so it stops retrying; the request is kept here, byte for
-- byte, for an operator to review. Not an event: nothing in it could be attributed to a
-- payment stream.
create table quarantined_callbacks (
    id           bigserial primary key,
    plugin       text not null,
    received_at  timestamptz not null,
    reason       text not null,
    raw_body     bytea not null,
    headers      jsonb not null,
    query        jsonb not null
);

create index quarantined_callbacks_received on quarantined_callbacks (received_at);
