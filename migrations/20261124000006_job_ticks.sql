-- A scheduled run is claimed per (job, tick): when two instances fire the same cron tick
-- one after the other (the first already finished and released its lock), the second
-- finds the tick taken and does not run the job again. On-demand runs have no tick.
alter table job_runs add column tick timestamptz;
create unique index job_runs_tick on job_runs (job, tick) where tick is not null;
