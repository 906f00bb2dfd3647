package dev.estimator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * One epoch of SGD or mini-batch SGD over the training rows, in either {@link ParallelMode}; the partitions'
 * part is a {@link StochasticSums}, wherever their rows are, and this the central part.
 *
 * <p>Each partition visits its own rows in an order shuffled by a generator seeded with
 * (seed, partition, epoch), so the epoch's randomness does not depend on threads or on earlier epochs.
 * <ul>
 * <li>{@link ParallelMode#GRADIENT}: step k of S = ⌈n / batch⌉ takes from partition j the slice
 * {@code [⌊k·nⱼ/S⌋, ⌊(k+1)·nⱼ/S⌋)} of its shuffled rows — about {@code batch} rows in all, spread over
 * the partitions in proportion to their size. The partitions' gradient sums are added in partition order
 * and one central update is made.</li>
 * <li>{@link ParallelMode#MODEL_AVERAGING}: every partition runs its own SGD over its rows from the
 * same parameters and a copy of the update rule's state; parameters and rule state are then averaged,
 * weighted by partition rows (Zinkevich, Weimer, Smola and Li 2010).</li>
 * </ul>
 */
final class StochasticEpoch {

    private final TrainingConfig config;
    private final StochasticSums parts;
    private final Step update;
    private final int trainingRows;
    private final double[] stepGrad;

    StochasticEpoch(DesignShape shape, TrainingConfig config, Penalty penalty, StochasticSums parts) {
        this.config = config;
        this.parts = parts;
        this.update = new Step(penalty, shape.p(), shape.fitIntercept());
        this.trainingRows = shape.trainingRows();
        this.stepGrad = new double[shape.dims()];
    }

    void run(double[] params, UpdateRule rule, double rate, int epoch) {
        if (config.parallelMode() == ParallelMode.MODEL_AVERAGING) {
            averagedEpoch(params, rule, rate, epoch);
        } else {
            gradientEpoch(params, rule, rate, epoch);
        }
    }

    private void gradientEpoch(double[] params, UpdateRule rule, double rate, int epoch) {
        final long steps = Math.max(1, (trainingRows + (long) config.stepRows() - 1) / config.stepRows());
        for (long k = 0; k < steps; k++) {
            int rows = parts.step(epoch, k, steps, params, stepGrad);
            if (rows == 0) {
                continue;
            }
            update.apply(params, stepGrad, rows, rule, rate);
        }
    }

    private void averagedEpoch(double[] params, UpdateRule rule, double rate, int epoch) {
        List<StochasticSums.Local> local = parts.localEpochs(new StochasticSums.Start(epoch, params.clone(),
                rule.state(), rate));
        final int count = local.size();
        final double n = trainingRows;
        double[] weights = new double[count];
        double[][][] states = new double[count][][];
        Arrays.fill(params, 0.0);
        for (int j = 0; j < count; j++) {
            weights[j] = local.get(j).rows() / n;
            double[] w = local.get(j).params();
            for (int c = 0; c < params.length; c++) {
                params[c] += weights[j] * w[c];
            }
            states[j] = local.get(j).rule();
        }
        rule.averageStates(states, weights);
    }

    /** A step: the batch's mean gradient plus the L2 term, then the rule's step and the L1 proximal step. */
    record Step(Penalty penalty, int p, boolean fitIntercept) {

        void apply(double[] params, double[] sum, int rows, UpdateRule rule, double rate) {
            final double inv = 1.0 / rows;
            for (int c = 0; c < sum.length; c++) {
                sum[c] *= inv;
            }
            penalty.addGradient(params, sum);
            if (!fitIntercept) {
                Trainer.clearIntercepts(sum, p);
            }
            rule.step(params, sum, rate);
            penalty.prox(params, rate);
        }
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

    /**
     * The partitions of one matrix in this JVM: contiguous ranges of its training rows, their work forked on the
     * pool (a step only when it is large enough to pay for the forking: the same arithmetic in the same order
     * either way, so the same bits).
     */
    static final class InProcess implements StochasticSums {

        /** Below this many rows a step, forking tasks costs more than it saves. */
        private static final int PARALLEL_STEP_ROWS = 16_384;

        private final TrainingConfig config;
        private final ForkJoinPool pool;
        private final StochasticPart[] parts;
        private final double[][] partGrad;
        private final int[] partRows;
        private final Step update;
        private final int dims;

        InProcess(DesignMatrix data, TrainingConfig config, ForkJoinPool pool, GradientKernel kernel, Loss loss,
                Partitions partitions) {
            this.config = config;
            this.pool = pool;
            this.dims = data.dims();
            this.parts = new StochasticPart[partitions.count()];
            for (int j = 0; j < parts.length; j++) {
                parts[j] = new StochasticPart(kernel.worker(data.block(), loss), partitions.start(j),
                        partitions.end(j), config.seed(), j);
            }
            this.partGrad = new double[parts.length][dims];
            this.partRows = new int[parts.length];
            this.update = new Step(config.penalty(data.p(), data.blocks()), data.p(), data.fitIntercept());
        }

        @Override
        public int step(int epoch, long step, long steps, double[] params, double[] grad) {
            final int count = parts.length;
            if (config.stepRows() >= PARALLEL_STEP_ROWS && count > 1) {
                forEach(j -> partRows[j] = parts[j].slice(epoch, step, steps, params, partGrad[j]));
            } else {
                for (int j = 0; j < count; j++) {
                    partRows[j] = parts[j].slice(epoch, step, steps, params, partGrad[j]);
                }
            }
            Arrays.fill(grad, 0.0);
            int rows = 0;
            for (int j = 0; j < count; j++) {
                if (partRows[j] > 0) {
                    double[] g = partGrad[j];
                    for (int c = 0; c < dims; c++) {
                        grad[c] += g[c];
                    }
                    rows += partRows[j];
                }
            }
            return rows;
        }

        @Override
        public List<Local> localEpochs(Start start) {
            final Local[] out = new Local[parts.length];
            forEach(j -> {
                double[] params = start.params().clone();
                UpdateRule rule = config.update().create();
                rule.initialise(dims);
                rule.restore(start.rule());
                parts[j].localEpoch(start.epoch(), params, rule, start.rate(), config.stepRows(), update,
                        partGrad[j]);
                out[j] = new Local(params, rule.state(), parts[j].size());
            });
            return List.of(out);
        }

        private void forEach(java.util.function.IntConsumer task) {
            List<RecursiveAction> tasks = new ArrayList<>(parts.length);
            for (int j = 0; j < parts.length; j++) {
                final int part = j;
                tasks.add(new RecursiveAction() {
                    @Override
                    protected void compute() {
                        task.accept(part);
                    }
                });
            }
            pool.invoke(new RecursiveAction() {
                @Override
                protected void compute() {
                    invokeAll(tasks);
                }
            });
        }
    }
}
