package dev.estimator.engine;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;

/**
 * Fits a {@link DesignMatrix} by partitioned parallel gradient descent, or any design whose sums come from
 * elsewhere ({@link TrainingSums}).
 *
 * <p>Each iteration is one update for {@link Algorithm#GD} and one epoch for SGD and mini-batch, after
 * which the training objective {@code (1/n)Σℓ + penalty} and its gradient are evaluated at the new
 * parameters in one pass (for GD that pass also gives the next step's gradient), and the listener is
 * called. Parameters start at zero.
 *
 * <p>Determinism: every random choice comes from a generator seeded by (seed, partition, epoch), each
 * partition's sums are computed by one task in row order, and partial results are combined in
 * partition order, so a given matrix, config and kernel give bit-identical results whatever the pool's
 * parallelism. {@link #snapshot()} captures everything the next iteration depends on, so a trainer
 * restored from it continues exactly as the original would have.
 *
 * <p>Lifecycle: construct, optionally {@link #restore(byte[])}, then {@link #run} once. Not thread-safe.
 */
public final class Trainer {

    /** A loss this many times its starting value counts as divergence. */
    static final double DIVERGENCE_FACTOR = 1e4;

    private final DesignShape shape;
    private final TrainingConfig config;
    private final Penalty penalty;
    private final int p;
    private final int dims;
    private final int trainingRows;
    private final TrainingSums sums;
    private final LearningRateSchedule schedule;
    private final UpdateRule rule;
    private final StochasticEpoch stochastic;
    private final SecondOrderSteps secondOrder;

    private final TrainerState state;
    private final double[] grad;

    public Trainer(DesignMatrix data, TrainingConfig config, ForkJoinPool pool) {
        this(data, config, pool, GradientKernel.best());
    }

    public Trainer(DesignMatrix data, TrainingConfig config, ForkJoinPool pool, GradientKernel kernel) {
        this(data.shape(), config, Local.of(data, config, pool, kernel));
    }

    /**
     * A trainer over sums from elsewhere (e.g. blocks on a cluster) for the full-batch algorithms ({@code gd},
     * {@code newton}, {@code lbfgs}); {@code sgd} and {@code minibatch} also need the partitions' own steps
     * ({@link #Trainer(DesignShape, TrainingConfig, TrainingSums, StochasticSums)}).
     */
    public Trainer(DesignShape shape, TrainingConfig config, TrainingSums sums) {
        this(shape, config, sums, null);
    }

    /** A trainer over sums and, for {@code sgd} and {@code minibatch}, partitions' steps from elsewhere. */
    public Trainer(DesignShape shape, TrainingConfig config, TrainingSums sums, StochasticSums stochastic) {
        this(shape, config, new Local(sums, stochastic(config) ? stochastic : null));
        if (stochastic(config) && stochastic == null) {
            throw new IllegalArgumentException(config.algorithm().name().toLowerCase()
                    + " needs the partitions' own steps (StochasticSums)");
        }
    }

    private static boolean stochastic(TrainingConfig config) {
        return config.algorithm() == Algorithm.SGD || config.algorithm() == Algorithm.MINIBATCH;
    }

    private Trainer(DesignShape shape, TrainingConfig config, Local local) {
        this.shape = shape;
        this.config = config;
        this.p = shape.p();
        this.dims = shape.dims();
        this.penalty = config.penalty(p, shape.blocks());
        this.trainingRows = shape.trainingRows();
        this.sums = local.sums();
        this.schedule = new LearningRateSchedule(config.schedule(), config.learningRate());
        this.rule = config.update().create();
        this.rule.initialise(dims);
        this.stochastic = local.stochastic() == null ? null
                : new StochasticEpoch(shape, config, penalty, local.stochastic());
        this.secondOrder = !config.algorithm().secondOrder() ? null
                : new SecondOrderSteps(config.algorithm(), dims, trainingRows, shape.fitIntercept(), penalty, sums,
                        this::objective);
        this.state = new TrainerState(dims);
        this.grad = new double[dims];
    }

    /** The sums of a matrix in this JVM, and its partitions' stochastic steps. */
    private record Local(TrainingSums sums, StochasticSums stochastic) {

        static Local of(DesignMatrix data, TrainingConfig config, ForkJoinPool pool, GradientKernel kernel) {
            if (pool == ForkJoinPool.commonPool()) {
                throw new IllegalArgumentException("training runs on a dedicated pool, not the common pool");
            }
            Loss loss = config.loss();
            int trainingRows = data.trainingRows();
            int dims = data.dims();
            // Weights and offsets need the general kernel; multinomial rows its SIMD form when the fit runs SIMD.
            GlmKernel glm = data.plain() && config.algorithm() != Algorithm.NEWTON ? null : new GlmKernel(data, loss);
            GradientKernel rows = data.plain() ? kernel : glm.rows(kernel);
            int parts = Math.max(1, Math.min(config.partitions(), trainingRows));
            PartitionedGradient training = new PartitionedGradient(pool, rows, data.block(), loss, 0, trainingRows,
                    dims, parts);
            PartitionedGradient validation = data.validationRows() == 0 ? null
                    : new PartitionedGradient(pool, rows, data.block(), loss, trainingRows, data.rows(), dims,
                            Math.max(1, Math.min(parts, data.validationRows())));
            PartitionedInformation information = !config.algorithm().secondOrder() ? null
                    : new PartitionedInformation(pool, glm != null ? glm : new GlmKernel(data, loss),
                            training.partitions(), dims);
            TrainingSums sums = new TrainingSums() {
                @Override
                public double training(double[] params, double[] grad) {
                    return training.sum(params, grad);
                }

                @Override
                public double validation(double[] params) {
                    return validation.sum(params, null);
                }

                @Override
                public void information(double[] params, double[] info) {
                    information.sum(params, info);
                }
            };
            return new Local(sums, !Trainer.stochastic(config) ? null
                    : new StochasticEpoch.InProcess(data, config, pool, rows, loss, training.partitions()));
        }
    }

    /** Continues from a {@link #snapshot()} of a trainer with the same matrix and config. */
    public void restore(byte[] snapshot) {
        double[][] steps = Snapshots.read(snapshot, state, schedule, rule);
        if (secondOrder != null) {
            secondOrder.restore(steps);
        }
    }

    /** The state after the last completed iteration; resuming from it continues bit-identically. */
    public byte[] snapshot() {
        return Snapshots.write(state, schedule, rule, secondOrder == null ? new double[0][] : secondOrder.state());
    }

    public TrainingOutcome run(TrainingListener listener) {
        final long startNanos = System.nanoTime() - state.elapsedNanos;
        double current = objective(state.params, grad);
        if (Double.isNaN(state.initialLoss)) {
            state.initialLoss = current;
            state.previousLoss = current;
        }
        if (!Double.isFinite(current)) {
            return outcome(StopReason.DIVERGED, state.iteration, current, startNanos);
        }
        final double limit = DIVERGENCE_FACTOR * Math.max(Math.abs(state.initialLoss), Double.MIN_NORMAL);
        final double[] lastGood = state.params.clone();

        while (true) {
            if (state.iteration >= config.maxIterations()) {
                return outcome(StopReason.MAX_ITERATIONS, -1, state.previousLoss, startNanos);
            }
            final int t = state.iteration;
            double rate = schedule.rate(t);
            if (secondOrder != null) {
                // A step that cannot lower the objective in floating point: the minimum is reached.
                current = secondOrder.step(state.params, grad, state.previousLoss);
                if (Double.isNaN(current)) {
                    return outcome(StopReason.TOLERANCE, -1, state.previousLoss, startNanos);
                }
                rate = secondOrder.lastStep();
            } else {
                if (stochastic == null) {
                    rule.step(state.params, grad, rate);
                    penalty.prox(state.params, rate);
                } else {
                    stochastic.run(state.params, rule, rate, t);
                }
                current = objective(state.params, grad);
            }
            if (!Double.isFinite(current) || current > limit || !allFinite(state.params)) {
                System.arraycopy(lastGood, 0, state.params, 0, dims);
                return outcome(StopReason.DIVERGED, t, state.previousLoss, startNanos);
            }
            final double validationLoss = validationLoss(state.params);
            schedule.observe(current);
            state.iteration = t + 1;

            StopReason stop = null;
            double change = Math.abs(current - state.previousLoss) / Math.max(Math.abs(state.previousLoss), Double.MIN_NORMAL);
            if (change < config.tolerance()) {
                stop = StopReason.TOLERANCE;
            }
            if (shape.validationRows() > 0 && config.patience() > 0) {
                if (validationLoss < state.bestValidationLoss) {
                    state.bestValidationLoss = validationLoss;
                    state.sinceBest = 0;
                    state.bestParams = state.params.clone();
                } else if (++state.sinceBest >= config.patience() && stop == null) {
                    stop = StopReason.EARLY_STOPPING;
                }
            }
            state.previousLoss = current;
            System.arraycopy(state.params, 0, lastGood, 0, dims);
            final long elapsed = System.nanoTime() - startNanos;
            state.elapsedNanos = elapsed;
            if (stop == null && config.maxRuntimeNanos() > 0 && elapsed >= config.maxRuntimeNanos()) {
                stop = StopReason.TIME_LIMIT;
            }
            IterationRecord record = new IterationRecord(t, current, validationLoss, norm(grad), rate, elapsed);
            boolean goOn = listener.onIteration(record, this::snapshot);
            if (stop == StopReason.EARLY_STOPPING) {
                System.arraycopy(state.bestParams, 0, state.params, 0, dims);
                return outcome(stop, -1, current, startNanos);
            }
            if (stop != null) {
                return outcome(stop, -1, current, startNanos);
            }
            if (!goOn || Thread.currentThread().isInterrupted()) {
                return outcome(StopReason.CANCELLED, -1, current, startNanos);
            }
        }
    }

    /** The training objective at {@code params}; its gradient goes to {@code gradOut}. */
    double objective(double[] params, double[] gradOut) {
        double sum = sums.training(params, gradOut);
        final double inv = 1.0 / trainingRows;
        for (int k = 0; k < dims; k++) {
            gradOut[k] *= inv;
        }
        penalty.addGradient(params, gradOut);
        if (!shape.fitIntercept()) {
            clearIntercepts(gradOut, p);
        }
        return sum * inv + penalty.value(params);
    }

    /** Zeroes the intercepts' entries ({@code [b(p+1) + p]}) of a gradient: a fit without intercept keeps them 0. */
    static void clearIntercepts(double[] grad, int p) {
        for (int k = p; k < grad.length; k += p + 1) {
            grad[k] = 0.0;
        }
    }

    /** Mean validation loss, without the penalty; NaN without validation rows. */
    private double validationLoss(double[] params) {
        if (shape.validationRows() == 0) {
            return Double.NaN;
        }
        double sum = sums.validation(params);
        return sum / shape.validationRows();
    }

    private TrainingOutcome outcome(StopReason reason, int divergedAt, double lastLoss, long startNanos) {
        state.elapsedNanos = System.nanoTime() - startNanos;
        return new TrainingOutcome(state.params.clone(), reason, state.iteration, divergedAt, lastLoss,
                state.elapsedNanos);
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    static double norm(double[] a) {
        double s = 0.0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** What a snapshot holds besides the schedule's and the update rule's state. */
    static final class TrainerState {
        double[] params;
        int iteration;
        long elapsedNanos;
        double initialLoss = Double.NaN;
        double previousLoss = Double.NaN;
        double bestValidationLoss = Double.POSITIVE_INFINITY;
        int sinceBest;
        double[] bestParams;

        TrainerState(int dims) {
            params = new double[dims];
            bestParams = new double[dims];
        }

        @Override
        public String toString() {
            return "iteration " + iteration + " params " + Arrays.toString(params);
        }
    }
}
