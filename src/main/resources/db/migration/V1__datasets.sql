-- Datasets: metadata, one row per column, and the values in chunks of up to 65,536 rows.
-- Portable between PostgreSQL and H2 in PostgreSQL mode: no jsonb, no PostgreSQL-only types.

create table dataset (
    id            uuid                     not null primary key,
    name          varchar(255)             not null,
    row_count     bigint                   not null,
    column_count  integer                  not null,
    -- the CSV as uploaded
    size_bytes    bigint                   not null,
    sha256        varchar(64)              not null,
    -- the encoded chunks (rows x columns x 8)
    stored_bytes  bigint                   not null,
    -- rows per chunk when it was stored, so a later change of the setting cannot misplace rows
    chunk_rows    integer                  not null,
    created_at    timestamp with time zone not null
);

-- newest first, for the list
create index dataset_created_at_idx on dataset (created_at, id);

create table dataset_column (
    dataset_id    uuid             not null references dataset (id) on delete cascade,
    column_index  integer          not null,
    name          text             not null,
    -- 'numeric' or 'categorical'
    type          varchar(16)      not null,
    missing_count bigint           not null,
    min_value     double precision,
    max_value     double precision,
    mean_value    double precision,
    std_value     double precision,
    -- categorical levels as a JSON array of strings, in sort order (a value's code is its index)
    levels        text,
    primary key (dataset_id, column_index)
);

create table dataset_chunk (
    dataset_id    uuid    not null references dataset (id) on delete cascade,
    chunk_index   integer not null,
    row_count     integer not null,
    -- row_count x column_count float64, column-major, little-endian; NaN = missing
    data          bytea   not null,
    primary key (dataset_id, chunk_index)
);
