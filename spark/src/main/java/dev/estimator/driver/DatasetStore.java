package dev.estimator.driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The driver's reads and writes of the service's dataset tables (their SQL on the service side is the
 * {@code dataset} package's repository; these statements follow the same columns). The connection comes from
 * {@code ESTIMATOR_DB_URL}, {@code ESTIMATOR_DB_USER} and {@code ESTIMATOR_DB_PASSWORD}. Every outcome is written
 * only while the dataset is still being profiled by the attempt this run was given, so a run that was superseded
 * (a relaunch after its instance lost sight of it) changes nothing.
 */
final class DatasetStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a profiling run reads: the source and the owner's categorical columns. */
    record Registration(String status, int attempt, String uri, String format, Boolean header, Character delimiter,
            List<String> categorical) {
    }

    /** One column's outcome, as the service stores it. */
    record Column(int index, String name, boolean numeric, long missing, Double min, Double max, Double mean,
            Double std, List<String> levels) {
    }

    /** One part (file) in row order. */
    record Part(String path, long rows, long sizeBytes) {
    }

    private final Connection connection;

    private DatasetStore(Connection connection) {
        this.connection = connection;
    }

    static DatasetStore open() throws SQLException {
        String url = System.getenv("ESTIMATOR_DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("ESTIMATOR_DB_URL is not set");
        }
        return new DatasetStore(DriverManager.getConnection(url, System.getenv("ESTIMATOR_DB_USER"),
                System.getenv("ESTIMATOR_DB_PASSWORD")));
    }

    Optional<Registration> registration(UUID id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select status, profile_attempt, source_uri,"
                + " source_format, source_header, source_delimiter, source_categorical from dataset where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                boolean header = rs.getBoolean(5);
                Boolean nullableHeader = rs.wasNull() ? null : header;
                String delimiter = rs.getString(6);
                String categorical = rs.getString(7);
                return Optional.of(new Registration(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        nullableHeader, delimiter == null || delimiter.isEmpty() ? null : delimiter.charAt(0),
                        categorical == null ? List.of() : List.of(JSON.readValue(categorical, String[].class))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("dataset " + id + " has unreadable categorical columns", e);
            }
        }
    }

    /**
     * Stores the profile and makes the dataset READY, in one transaction; false (and nothing written) if the
     * attempt is no longer the dataset's.
     */
    boolean ready(UUID id, int attempt, long rows, List<Column> columns, List<Part> parts) throws SQLException {
        long size = parts.stream().mapToLong(Part::sizeBytes).sum();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement ps = connection.prepareStatement("update dataset set status = 'READY',"
                    + " row_count = ?, column_count = ?, size_bytes = ?, error_code = null, error_message = null"
                    + " where id = ? and status = 'PROFILING' and profile_attempt = ?")) {
                ps.setLong(1, rows);
                ps.setInt(2, columns.size());
                ps.setLong(3, size);
                ps.setObject(4, id);
                ps.setInt(5, attempt);
                if (ps.executeUpdate() != 1) {
                    connection.rollback();
                    return false;
                }
            }
            delete("dataset_column", id);
            delete("dataset_part", id);
            try (PreparedStatement ps = connection.prepareStatement("insert into dataset_column (dataset_id,"
                    + " column_index, name, type, missing_count, min_value, max_value, mean_value, std_value, levels)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Column c : columns) {
                    ps.setObject(1, id);
                    ps.setInt(2, c.index());
                    ps.setString(3, c.name());
                    ps.setString(4, c.numeric() ? "numeric" : "categorical");
                    ps.setLong(5, c.missing());
                    ps.setObject(6, c.min(), Types.DOUBLE);
                    ps.setObject(7, c.max(), Types.DOUBLE);
                    ps.setObject(8, c.mean(), Types.DOUBLE);
                    ps.setObject(9, c.std(), Types.DOUBLE);
                    ps.setString(10, c.numeric() ? null : JSON.writeValueAsString(c.levels()));
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            try (PreparedStatement ps = connection.prepareStatement("insert into dataset_part (dataset_id,"
                    + " part_index, path, row_count, size_bytes) values (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < parts.size(); i++) {
                    Part p = parts.get(i);
                    ps.setObject(1, id);
                    ps.setInt(2, i);
                    ps.setString(3, p.path());
                    ps.setLong(4, p.rows());
                    ps.setLong(5, p.sizeBytes());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            connection.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Makes the dataset FAILED with a reason; false if the attempt is no longer the dataset's. */
    boolean failed(UUID id, int attempt, String code, String message) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("update dataset set status = 'FAILED',"
                + " error_code = ?, error_message = ? where id = ? and status = 'PROFILING' and profile_attempt = ?")) {
            ps.setString(1, code);
            ps.setString(2, message);
            ps.setObject(3, id);
            ps.setInt(4, attempt);
            return ps.executeUpdate() == 1;
        }
    }

    /** The parts of a READY dataset in row order. */
    List<Part> parts(UUID id) throws SQLException {
        List<Part> parts = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "select path, row_count, size_bytes from dataset_part where dataset_id = ? order by part_index")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.add(new Part(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return parts;
    }

    Connection connection() {
        return connection;
    }

    private void delete(String table, UUID id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("delete from " + table + " where dataset_id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
