package dev.estimator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Full-batch loss and gradient over rows {@code [from, to)} of a block: each partition's sums are computed by
 * one worker as a ForkJoin task on the given pool, then added up in partition order. Because every partition
 * is summed by one task in row order and the partial sums are combined in a fixed order, the result is
 * bit-identical whatever the pool's parallelism.
 *
 * <p>Not thread-safe: one instance per trainer; it owns the per-partition workers and sums it reuses.
 */
final class PartitionedGradient {

    private final ForkJoinPool pool;
    private final Partitions partitions;
    private final int offset;
    private final int p;
    private final GradientKernel.Worker[] workers;
    private final double[][] partGrad;
    private final double[] partLoss;

    PartitionedGradient(ForkJoinPool pool, GradientKernel kernel, DenseBlock block, Loss loss, int from, int to,
            int partitionCount) {
        this.pool = pool;
        this.partitions = new Partitions(to - from, partitionCount);
        this.offset = from;
        this.p = block.p();
        this.workers = new GradientKernel.Worker[partitionCount];
        for (int j = 0; j < partitionCount; j++) {
            workers[j] = kernel.worker(block, loss);
        }
        this.partGrad = new double[partitionCount][p + 1];
        this.partLoss = new double[partitionCount];
    }

    Partitions partitions() {
        return partitions;
    }

    /**
     * Writes the sum over the rows of {@code ℓ'ᵢ·(xᵢ, 1)} to {@code grad} (length p + 1), unless it is null,
     * and returns the sum of the losses.
     */
    double sum(double[] params, double[] grad) {
        final boolean withGradient = grad != null;
        int count = partitions.count();
        List<ForkJoinTask<?>> tasks = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            final int part = j;
            final int from = offset + partitions.start(j);
            final int to = offset + partitions.end(j);
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    double[] g = partGrad[part];
                    Arrays.fill(g, 0.0);
                    partLoss[part] = withGradient ? workers[part].lossAndGradient(from, to, params, g)
                            : workers[part].loss(from, to, params);
                }
            });
        }
        if (count == 1) {
            tasks.get(0).invoke();
        } else {
            pool.invoke(new RecursiveAction() {
                @Override
                protected void compute() {
                    invokeAll(tasks);
                }
            });
        }
        double total = 0.0;
        if (withGradient) {
            Arrays.fill(grad, 0.0);
        }
        for (int j = 0; j < count; j++) {
            total += partLoss[j];
            if (withGradient) {
                double[] g = partGrad[j];
                for (int k = 0; k <= p; k++) {
                    grad[k] += g[k];
                }
            }
        }
        return total;
    }
}
