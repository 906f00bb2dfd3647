package dev.estimator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * One epoch of SGD or mini-batch SGD over the training rows, in either {@link ParallelMode}.
 *
 * <p>Each partition visits its own rows in an order shuffled by a generator seeded with
 * (seed, partition, epoch), so the epoch's randomness does not depend on threads or on earlier epochs.
 * <ul>
 * <li>{@link ParallelMode#GRADIENT}: step k of S = ⌈n / batch⌉ takes from partition j the slice
 * {@code [⌊k·nⱼ/S⌋, ⌊(k+1)·nⱼ/S⌋)} of its shuffled rows — about {@code batch} rows in all, spread over
 * the partitions in proportion to their size. The partitions' gradient sums are added in partition order
 * and one central update is made. Small steps are summed on the calling thread (the same arithmetic
 * in the same order, so the same bits) because forking would cost more than the work.</li>
 * <li>{@link ParallelMode#MODEL_AVERAGING}: every partition runs its own SGD over its rows from the
 * same parameters and a copy of the update rule's state; parameters and rule state are then averaged,
 * weighted by partition rows (Zinkevich, Weimer, Smola and Li 2010).</li>
 * </ul>
 */
final class StochasticEpoch {

    /** Below this many rows a step, forking tasks costs more than it saves. */
    private static final int PARALLEL_STEP_ROWS = 16_384;

    private final DesignMatrix data;
    private final TrainingConfig config;
    private final ForkJoinPool pool;
    private final Loss loss;
    private final Penalty penalty;
    private final Partitions partitions;
    private final int p;
    private final int dims;
    private final int[] order;
    private final double[][] partGrad;
    private final GradientKernel.Worker[] workers;
    private final double[] stepGrad;

    StochasticEpoch(DesignMatrix data, TrainingConfig config, ForkJoinPool pool, GradientKernel kernel, Loss loss,
            Penalty penalty, Partitions partitions) {
        this.data = data;
        this.config = config;
        this.pool = pool;
        this.loss = loss;
        this.penalty = penalty;
        this.partitions = partitions;
        this.p = data.p();
        this.dims = p + 1;
        this.order = new int[data.trainingRows()];
        this.partGrad = new double[partitions.count()][dims];
        this.workers = new GradientKernel.Worker[partitions.count()];
        for (int j = 0; j < workers.length; j++) {
            workers[j] = kernel.worker(data.block(), loss);
        }
        this.stepGrad = new double[dims];
    }

    void run(double[] params, UpdateRule rule, double rate, int epoch) {
        for (int j = 0; j < partitions.count(); j++) {
            int from = partitions.start(j);
            int to = partitions.end(j);
            for (int i = from; i < to; i++) {
                order[i] = i;
            }
            shuffle(order, from, to, new SplittableRandom(seed(config.seed(), j, epoch)));
        }
        if (config.parallelMode() == ParallelMode.MODEL_AVERAGING) {
            averagedEpoch(params, rule, rate);
        } else {
            gradientEpoch(params, rule, rate);
        }
    }

    private void gradientEpoch(double[] params, UpdateRule rule, double rate) {
        final int n = data.trainingRows();
        final int count = partitions.count();
        final long steps = Math.max(1, (n + (long) config.stepRows() - 1) / config.stepRows());
        final boolean parallel = config.stepRows() >= PARALLEL_STEP_ROWS && count > 1;
        final int[] from = new int[count];
        final int[] to = new int[count];
        for (long k = 0; k < steps; k++) {
            int rows = 0;
            for (int j = 0; j < count; j++) {
                int size = partitions.size(j);
                from[j] = partitions.start(j) + (int) (k * size / steps);
                to[j] = partitions.start(j) + (int) ((k + 1) * size / steps);
                rows += to[j] - from[j];
            }
            if (rows == 0) {
                continue;
            }
            if (parallel) {
                List<RecursiveAction> tasks = new ArrayList<>(count);
                for (int j = 0; j < count; j++) {
                    final int part = j;
                    tasks.add(new RecursiveAction() {
                        @Override
                        protected void compute() {
                            partSum(part, from[part], to[part], params);
                        }
                    });
                }
                pool.invoke(new RecursiveAction() {
                    @Override
                    protected void compute() {
                        invokeAll(tasks);
                    }
                });
            } else {
                for (int j = 0; j < count; j++) {
                    partSum(j, from[j], to[j], params);
                }
            }
            Arrays.fill(stepGrad, 0.0);
            for (int j = 0; j < count; j++) {
                if (to[j] > from[j]) {
                    double[] g = partGrad[j];
                    for (int c = 0; c < dims; c++) {
                        stepGrad[c] += g[c];
                    }
                }
            }
            update(params, stepGrad, rows, rule, rate);
        }
    }

    private void partSum(int part, int from, int to, double[] params) {
        if (to > from) {
            double[] g = partGrad[part];
            Arrays.fill(g, 0.0);
            workers[part].lossAndGradient(order, from, to, params, g);
        }
    }

    private void averagedEpoch(double[] params, UpdateRule rule, double rate) {
        final int count = partitions.count();
        final double[][] local = new double[count][];
        final UpdateRule[] rules = new UpdateRule[count];
        List<RecursiveAction> tasks = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            final int part = j;
            local[j] = params.clone();
            rules[j] = rule.copy();
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    localEpoch(part, local[part], rules[part], rate);
                }
            });
        }
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
        final double n = data.trainingRows();
        double[] weights = new double[count];
        Arrays.fill(params, 0.0);
        for (int j = 0; j < count; j++) {
            weights[j] = partitions.size(j) / n;
            for (int c = 0; c < dims; c++) {
                params[c] += weights[j] * local[j][c];
            }
        }
        rule.average(rules, weights);
    }

    private void localEpoch(int part, double[] params, UpdateRule rule, double rate) {
        final int start = partitions.start(part);
        final int end = partitions.end(part);
        final int batch = config.stepRows();
        final double[] g = partGrad[part];
        for (int from = start; from < end; from += batch) {
            int to = Math.min(end, from + batch);
            Arrays.fill(g, 0.0);
            workers[part].lossAndGradient(order, from, to, params, g);
            update(params, g, to - from, rule, rate);
        }
    }

    /** Mean gradient of the batch plus the L2 term, then the rule's step and the L1 proximal step. */
    private void update(double[] params, double[] sum, int rows, UpdateRule rule, double rate) {
        final double inv = 1.0 / rows;
        for (int c = 0; c < dims; c++) {
            sum[c] *= inv;
        }
        penalty.addGradient(params, sum);
        if (!data.fitIntercept()) {
            sum[p] = 0.0;
        }
        rule.step(params, sum, rate);
        penalty.prox(params, rate);
    }

    /** Seed of partition {@code j}'s generator in {@code epoch}: SplitMix64 finalizers over the three. */
    static long seed(long seed, int partition, int epoch) {
        long z = mix(seed + 0x9E3779B97F4A7C15L * (partition + 1L));
        return mix(z ^ (0xBF58476D1CE4E5B9L * (epoch + 1L)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void shuffle(int[] a, int from, int to, SplittableRandom rng) {
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
