-- Session changes pushed to every instance (ADR 0019): each AdminUser event, in the
-- transaction that writes it, notifies `admin_sessions` with the admin, the event's
-- sequence and its type — never the payload (it holds the password hash). Instances keep
-- the sessions they check tokens against in memory and read the admin's new events when
-- told; whoever writes the event (API, CLI, bootstrap, another instance) cannot forget to
-- notify.
create function events_admin_sessions_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('admin_sessions', json_build_object(
        'admin', new.aggregate_id, 'sequence', new.sequence, 'type', new.event_type)::text);
    return null;
end $$;
create trigger events_admin_sessions_notify after insert on events
    for each row when (new.aggregate_type = 'AdminUser')
    execute function events_admin_sessions_notify();
