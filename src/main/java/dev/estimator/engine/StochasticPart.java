package dev.estimator.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One partition of an epoch of SGD or mini-batch SGD: rows {@code [start, end)} of a matrix, visited in an order
 * shuffled per epoch by a generator seeded with (seed, partition, epoch) — so the epoch's randomness depends
 * on neither threads, nor earlier epochs, nor where the partition's rows are. Not thread-safe (it owns its
 * worker and its order).
 */
final class StochasticPart {

    private final GradientKernel.Worker worker;
    private final int start;
    private final int size;
    private final long seed;
    private final int partition;
    private final int[] order;
    private int shuffled = -1;

    StochasticPart(GradientKernel.Worker worker, int start, int end, long seed, int partition) {
        this.worker = worker;
        this.start = start;
        this.size = end - start;
        this.seed = seed;
        this.partition = partition;
        this.order = new int[size];
    }

    int size() {
        return size;
    }

    int partition() {
        return partition;
    }

    /**
     * The gradient sum of step {@code step} of {@code steps}: the slice {@code [⌊k·n/S⌋, ⌊(k+1)·n/S⌋)} of the
     * epoch's shuffled rows, written to {@code grad} when the slice has rows.
     *
     * @return the slice's rows
     */
    int slice(int epoch, long step, long steps, double[] params, double[] grad) {
        int from = (int) (step * size / steps);
        int to = (int) ((step + 1) * size / steps);
        if (to > from) {
            shuffle(epoch);
            Arrays.fill(grad, 0.0);
            worker.lossAndGradient(order, from, to, params, grad);
        }
        return to - from;
    }

    /**
     * The partition's own epoch (model averaging): batches of {@code batch} shuffled rows, each a step of
     * {@code rule} on {@code params} (both updated in place); {@code g} is a buffer of dims values.
     */
    void localEpoch(int epoch, double[] params, UpdateRule rule, double rate, int batch, StochasticEpoch.Step update,
            double[] g) {
        shuffle(epoch);
        for (int from = 0; from < size; ) {
            int to = from + Math.min(batch, size - from);
            Arrays.fill(g, 0.0);
            worker.lossAndGradient(order, from, to, params, g);
            update.apply(params, g, to - from, rule, rate);
            from = to;
        }
    }

    /** The rows in the epoch's order: shuffled from row order afresh each epoch. */
    private void shuffle(int epoch) {
        if (epoch == shuffled) {
            return;
        }
        for (int i = 0; i < size; i++) {
            order[i] = start + i;
        }
        SplittableRandom rng = new SplittableRandom(StochasticEpoch.seed(seed, partition, epoch));
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        shuffled = epoch;
    }
}
