package dev.estimator.engine;

/**
 * The split of rows {@code [0, n)} into {@code count} contiguous ranges, partition {@code j} being
 * {@code [⌊j·n/count⌋, ⌊(j+1)·n/count⌋)}. The split depends only on n and the count, never on threads.
 */
record Partitions(int rows, int count) {

    public Partitions {
        if (rows < 0 || count < 1) {
            throw new IllegalArgumentException("rows >= 0 and count >= 1 required");
        }
    }

    public int start(int partition) {
        return (int) ((long) partition * rows / count);
    }

    public int end(int partition) {
        return (int) ((long) (partition + 1) * rows / count);
    }

    public int size(int partition) {
        return end(partition) - start(partition);
    }
}
