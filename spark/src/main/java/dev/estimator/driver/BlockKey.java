package dev.estimator.driver;

import java.io.Serializable;

/**
 * Where a block's rows are in the data: the rank of its file among the source's files in name order, and the
 * byte offset of its split. Sums are added in this order, never in partition order (Spark packs files into
 * partitions by size, so the same data read twice may land in other partition indices).
 */
record BlockKey(int file, long start) implements Comparable<BlockKey>, Serializable {

    @Override
    public int compareTo(BlockKey o) {
        int c = Integer.compare(file, o.file);
        return c != 0 ? c : Long.compare(start, o.start);
    }

    /** A stable key of the block's row {@code index}: the same for the same files, whoever reads them. */
    long row(int index) {
        return ((long) file << 40) ^ (start * 0x9E3779B97F4A7C15L) ^ index;
    }
}
