-- A chunk's values are float64 bit patterns that pglz cannot shrink, yet PostgreSQL tries to compress every
-- value over ~2 kB before giving up, which cost more than half of an upload's time. EXTERNAL keeps the
-- values out of line, uncompressed. Applies to chunks written from now on.
alter table dataset_chunk alter column data set storage external;
