-- Events a read model (or saga) could not apply: skipped for that projection only, kept
-- here with the error until a rebuild re-derives the list (ADR 0012).
create table projection_poison (
    projection      text not null,
    position        bigint not null,
    tx_id           bigint not null,
    aggregate_type  text not null,
    aggregate_id    text not null,
    event_type      text not null,
    error           text not null,
    poisoned_at     timestamptz not null default now(),
    primary key (projection, position)
);

-- 'poisoned': live (new events land) but skipping at least one event.
alter table projection_checkpoint drop constraint projection_checkpoint_status_check;
alter table projection_checkpoint add constraint projection_checkpoint_status_check
    check (status in ('live', 'failed', 'rebuilding', 'poisoned'));
