-- Model selection: grid searches with k-fold cross-validation, and which of their jobs scores which candidate on
-- which fold. The jobs themselves are ordinary rows of job (job.search_id), queued as the owner's active-jobs
-- quota and the queue allow. Portable between PostgreSQL and H2.

create table search (
    id            uuid                     not null primary key,
    name          varchar(255),
    dataset_id    uuid                     not null,
    -- who created it (as for datasets and jobs); its jobs belong to the same owner
    owner         varchar(255)             not null,
    -- QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED
    status        varchar(16)              not null,
    -- the request with every default filled in (base spec, grid, folds, metric, refit), as JSON
    request       text                     not null,
    created_at    timestamp with time zone not null,
    finished_at   timestamp with time zone,
    -- the refit job on all rows with the best combination, once started
    best_job_id   uuid,
    -- why a FAILED search failed
    error_code    varchar(32),
    error_message text
);

-- lists, newest first; an owner's list
create index search_created_idx on search (created_at, id);
create index search_owner_created_idx on search (owner, created_at, id);
-- the reconciler's look at unfinished searches
create index search_status_idx on search (status);

create table search_job (
    search_id     uuid    not null references search (id) on delete cascade,
    -- index into the grid's combinations, the first path varying slowest
    candidate     integer not null,
    fold          integer not null,
    -- null until the job is queued
    job_id        uuid    unique,
    -- recorded once the job has finished (or when it can no longer be queued): its status, its score by the
    -- search's metric, its error
    status        varchar(16),
    score         double precision,
    error_code    varchar(32),
    error_message text,
    primary key (search_id, candidate, fold)
);
