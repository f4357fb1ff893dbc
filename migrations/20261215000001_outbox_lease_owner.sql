-- Outbox leases name their holder, the instance id (docs/adr/0024-instance-identity-leases-and-queue-bounds.md):
-- a restarted instance gives its previous run's rows back at once instead of waiting for
-- their leases to run out. Rows claimed before this migration have no owner; their leases
-- run out as before.
alter table outbox add column lease_owner text;
create index outbox_held on outbox (lease_owner) where status = 'in_flight';
