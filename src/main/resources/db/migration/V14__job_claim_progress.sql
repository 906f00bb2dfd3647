-- What a claim needs to tell a run that made progress from one that did not, and why a job was resumed.
-- claimed_iteration: the checkpoint's iteration when the job was last claimed. A run that ends without an
-- outcome counts in failures (estimator.jobs.max-attempts) only if the checkpoint is no further than this.
-- resume_cause: why the job's previous run ended without an outcome: lease-lapsed (its instance died or lost
-- the database), released (shutdown), failed (an internal error); null before its first resumption.
alter table job add column claimed_iteration integer not null default 0;
alter table job add column resume_cause varchar(16);
