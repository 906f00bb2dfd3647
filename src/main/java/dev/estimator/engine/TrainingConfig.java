package dev.estimator.engine;

/**
 * Everything the trainer needs besides the data. Build with {@link #builder(ModelKind)}; the defaults are
 * the job spec's defaults.
 *
 * @param patience        early-stopping patience in iterations; 0 disables early stopping
 * @param maxRuntimeNanos 0 for no limit
 */
public record TrainingConfig(ModelKind model, double huberDelta, double l1, double l2, Algorithm algorithm,
        UpdateKind update, double learningRate, ScheduleKind schedule, int batchSize, int maxIterations,
        double tolerance, int partitions, ParallelMode parallelMode, int patience, long seed,
        long maxRuntimeNanos) implements java.io.Serializable {

    public TrainingConfig {
        require(model != null && algorithm != null && update != null && schedule != null && parallelMode != null,
                "enums must be set");
        require(huberDelta > 0.0 && Double.isFinite(huberDelta), "huberDelta must be > 0");
        require(learningRate > 0.0 && Double.isFinite(learningRate), "learningRate must be > 0");
        require(batchSize >= 1, "batchSize must be >= 1");
        require(maxIterations >= 1, "maxIterations must be >= 1");
        require(tolerance >= 0.0 && Double.isFinite(tolerance), "tolerance must be >= 0");
        require(partitions >= 1 && partitions <= 1024, "partitions must be in 1..1024");
        require(patience >= 0, "patience must be >= 0");
        require(maxRuntimeNanos >= 0, "maxRuntimeNanos must be >= 0");
        require(parallelMode == ParallelMode.GRADIENT || algorithm == Algorithm.SGD || algorithm == Algorithm.MINIBATCH,
                "model_averaging needs sgd or minibatch");
        require(algorithm != Algorithm.NEWTON || l1 == 0.0, "newton does not take l1; use lbfgs (OWL-QN)");
        new Penalty(l1, l2, 0);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public Loss loss() {
        return model.loss(huberDelta);
    }

    Penalty penalty(int p) {
        return new Penalty(l1, l2, p);
    }

    /** The penalty of a model with {@code blocks} blocks of p coefficients and an intercept. */
    public Penalty penalty(int p, int blocks) {
        return new Penalty(l1, l2, p, blocks);
    }

    /** Rows one step sees: 1 for SGD, {@code batchSize} for mini-batch; GD uses every row. */
    int stepRows() {
        return algorithm == Algorithm.SGD ? 1 : batchSize;
    }

    public static Builder builder(ModelKind model) {
        return new Builder(model);
    }

    public Builder toBuilder() {
        Builder b = new Builder(model);
        b.huberDelta = huberDelta;
        b.l1 = l1;
        b.l2 = l2;
        b.algorithm = algorithm;
        b.update = update;
        b.learningRate = learningRate;
        b.schedule = schedule;
        b.batchSize = batchSize;
        b.maxIterations = maxIterations;
        b.tolerance = tolerance;
        b.partitions = partitions;
        b.parallelMode = parallelMode;
        b.patience = patience;
        b.seed = seed;
        b.maxRuntimeNanos = maxRuntimeNanos;
        return b;
    }

    /** Fluent construction with the job spec's defaults. */
    public static final class Builder {
        private final ModelKind model;
        private double huberDelta = 1.0;
        private double l1;
        private double l2;
        private Algorithm algorithm = Algorithm.GD;
        private UpdateKind update = UpdateKind.PLAIN;
        private double learningRate = 0.1;
        private ScheduleKind schedule = ScheduleKind.CONSTANT;
        private int batchSize = 256;
        private int maxIterations = 1000;
        private double tolerance = 1e-8;
        private int partitions = 8;
        private ParallelMode parallelMode = ParallelMode.GRADIENT;
        private int patience = 10;
        private long seed = 42;
        private long maxRuntimeNanos;

        private Builder(ModelKind model) {
            this.model = model;
        }

        public Builder huberDelta(double v) { huberDelta = v; return this; }
        public Builder l1(double v) { l1 = v; return this; }
        public Builder l2(double v) { l2 = v; return this; }
        public Builder algorithm(Algorithm v) { algorithm = v; return this; }
        public Builder update(UpdateKind v) { update = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder schedule(ScheduleKind v) { schedule = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder maxIterations(int v) { maxIterations = v; return this; }
        public Builder tolerance(double v) { tolerance = v; return this; }
        public Builder partitions(int v) { partitions = v; return this; }
        public Builder parallelMode(ParallelMode v) { parallelMode = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder maxRuntimeNanos(long v) { maxRuntimeNanos = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(model, huberDelta, l1, l2, algorithm, update, learningRate, schedule,
                    batchSize, maxIterations, tolerance, partitions, parallelMode, patience, seed, maxRuntimeNanos);
        }
    }
}
