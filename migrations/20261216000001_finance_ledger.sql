-- Money the operator can trust (issue 13, ADR 0031): voucher sales as events, a finance
-- ledger read model, per-location sale recognition, PPP profile cost prices.

-- Write-side: the vouchers of a batch, so selling or refunding a batch finds them without
-- a read model (ADR 0022). Backfilled from the log for batches generated before.
alter table voucher_codes add column batch_id text;
update voucher_codes c
   set batch_id = e.payload #>> '{VoucherGenerated,batch_id}'
  from events e
 where e.aggregate_type = 'Voucher' and e.event_type = 'VoucherGenerated'
   and e.aggregate_id = c.voucher_id and c.batch_id is null;
create index voucher_codes_batch on voucher_codes (batch_id) where batch_id is not null;

alter table rm_locations add column sale_on text not null default 'ACTIVATION';
alter table rm_ppp_profiles add column price_cost numeric(16, 2) not null default 0;
alter table rm_voucher_batches
    add column sale_on       text not null default 'ACTIVATION',
    add column reseller      text,
    add column agreed_price  numeric(16, 2),
    add column sold_vouchers int,
    add column sold_at       timestamptz;
alter table rm_vouchers
    add column expired_at    timestamptz,
    add column sold_at       timestamptz,
    add column sale_price    numeric(16, 2),
    add column reseller      text,
    add column sale_refunded bool not null default false;

-- One row per money movement: a voucher sold or its sale reversed, money applied to an
-- invoice, a payment refunded, a paid invoice voided. Amounts are exact; `occurred_at` is UTC and reports cut
-- days in the row's location's own time zone.
create table rm_finance_ledger (
    id            text primary key,            -- <aggregate type>:<id>:<sequence>
    occurred_at   timestamptz not null,
    source        text not null,               -- VOUCHER or INVOICE
    kind          text not null,               -- SALE, REFUND or VOID
    location_id   text not null,               -- '-' when unknown
    profile       text not null,               -- '-' when unknown
    method        text not null,               -- ACTIVATION, RESELLER, <plugin>[/<channel>], cash, credit
    operator      text not null,               -- '-' when unknown
    reference     text not null,               -- voucher, batch or payment id
    count         int not null,                -- 1 per sale, 0 otherwise
    revenue       numeric(16, 2) not null,     -- a void's is negative
    cost          numeric(16, 2) not null,     -- a refund's reversed cost is negative
    refund        numeric(16, 2) not null,
    last_position bigint not null
);
create index rm_finance_ledger_time on rm_finance_ledger (occurred_at);
create index rm_finance_ledger_location on rm_finance_ledger (location_id, occurred_at);

-- What a later money event needs from an earlier one of another stream: an invoice's
-- location, profile, amount and cost; a payment's method, operator and invoice.
create table rm_finance_sources (
    id            text primary key,            -- Invoice:<id> or Payment:<id>
    location_id   text not null,
    profile       text not null,
    method        text not null,
    operator      text not null,
    invoice_id    text,
    amount        numeric(16, 2) not null,
    cost          numeric(16, 2) not null,
    -- Invoices: the cost recognised (when paid) and the payment that settled it.
    cost_taken    numeric(16, 2) not null,
    cost_ref      text,
    last_position bigint not null
);

-- Receipts (kuitansi): numbers `KW/<year>/<n>`, gap-free per year (WIB): a number is taken
-- in the transaction that writes its `InvoiceReceiptIssued`, so a failed write gives it back.
create table receipt_numbers (
    year int primary key,
    last int not null
);

create table rm_receipts (
    id             text primary key,
    number         text not null,
    invoice_id     text not null,
    invoice_number text not null,
    customer_id    text not null,
    payment_ref    text not null,
    amount         numeric(16, 2) not null,
    paid_at        timestamptz not null,
    issued_at      timestamptz not null,
    last_position  bigint not null
);
create index rm_receipts_invoice on rm_receipts (invoice_id);

-- The overview counts today's generated, activated and expired vouchers by time.
create index rm_vouchers_generated_at on rm_vouchers (generated_at);
create index rm_vouchers_first_login_at on rm_vouchers (first_login_at) where first_login_at is not null;
create index rm_vouchers_expired_at on rm_vouchers (expired_at) where expired_at is not null;

-- Each entry's local date, cut in its location's zone when the entry was written (a zone
-- change applies to later entries; a rebuild re-cuts all), and the ledger summed per local
-- day and grouping: reports read these sums, not the entries (ADR 0031).
alter table rm_finance_ledger add column local_date date not null;
create index rm_finance_ledger_local_date on rm_finance_ledger (local_date);
create table rm_finance_daily (
    day         date not null,
    location_id text not null,
    profile     text not null,
    method      text not null,
    operator    text not null,
    source      text not null,
    count       bigint not null,
    revenue     numeric(18, 2) not null,
    cost        numeric(18, 2) not null,
    refund      numeric(18, 2) not null,
    primary key (day, location_id, profile, method, operator, source)
);
