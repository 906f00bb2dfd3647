package dev.estimator.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The partitions' own work in an epoch of SGD or mini-batch SGD ({@link ParallelMode}), wherever their rows are:
 * in this JVM (contiguous partitions of one {@link DesignMatrix}, on a pool) or elsewhere (each block of a
 * cluster one partition, in a fixed block order). The central part of an epoch — the update after each step,
 * the averaging after the partitions' own epochs — is the {@link Trainer}'s, so both train alike.
 *
 * <p>Partition {@code j} visits its training rows in an order shuffled by a generator seeded with (seed, j,
 * epoch) ({@link BlockSums#step}, {@link BlockSums#localEpoch}).
 */
public interface StochasticSums {

    /**
     * Step {@code step} of {@code steps} of {@code epoch} in {@link ParallelMode#GRADIENT}: each partition's
     * gradient sum over its slice {@code [⌊k·nⱼ/S⌋, ⌊(k+1)·nⱼ/S⌋)} of its shuffled rows at {@code params}, added
     * in partition order into {@code grad} (overwritten).
     *
     * @return the rows of the step, over all partitions
     */
    int step(int epoch, long step, long steps, double[] params, double[] grad);

    /**
     * {@link ParallelMode#MODEL_AVERAGING}: every partition's own epoch of SGD over its shuffled rows from the same
     * start, in partition order.
     */
    List<Local> localEpochs(Start start);

    /** Where every partition's own epoch starts: the parameters, the update rule's state, the rate. */
    record Start(int epoch, double[] params, double[][] rule, double rate) implements Serializable {
    }

    /** Where a partition's own epoch ended, and over how many rows. */
    record Local(double[] params, double[][] rule, int rows) implements Serializable {
    }

    /** Blocks one after another, block j partition j: the reference for distributed epochs. */
    static StochasticSums ofBlocks(List<BlockSums> blocks) {
        return new StochasticSums() {
            @Override
            public int step(int epoch, long step, long steps, double[] params, double[] grad) {
                double[] part = new double[grad.length];
                java.util.Arrays.fill(grad, 0.0);
                int rows = 0;
                for (int j = 0; j < blocks.size(); j++) {
                    int r = blocks.get(j).step(j, epoch, step, steps, params, part);
                    if (r > 0) {
                        BlockSums.add(grad, part);
                        rows += r;
                    }
                }
                return rows;
            }

            @Override
            public List<Local> localEpochs(Start start) {
                List<Local> out = new ArrayList<>(blocks.size());
                for (int j = 0; j < blocks.size(); j++) {
                    out.add(blocks.get(j).localEpoch(j, start));
                }
                return out;
            }
        };
    }
}
