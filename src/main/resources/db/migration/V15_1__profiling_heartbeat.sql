-- The profiling run's time column is the watching instance's heartbeat: renewed while it watches the run; once it
-- lapses, another instance (or this one after a restart) takes the run over.
alter table dataset rename column profile_launched_at to profile_heartbeat_at;
