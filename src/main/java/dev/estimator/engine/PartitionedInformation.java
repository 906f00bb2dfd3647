package dev.estimator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The Fisher information over the training rows of one matrix, summed per partition by
 * {@link GlmKernel#information} on a pool and combined in partition order, so it is bit-identical whatever
 * the pool's parallelism. At most {@link #MAX_PARTS} partitions: each holds a dims × dims matrix, so their
 * number is bounded whatever the spec's partitions (it still depends on the spec only, never on threads).
 */
final class PartitionedInformation {

    static final int MAX_PARTS = 16;

    private final ForkJoinPool pool;
    private final GlmKernel kernel;
    private final Partitions partitions;
    private final int dims;
    private double[][] partInfo;

    PartitionedInformation(ForkJoinPool pool, GlmKernel kernel, Partitions training, int dims) {
        this.pool = pool;
        this.kernel = kernel;
        this.partitions = new Partitions(training.rows(), Math.min(training.count(), MAX_PARTS));
        this.dims = dims;
    }

    /** @see TrainingSums#information */
    void sum(double[] params, double[] info) {
        final int count = partitions.count();
        if (partInfo == null) {
            partInfo = new double[count][dims * dims];
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            final int part = j;
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    Arrays.fill(partInfo[part], 0.0);
                    kernel.information(partitions.start(part), partitions.end(part), params,
                            partInfo[part], false);
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
        Arrays.fill(info, 0.0);
        for (int j = 0; j < count; j++) {
            double[] part = partInfo[j];
            for (int k = 0; k < info.length; k++) {
                info[k] += part[k];
            }
        }
    }
}
