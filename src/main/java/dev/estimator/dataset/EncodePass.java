package dev.estimator.dataset;

import java.io.Reader;
import java.nio.DoubleBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.estimator.engine.CellValues;

/**
 * The second pass: re-reads the spooled CSV, already known to be well-formed, and encodes its rows into
 * chunks of {@code chunkRows} rows. The row count is known from the first pass, so each chunk's array is
 * allocated at its final size and values are written straight into their column-major slot.
 */
final class EncodePass implements CsvScanner.RecordVisitor {

    private final CellEncoder[] encoders;
    private boolean headerPending;
    private final long totalRows;
    private final int chunkRows;
    private final Consumer<EncodedChunk> sink;
    private boolean inHeader;
    private long rowsDone;
    private int chunkIndex;
    private int chunkRowCount;
    private int rowInChunk;
    private byte[] data;
    private DoubleBuffer values;

    private EncodePass(List<DatasetColumn> columns, boolean header, long totalRows, int chunkRows,
            Consumer<EncodedChunk> sink) {
        this.encoders = columns.stream().map(CellEncoder::of).toArray(CellEncoder[]::new);
        this.headerPending = header;
        this.totalRows = totalRows;
        this.chunkRows = chunkRows;
        this.sink = sink;
    }

    /** Encodes every row of {@code csv} and hands the chunks, in order, to {@code sink}; returns their count. */
    static int run(Reader csv, char delimiter, boolean header, List<DatasetColumn> columns, long totalRows,
            int chunkRows, Consumer<EncodedChunk> sink) {
        EncodePass pass = new EncodePass(columns, header, totalRows, chunkRows, sink);
        pass.startChunk();
        CsvScanner.scan(csv, delimiter, pass);
        if (pass.rowsDone != totalRows) {
            throw new IllegalStateException("the spooled upload changed between passes: "
                    + pass.rowsDone + " rows, expected " + totalRows);
        }
        return pass.chunkIndex;
    }

    @Override
    public void beginRecord(long line) {
        // The header is the first record, which is not always on line 1: empty lines are skipped.
        inHeader = headerPending;
    }

    @Override
    public void field(int index, char[] buf, int offset, int length) {
        if (!inHeader) {
            values.put(index * chunkRowCount + rowInChunk, encoders[index].encode(buf, offset, length));
        }
    }

    @Override
    public void endRecord(long line, int fieldCount) {
        if (inHeader) {
            headerPending = false;
            return;
        }
        rowsDone++;
        if (++rowInChunk == chunkRowCount) {
            sink.accept(new EncodedChunk(chunkIndex++, chunkRowCount, data));
            startChunk();
        }
    }

    private void startChunk() {
        chunkRowCount = (int) Math.min(chunkRows, totalRows - rowsDone);
        rowInChunk = 0;
        data = chunkRowCount > 0 ? ChunkCodec.allocate(chunkRowCount, encoders.length) : null;
        values = data != null ? ChunkCodec.view(data) : null;
    }

    /** Turns one cell into its stored double: the number, the level code, or NaN when missing. */
    private interface CellEncoder {

        double encode(char[] buf, int off, int len);

        static CellEncoder of(DatasetColumn column) {
            if (!column.isCategorical()) {
                return (buf, off, len) -> CellValues.isMissing(buf, off, len) ? Double.NaN
                        : CellValues.parseFinite(buf, off, len);
            }
            Map<String, Double> codes = new HashMap<>();
            List<String> levels = column.levels();
            for (int i = 0; i < levels.size(); i++) {
                codes.put(levels.get(i), (double) i);
            }
            return (buf, off, len) -> {
                if (CellValues.isMissing(buf, off, len)) {
                    return Double.NaN;
                }
                Double code = codes.get(new String(buf, off, len));
                if (code == null) {
                    throw new IllegalStateException("level missing from the first pass");
                }
                return code;
            };
        }
    }
}
