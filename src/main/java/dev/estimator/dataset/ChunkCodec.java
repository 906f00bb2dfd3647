package dev.estimator.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

/**
 * The stored form of a chunk: {@code rows × columns} float64 values, column after column, little-endian
 * (the byte order of the machines we run on, so encoding and decoding are plain copies). Missing values are
 * NaN; categorical values are their level codes.
 */
final class ChunkCodec {

    private ChunkCodec() {
    }

    static byte[] allocate(int rows, int columns) {
        long size = 8L * rows * columns;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a chunk of " + rows + " rows × " + columns
                    + " columns does not fit in one array; lower estimator.datasets.chunk-rows");
        }
        return new byte[(int) size];
    }

    /** A writable view of {@code data}: value (row r, column c) is at index {@code c * rows + r}. */
    static DoubleBuffer view(byte[] data) {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
    }

    /**
     * Copies column {@code column} of a chunk of {@code rows} rows into {@code target} starting at
     * {@code targetOffset}.
     */
    static void decodeColumn(DoubleBuffer chunk, int rows, int column, double[] target, int targetOffset) {
        chunk.get(column * rows, target, targetOffset, rows);
    }
}
