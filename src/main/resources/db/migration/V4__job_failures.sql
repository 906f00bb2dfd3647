-- Runs of a job that ended without an outcome: an internal error, or a lease that lapsed while the job ran
-- (its instance died or lost the database). estimator.jobs.max-attempts bounds them; a graceful release
-- for shutdown does not count.
alter table job add column failures integer not null default 0;
