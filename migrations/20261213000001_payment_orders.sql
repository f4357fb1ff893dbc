-- Write-side look-up of a payment by its order id at the gateway (ADR 0022). The event store
-- writes a row in the same statement as the payment's `PaymentCreated`, so a gateway's
-- callback finds its payment however far behind the read models are (a long transaction
-- holding the gap-safe horizon, ADR 0002, must never turn a callback into a 404).
-- Order ids are ours (`{invoice_no}-{attempt}`, `VS-…`) and unique across plugins, as
-- `rm_payments_order` already required; the plugin is kept so a callback is matched only
-- to a payment collected by the plugin that verified it.
create table payment_orders (
    order_id   text primary key,
    plugin     text not null,
    payment_id text not null
);

-- Payments created before this table existed, from their events (the earliest wins, as the
-- read model's unique index made sure there is only one).
insert into payment_orders (order_id, plugin, payment_id)
select payload #>> '{PaymentCreated,gateway_order_id}',
       payload #>> '{PaymentCreated,method,plugin}',
       aggregate_id
  from events
 where aggregate_type = 'Payment' and event_type = 'PaymentCreated'
 order by position
on conflict (order_id) do nothing;
