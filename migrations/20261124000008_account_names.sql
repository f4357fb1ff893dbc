-- Subscription usernames are unique per location (case-insensitive), claimed on the write
-- side before the subscription's events are appended — a read-model check alone lets two
-- concurrent creates through.
create table account_names (
    location_id     text not null,
    username        text not null,
    subscription_id text not null
);
create unique index account_names_unique on account_names (location_id, lower(username));
