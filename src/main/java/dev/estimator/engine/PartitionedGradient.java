package dev.estimator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Full-batch loss and gradient of a mean loss over rows {@code [0, n)}: each partition's sums are
 * computed as a ForkJoin task on the given pool, then added up in partition order. Because every
 * partition is summed by one task in row order and the partial sums are combined in a fixed order, the
 * result is bit-identical whatever the pool's parallelism.
 *
 * <p>Not thread-safe: one instance per trainer; it owns the per-partition buffers it reuses every call.
 */
public final class PartitionedGradient {

    private final ForkJoinPool pool;
    private final GradientKernel kernel;
    private final Partitions partitions;
    private final int p;
    private final int dims;
    private final double[][] partGrad;
    private final double[] partLoss;
    private final GradientKernel.Scratch[] scratch;

    public PartitionedGradient(ForkJoinPool pool, GradientKernel kernel, int rows, int p, int partitionCount) {
        this(pool, kernel, rows, p, p + 1, partitionCount);
    }

    /** @param dims parameters of the model: p + 1, or more for a multinomial model's blocks */
    public PartitionedGradient(ForkJoinPool pool, GradientKernel kernel, int rows, int p, int dims,
            int partitionCount) {
        this.pool = pool;
        this.kernel = kernel;
        this.partitions = new Partitions(rows, partitionCount);
        this.p = p;
        this.dims = dims;
        this.partGrad = new double[partitionCount][dims];
        this.partLoss = new double[partitionCount];
        this.scratch = new GradientKernel.Scratch[partitionCount];
        for (int j = 0; j < partitionCount; j++) {
            scratch[j] = new GradientKernel.Scratch(p);
        }
    }

    public Partitions partitions() {
        return partitions;
    }

    /**
     * Writes the sum over rows of {@code ℓ'ᵢ·(xᵢ, 1)} to {@code grad} (length dims) and returns the sum
     * of the losses. Rows {@code [offset, offset + rows)} of {@code x}/{@code y} are used.
     */
    public double sum(double[] x, double[] y, int offset, double[] params, Loss loss, double[] grad, boolean withGradient) {
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
                    java.util.Arrays.fill(g, 0.0);
                    partLoss[part] = withGradient
                            ? kernel.lossAndGradient(x, y, p, from, to, params, loss, g, scratch[part])
                            : kernel.loss(x, y, p, from, to, params, loss, scratch[part]);
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
            java.util.Arrays.fill(grad, 0.0);
        }
        for (int j = 0; j < count; j++) {
            total += partLoss[j];
            if (withGradient) {
                double[] g = partGrad[j];
                for (int k = 0; k < dims; k++) {
                    grad[k] += g[k];
                }
            }
        }
        return total;
    }
}
