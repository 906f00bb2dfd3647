package dev.estimator.dataset;

import java.io.ByteArrayInputStream;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * All SQL of the {@code dataset_chunk} table: a dataset's values, {@code chunk_rows} rows a row, in
 * {@link ChunkCodec}'s layout. Chunks are deleted with their dataset (foreign key cascade).
 */
@Repository
class ChunkRepository {

    /** Receives chunks in index order. */
    interface ChunkConsumer {
        void accept(int chunkIndex, int rowCount, byte[] data);
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    ChunkRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /**
     * Inserts chunks in one JDBC batch. The bytes go in as streams so the driver sends them from our arrays
     * instead of copying each one first (pgjdbc's {@code setBytes} copies).
     */
    void insert(UUID datasetId, List<EncodedChunk> chunks) {
        jdbcTemplate.batchUpdate("insert into dataset_chunk (dataset_id, chunk_index, row_count, data)"
                + " values (?, ?, ?, ?)", new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        EncodedChunk chunk = chunks.get(i);
                        ps.setObject(1, datasetId);
                        ps.setInt(2, chunk.index());
                        ps.setInt(3, chunk.rowCount());
                        ps.setBinaryStream(4, new ByteArrayInputStream(chunk.data()), chunk.data().length);
                    }

                    @Override
                    public int getBatchSize() {
                        return chunks.size();
                    }
                });
    }

    /**
     * Reads chunks {@code from} (inclusive) to {@code to} (exclusive) in index order. The driver holds the
     * whole result before the first call, so callers keep the range to about a batch.
     */
    void read(UUID id, int from, int to, ChunkConsumer consumer) {
        jdbc.sql("select chunk_index, row_count, data from dataset_chunk"
                        + " where dataset_id = ? and chunk_index >= ? and chunk_index < ? order by chunk_index")
                .params(id, from, to)
                .query(rs -> {
                    consumer.accept(rs.getInt(1), rs.getInt(2), rs.getBytes(3));
                });
    }
}
