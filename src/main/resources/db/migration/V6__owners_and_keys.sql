-- Owners and API keys. Every dataset and job belongs to the owner who created it; rows from before this
-- migration go to 'admin', the owner of the first administrator key.

alter table dataset add column owner varchar(255) default 'admin' not null;
alter table dataset alter column owner drop default;
-- an owner's list, newest first; its stored bytes for the quota
create index dataset_owner_created_idx on dataset (owner, created_at, id);

alter table job add column owner varchar(255) default 'admin' not null;
alter table job alter column owner drop default;
-- an owner's list, newest first
create index job_owner_created_idx on job (owner, created_at, id);
-- an owner's queued and running jobs, for the quota
create index job_owner_status_idx on job (owner, status);

-- An Idempotency-Key is unique per owner, not across owners: one owner's key must neither find nor block
-- another's job. The column is rebuilt because its unique constraint has a vendor-specific name.
alter table job add column owner_idempotency_key varchar(255);
update job set owner_idempotency_key = idempotency_key;
alter table job drop column idempotency_key;
alter table job rename column owner_idempotency_key to idempotency_key;
create unique index job_owner_idempotency_idx on job (owner, idempotency_key);

create table api_key (
    id          uuid                     not null primary key,
    name        varchar(255)             not null,
    -- whose datasets and jobs the key reaches (by default its name)
    owner       varchar(255)             not null,
    -- 'admin' or 'user'
    role        varchar(16)              not null,
    -- the key's first characters, shown in lists so that a key can be recognised; not secret
    prefix      varchar(16)              not null,
    -- lower-case hex SHA-256 of the whole key; the key itself is never stored
    hash        varchar(64)              not null unique,
    created_at  timestamp with time zone not null
);
