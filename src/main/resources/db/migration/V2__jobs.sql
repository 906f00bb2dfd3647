-- Training jobs: the queue and its claim state, the loss history, and results.
-- Portable between PostgreSQL and H2 in PostgreSQL mode: no jsonb (JSON is stored as text), no partial indexes.

create table job (
    id                   uuid                     not null primary key,
    name                 varchar(255),
    -- no foreign key: a finished job and its result outlive its dataset
    dataset_id           uuid                     not null,
    search_id            uuid,
    -- QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED
    status               varchar(16)              not null,
    -- the job spec with defaults filled in, as JSON
    spec                 text                     not null,
    -- progress: iterations completed, and the losses after the last of them
    max_iterations       integer                  not null,
    iteration            integer                  not null default 0,
    loss                 double precision,
    validation_loss      double precision,
    created_at           timestamp with time zone not null,
    started_at           timestamp with time zone,
    finished_at          timestamp with time zone,
    -- DIVERGED, MISSING_VALUES, DATASET_GONE, INTERNAL
    error_code           varchar(32),
    error_message        text,
    idempotency_key      varchar(255)             unique,
    -- set by a cancel request; the instance running the job reads it when it flushes
    cancel_requested     boolean                  not null default false,
    -- claim state: who runs it, until when, and the claim's number, which fences every write of a run
    instance_id          varchar(255),
    lease_expires_at     timestamp with time zone,
    attempt              integer                  not null default 0,
    -- the trainer's state after iteration checkpoint_iteration - 1, to resume from after a lost lease
    checkpoint           bytea,
    checkpoint_iteration integer
);

-- the claim: the oldest QUEUED job, or a RUNNING one whose lease lapsed
create index job_status_created_idx on job (status, created_at);
-- lists, newest first
create index job_created_idx on job (created_at, id);
-- "is this dataset in use" and the datasetId filter
create index job_dataset_idx on job (dataset_id, status);
create index job_search_idx on job (search_id, created_at);

create table job_loss (
    job_id          uuid             not null references job (id) on delete cascade,
    iteration       integer          not null,
    loss            double precision not null,
    -- null without validation rows
    validation_loss double precision,
    gradient_norm   double precision,
    learning_rate   double precision not null,
    -- training time from the job's start to the end of this iteration
    elapsed_ms      bigint           not null,
    primary key (job_id, iteration)
);

create table job_result (
    job_id     uuid not null primary key references job (id) on delete cascade,
    -- the result as the API shows it, as JSON
    result     text not null,
    -- what predictions need: encoded features, coefficients on the original scale, intercept, as JSON
    model      text not null
);
