-- Invoice number sequence per year: INV/<year>/<000123>. A number is taken before the
-- invoice is issued; a crash in between leaves a gap, never a duplicate.
create table invoice_numbers (
    year int primary key,
    last int not null
);
