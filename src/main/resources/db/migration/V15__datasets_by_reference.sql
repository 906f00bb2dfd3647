-- Datasets registered by reference: the rows stay where they are (Parquet or CSV parts under a URI read by
-- Spark); the service keeps the reference, the column summaries a profiling run computes, and its state.
-- Uploads are READY from the start and have no source.

-- PROFILING, READY or FAILED
alter table dataset add column status varchar(16) default 'READY' not null;
-- the reference: a URI, 'parquet' or 'csv', and for csv whether parts start with a header and the delimiter
alter table dataset add column source_uri text;
alter table dataset add column source_format varchar(16);
alter table dataset add column source_header boolean;
alter table dataset add column source_delimiter varchar(1);
-- column names the owner asked to type as categorical (JSON array), for the profiling run
alter table dataset add column source_categorical text;
-- why a profiling run FAILED (code and message as the API shows them)
alter table dataset add column error_code varchar(64);
alter table dataset add column error_message text;
-- the profiling run: its attempt (a run writes its outcome only while the attempt is still the dataset's, so a
-- run superseded by a relaunch cannot overwrite a newer one), the Spark application, and the watching
-- instance's heartbeat (renewed while it watches the run; once it lapses another instance takes the run over)
alter table dataset add column profile_attempt integer default 0 not null;
alter table dataset add column profile_application varchar(255);
alter table dataset add column profile_heartbeat_at timestamp with time zone;
-- a dataset by reference has no uploaded bytes to hash
alter table dataset alter column sha256 drop not null;
-- the watcher's scan for datasets being profiled
create index dataset_status_idx on dataset (status);

-- The parts of a dataset by reference as its profiling run read them, in path order: the rows of the dataset
-- are the parts' rows in this order, each part's in file order, so row n is found without reading earlier parts.
create table dataset_part (
    dataset_id  uuid    not null references dataset (id) on delete cascade,
    part_index  integer not null,
    path        text    not null,
    row_count   bigint  not null,
    size_bytes  bigint  not null,
    primary key (dataset_id, part_index)
);

-- A window of a dataset by reference's rows, read by a short Spark run: the service inserts the request, the
-- run writes the cells (JSON array of rows, each an array of strings or nulls) or an error message.
create table dataset_window (
    id            uuid                     not null primary key,
    dataset_id    uuid                     not null references dataset (id) on delete cascade,
    row_offset    bigint                   not null,
    row_limit     integer                  not null,
    created_at    timestamp with time zone not null,
    cells         text,
    error_message text
);
