-- Where a job trained: the Spark application of its latest run and its web UI (null for jobs trained in the
-- service's own pool). Written by the run that owns the job's attempt.
alter table job add column engine_application varchar(255);
alter table job add column engine_ui text;
