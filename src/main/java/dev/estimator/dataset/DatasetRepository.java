package dev.estimator.dataset;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.estimator.database.DatabaseDialect;
import dev.estimator.engine.ColumnType;
import tools.jackson.databind.json.JsonMapper;

/** All SQL of the {@code dataset} and {@code dataset_column} tables; the values are {@link ChunkRepository}'s. */
@Repository
class DatasetRepository {

    record Totals(long datasets, long storedBytes) {
    }

    private static final String DATASET_COLUMNS =
            "id, name, row_count, size_bytes, sha256, stored_bytes, chunk_rows, created_at, owner, status,"
                    + " source_uri, source_format, source_header, source_delimiter, error_code, error_message";
    /** The advisory lock class of an owner's uploads (PostgreSQL), beside the owner's hash. */
    private static final int UPLOAD_LOCK_CLASS = 0x65737402;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    // Levels are stored as JSON text; the shared default mapper keeps that format independent of web settings.
    private final JsonMapper json = JsonMapper.shared();
    private final boolean postgres;

    DatasetRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, DatabaseDialect dialect) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.postgres = dialect.postgres();
    }

    void insert(StoredDataset stored) {
        Dataset d = stored.dataset();
        jdbc.sql("insert into dataset (id, name, row_count, column_count, size_bytes, sha256, stored_bytes,"
                        + " chunk_rows, created_at, owner, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.name(), d.rows(), d.columns().size(), d.sizeBytes(), d.sha256(),
                        stored.storedBytes(), stored.chunkRows(),
                        OffsetDateTime.ofInstant(d.createdAt(), ZoneOffset.UTC), stored.owner(), d.status().name())
                .update();
        insertColumns(d.id(), d.columns());
    }

    /**
     * A dataset by reference, {@code PROFILING}, with no columns yet; {@code categorical} are the column names
     * to type as categorical, for the profiling run.
     */
    void insertReference(Dataset d, String owner, List<String> categorical) {
        DatasetSource source = d.source();
        jdbc.sql("insert into dataset (id, name, row_count, column_count, size_bytes, sha256, stored_bytes,"
                        + " chunk_rows, created_at, owner, status, source_uri, source_format, source_header,"
                        + " source_delimiter, source_categorical)"
                        + " values (?, ?, 0, 0, 0, null, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.name(), OffsetDateTime.ofInstant(d.createdAt(), ZoneOffset.UTC), owner,
                        d.status().name(), source.uri(), source.format().name(), source.header(),
                        source.delimiter() == null ? null : source.delimiter().toString(),
                        json.writeValueAsString(categorical))
                .update();
    }

    /** The source of a dataset by reference; empty for an upload or an unknown dataset. */
    Optional<DatasetSource> source(UUID id) {
        return jdbc.sql("select source_uri, source_format, source_header, source_delimiter from dataset"
                        + " where id = ? and source_uri is not null")
                .param(id)
                .query((rs, n) -> source(rs, 1))
                .optional();
    }

    /** The column names the owner asked to type as categorical when registering a dataset by reference. */
    List<String> categorical(UUID id) {
        return jdbc.sql("select source_categorical from dataset where id = ?").param(id)
                .query((rs, n) -> rs.getString(1)).optional()
                .map(text -> text == null ? List.<String>of() : List.of(json.readValue(text, String[].class)))
                .orElse(List.of());
    }

    /** A dataset being profiled: the attempt that may write its outcome and the application running it. */
    record ProfilingRun(UUID datasetId, int attempt, String application, OffsetDateTime heartbeatAt) {
    }

    /** Every dataset being profiled, oldest first. */
    List<ProfilingRun> profiling() {
        return jdbc.sql("select id, profile_attempt, profile_application, profile_heartbeat_at from dataset"
                        + " where status = 'PROFILING' order by created_at, id")
                .query((rs, n) -> new ProfilingRun(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class)))
                .list();
    }

    /**
     * Takes the next profiling attempt of a dataset still {@code PROFILING} whose attempt is {@code seen}: one
     * instance wins (the attempt moves on), every other gets false and leaves the run to it.
     */
    boolean claimProfiling(UUID id, int seen, OffsetDateTime now) {
        return jdbc.sql("update dataset set profile_attempt = profile_attempt + 1, profile_application = null,"
                        + " profile_heartbeat_at = ? where id = ? and status = 'PROFILING' and profile_attempt = ?")
                .params(now, id, seen)
                .update() == 1;
    }

    /** The watching instance's heartbeat for an attempt it watches; false if the attempt is over. */
    boolean renewProfiling(UUID id, int attempt, OffsetDateTime now) {
        return jdbc.sql("update dataset set profile_heartbeat_at = ? where id = ? and status = 'PROFILING'"
                        + " and profile_attempt = ?")
                .params(now, id, attempt)
                .update() == 1;
    }

    /**
     * Takes over the watch of an attempt whose heartbeat lapsed (its instance died), keeping its application:
     * one instance wins.
     */
    boolean adoptProfiling(UUID id, int attempt, OffsetDateTime seenHeartbeat, OffsetDateTime now) {
        return jdbc.sql("update dataset set profile_heartbeat_at = ? where id = ? and status = 'PROFILING'"
                        + " and profile_attempt = ? and profile_heartbeat_at = ?")
                .params(now, id, attempt, seenHeartbeat)
                .update() == 1;
    }

    /** Records the application that runs the attempt. */
    void profilingLaunched(UUID id, int attempt, String application) {
        jdbc.sql("update dataset set profile_application = ? where id = ? and profile_attempt = ?")
                .params(application, id, attempt)
                .update();
    }

    /** Ends profiling as FAILED unless another attempt took over or the run already wrote its outcome. */
    boolean profilingFailed(UUID id, int attempt, DatasetError error) {
        return jdbc.sql("update dataset set status = 'FAILED', error_code = ?, error_message = ?"
                        + " where id = ? and status = 'PROFILING' and profile_attempt = ?")
                .params(error.code(), error.message(), id, attempt)
                .update() == 1;
    }

    /** The parts of a dataset by reference in row order, as its profiling run recorded them. */
    List<DatasetPart> parts(UUID id) {
        return jdbc.sql("select path, row_count, size_bytes from dataset_part where dataset_id = ?"
                        + " order by part_index")
                .param(id)
                .query((rs, n) -> new DatasetPart(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                .list();
    }

    private void insertColumns(UUID datasetId, List<DatasetColumn> columns) {
        jdbcTemplate.batchUpdate("insert into dataset_column (dataset_id, column_index, name, type, missing_count,"
                + " min_value, max_value, mean_value, std_value, levels) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        DatasetColumn c = columns.get(i);
                        ps.setObject(1, datasetId);
                        ps.setInt(2, c.index());
                        ps.setString(3, c.name());
                        ps.setString(4, typeName(c.type()));
                        ps.setLong(5, c.missing());
                        ps.setObject(6, c.min(), Types.DOUBLE);
                        ps.setObject(7, c.max(), Types.DOUBLE);
                        ps.setObject(8, c.mean(), Types.DOUBLE);
                        ps.setObject(9, c.std(), Types.DOUBLE);
                        ps.setString(10, c.isCategorical() ? json.writeValueAsString(c.levels()) : null);
                    }

                    @Override
                    public int getBatchSize() {
                        return columns.size();
                    }
                });
    }

    Optional<StoredDataset> find(UUID id) {
        Optional<Header> header = jdbc.sql("select " + DATASET_COLUMNS + " from dataset where id = ?")
                .param(id)
                .query(DatasetRepository::header)
                .optional();
        return header.map(h -> h.withColumns(columns(List.of(id)).getOrDefault(id, List.of())));
    }

    /** Datasets newest first: the owner's, or every owner's when {@code owner} is null. */
    List<StoredDataset> findPage(String owner, long offset, int limit) {
        List<Header> headers = jdbc.sql("select " + DATASET_COLUMNS + " from dataset"
                        + (owner == null ? "" : " where owner = :owner")
                        + " order by created_at desc, id desc limit :limit offset :offset")
                .params(owner == null ? Map.of("limit", limit, "offset", offset)
                        : Map.of("owner", owner, "limit", limit, "offset", offset))
                .query(DatasetRepository::header)
                .list();
        if (headers.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<DatasetColumn>> columns = columns(headers.stream().map(Header::id).toList());
        return headers.stream().map(h -> h.withColumns(columns.getOrDefault(h.id(), List.of()))).toList();
    }

    /** The owner's datasets, or every owner's when {@code owner} is null. */
    long count(String owner) {
        if (owner == null) {
            return jdbc.sql("select count(*) from dataset").query(Long.class).single();
        }
        return jdbc.sql("select count(*) from dataset where owner = ?").param(owner).query(Long.class).single();
    }

    /** The owner's stored bytes, for the quota. */
    long storedBytes(String owner) {
        return jdbc.sql("select coalesce(sum(stored_bytes), 0) from dataset where owner = ?").param(owner)
                .query(Long.class).single();
    }

    /**
     * Within a transaction: waits until no other transaction holds the owner's upload lock, then holds it until
     * this one ends, so that two uploads of one owner check the quota one after the other (PostgreSQL; on H2,
     * a single instance, it does nothing).
     */
    void lockOwner(String owner) {
        if (postgres) {
            jdbc.sql("select pg_advisory_xact_lock(?, hashtext(?))").params(UPLOAD_LOCK_CLASS, owner)
                    .query((rs, n) -> 1).list();
        }
    }

    Totals totals() {
        return jdbc.sql("select count(*), coalesce(sum(stored_bytes), 0) from dataset")
                .query((rs, n) -> new Totals(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    /** Deletes the dataset with its columns and chunks (by cascade); false if there was none. */
    boolean delete(UUID id) {
        return jdbc.sql("delete from dataset where id = ?").param(id).update() > 0;
    }

    private Map<UUID, List<DatasetColumn>> columns(Collection<UUID> ids) {
        Map<UUID, List<DatasetColumn>> byDataset = new LinkedHashMap<>();
        jdbc.sql("select dataset_id, column_index, name, type, missing_count, min_value, max_value, mean_value,"
                        + " std_value, levels from dataset_column where dataset_id in (:ids)"
                        + " order by dataset_id, column_index")
                .param("ids", ids)
                .query(rs -> {
                    UUID datasetId = rs.getObject(1, UUID.class);
                    byDataset.computeIfAbsent(datasetId, k -> new ArrayList<>()).add(column(rs));
                });
        return byDataset;
    }

    private DatasetColumn column(ResultSet rs) throws SQLException {
        int index = rs.getInt(2);
        String name = rs.getString(3);
        long missing = rs.getLong(5);
        if ("categorical".equals(rs.getString(4))) {
            String[] levels = json.readValue(rs.getString(10), String[].class);
            return DatasetColumn.categorical(index, name, missing, List.of(levels));
        }
        return DatasetColumn.numeric(index, name, missing, nullableDouble(rs, 6), nullableDouble(rs, 7),
                nullableDouble(rs, 8), nullableDouble(rs, 9));
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static String typeName(ColumnType type) {
        return type == ColumnType.CATEGORICAL ? "categorical" : "numeric";
    }

    private static Header header(ResultSet rs, int rowNum) throws SQLException {
        String errorCode = rs.getString(15);
        return new Header(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getString(5), rs.getLong(6), rs.getInt(7), rs.getObject(8, OffsetDateTime.class), rs.getString(9),
                DatasetStatus.valueOf(rs.getString(10)), rs.getString(11) == null ? null : source(rs, 11),
                errorCode == null ? null : new DatasetError(errorCode, rs.getString(16)));
    }

    /** The source held in four columns from {@code first} on: uri, format, header, delimiter. */
    private static DatasetSource source(ResultSet rs, int first) throws SQLException {
        boolean header = rs.getBoolean(first + 2);
        Boolean nullableHeader = rs.wasNull() ? null : header;
        String delimiter = rs.getString(first + 3);
        return new DatasetSource(rs.getString(first), DatasetSource.Format.valueOf(rs.getString(first + 1)),
                nullableHeader, delimiter == null || delimiter.isEmpty() ? null : delimiter.charAt(0));
    }

    private record Header(UUID id, String name, long rows, long sizeBytes, String sha256, long storedBytes,
            int chunkRows, OffsetDateTime createdAt, String owner, DatasetStatus status, DatasetSource source,
            DatasetError error) {

        StoredDataset withColumns(List<DatasetColumn> columns) {
            return new StoredDataset(new Dataset(id, name, rows, sizeBytes, sha256, createdAt.toInstant(), columns,
                    status, source, error), chunkRows, storedBytes, owner);
        }
    }
}
