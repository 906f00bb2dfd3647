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

import dev.estimator.engine.ColumnType;
import tools.jackson.databind.json.JsonMapper;

/** All SQL of the {@code dataset} and {@code dataset_column} tables; the values are {@link ChunkRepository}'s. */
@Repository
class DatasetRepository {

    record Totals(long datasets, long storedBytes) {
    }

    private static final String DATASET_COLUMNS =
            "id, name, row_count, size_bytes, sha256, stored_bytes, chunk_rows, created_at, owner";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    // Levels are stored as JSON text; the shared default mapper keeps that format independent of web settings.
    private final JsonMapper json = JsonMapper.shared();

    DatasetRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    void insert(StoredDataset stored) {
        Dataset d = stored.dataset();
        jdbc.sql("insert into dataset (id, name, row_count, column_count, size_bytes, sha256, stored_bytes,"
                        + " chunk_rows, created_at, owner) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.name(), d.rows(), d.columns().size(), d.sizeBytes(), d.sha256(),
                        stored.storedBytes(), stored.chunkRows(),
                        OffsetDateTime.ofInstant(d.createdAt(), ZoneOffset.UTC), stored.owner())
                .update();
        List<DatasetColumn> columns = d.columns();
        jdbcTemplate.batchUpdate("insert into dataset_column (dataset_id, column_index, name, type, missing_count,"
                + " min_value, max_value, mean_value, std_value, levels) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        DatasetColumn c = columns.get(i);
                        ps.setObject(1, d.id());
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
        return new Header(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getString(5), rs.getLong(6), rs.getInt(7), rs.getObject(8, OffsetDateTime.class), rs.getString(9));
    }

    private record Header(UUID id, String name, long rows, long sizeBytes, String sha256, long storedBytes,
            int chunkRows, OffsetDateTime createdAt, String owner) {

        StoredDataset withColumns(List<DatasetColumn> columns) {
            return new StoredDataset(new Dataset(id, name, rows, sizeBytes, sha256, createdAt.toInstant(), columns),
                    chunkRows, storedBytes, owner);
        }
    }
}
