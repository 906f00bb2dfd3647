package dev.estimator.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.estimator.engine.Algorithm;
import dev.estimator.engine.BlockSums;
import dev.estimator.engine.Coefficient;
import dev.estimator.engine.ColumnType;
import dev.estimator.engine.DesignMatrix;
import dev.estimator.engine.DesignMatrixBuilder;
import dev.estimator.engine.DesignShape;
import dev.estimator.engine.DesignSpec;
import dev.estimator.engine.FitResult;
import dev.estimator.engine.Frame;
import dev.estimator.engine.IterationRecord;
import dev.estimator.engine.MissingPolicy;
import dev.estimator.engine.ModelKind;
import dev.estimator.engine.ParallelMode;
import dev.estimator.engine.ResultSums;
import dev.estimator.engine.StochasticSums;
import dev.estimator.engine.Trainer;
import dev.estimator.engine.TrainingConfig;
import dev.estimator.engine.TrainingOutcome;
import dev.estimator.engine.TrainingPlan;
import dev.estimator.engine.TrainingSums;
import dev.estimator.engine.UpdateKind;
import dev.estimator.engine.WeightTotals;

/** Training on Spark in local[2] against the in-process engine, on Parquet written by the test. */
class SparkTrainingTest {

    private static final int ROWS = 3_000;
    private static SparkSession spark;
    @TempDir
    static Path dir;
    private static Path first;
    private static Path second;
    private static Path small;
    private static Path negative;
    private static Path gap;
    private static List<Row> rows;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("driver-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                // small splits: several blocks a file, several files a partition
                .config("spark.sql.files.maxPartitionBytes", "16k").getOrCreate();
        rows = rows(ROWS, 11);
        first = dir.resolve("first");
        second = dir.resolve("second");
        // the same rows written twice, in files of unequal size, which Spark packs into partitions by size
        frame(rows).repartition(4).write().parquet(first.toString());
        frame(rows).repartition(4).write().parquet(second.toString());
        // few rows, for sgd in gradient mode (one Spark job a row) and for bad weights
        List<Row> few = rows(150, 5);
        small = dir.resolve("small");
        frame(few).repartition(3).write().parquet(small.toString());
        negative = dir.resolve("negative");
        frame(withWeight(few, 40, -1.0)).repartition(3).write().parquet(negative.toString());
        gap = dir.resolve("gap");
        frame(withWeight(few, 70, null)).repartition(3).write().parquet(gap.toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static List<Row> rows(int n, long seed) {
        Random r = new Random(seed);
        String[] regions = {"north", "south", "east"};
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            double b = 3.0 + 2.0 * r.nextDouble();
            int region = r.nextInt(3);
            double margin = 0.5 + 0.8 * a - 0.3 * (b - 4.0) + 0.4 * region;
            double y = margin + 0.5 * r.nextGaussian();
            double yes = r.nextDouble() < 1.0 / (1.0 + Math.exp(-margin)) ? 1.0 : 0.0;
            double count = poisson(Math.exp(0.3 * margin), r);
            // prior weights (some 0), a log-exposure offset and the counts over that exposure, three classes, and
            // positive amounts with a log link
            double w = r.nextInt(4) * 0.5;
            double exposure = 0.5 + 2.0 * r.nextDouble();
            double claims = poisson(exposure * Math.exp(0.2 * margin - 0.5), r);
            double s1 = 0.7 * a + 0.3 * region;
            double s2 = -0.5 * a + 0.4 * (b - 4.0);
            double norm = 1.0 + Math.exp(s1) + Math.exp(s2);
            double u = r.nextDouble();
            String kind = u < 1.0 / norm ? "low" : u < (1.0 + Math.exp(s1)) / norm ? "mid" : "top";
            double amount = Math.exp(0.3 + 0.2 * a) * (-Math.log(1.0 - r.nextDouble()));
            out.add(RowFactory.create(a, b, regions[region], y, yes, count, w, Math.log(exposure), claims, kind,
                    amount));
        }
        return out;
    }

    private static List<Row> withWeight(List<Row> rows, int index, Double weight) {
        List<Row> out = new ArrayList<>(rows);
        Object[] values = new Object[rows.get(index).size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = rows.get(index).get(c);
        }
        values[6] = weight;
        out.set(index, RowFactory.create(values));
        return out;
    }

    private static double poisson(double mean, Random r) {
        double l = Math.exp(-mean);
        double p = 1.0;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    static Dataset<Row> frame(List<Row> rows) {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("region", DataTypes.StringType).add("y", DataTypes.DoubleType)
                .add("yes", DataTypes.DoubleType).add("count", DataTypes.DoubleType).add("w", DataTypes.DoubleType)
                .add("lexp", DataTypes.DoubleType).add("claims", DataTypes.DoubleType)
                .add("kind", DataTypes.StringType).add("amount", DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema);
    }

    static TrainingPlan plan(ModelKind model, String target, Algorithm algorithm, double holdout, int iterations) {
        DesignSpec design = new DesignSpec(target, List.of("a", "b", "region"), model, true, true, MissingPolicy.ERROR,
                DesignSpec.Holdout.fraction(holdout), 7);
        TrainingConfig config = TrainingConfig.builder(model).algorithm(algorithm).learningRate(0.2)
                .maxIterations(iterations).tolerance(0).patience(0).build();
        return new TrainingPlan(design, config);
    }

    record Run(TrainingOutcome outcome, List<IterationRecord> history, FitResult result) {
    }

    static Run onSpark(Path data, TrainingPlan plan) {
        try (SparkTraining training = SparkTraining.prepare(spark, Source.parquet(data.toUri().toString()), Set.of(),
                plan)) {
            List<IterationRecord> history = new ArrayList<>();
            TrainingOutcome outcome = training.trainer().run((r, c) -> history.add(r));
            return new Run(outcome, history, training.result(outcome));
        }
    }

    @Test
    void sparkSumsAreBitIdenticalToTheEngineOverTheSameBlocks() {
        TrainingPlan plan = plan(ModelKind.LINEAR, "y", Algorithm.GD, 0.2, 25);
        try (SparkTraining training = SparkTraining.prepare(spark, Source.parquet(first.toUri().toString()), Set.of(),
                plan)) {
            assertTrue(training.built().blocks().count() >= 4, "a block per file at least");
            List<IterationRecord> sparkHistory = new ArrayList<>();
            TrainingOutcome onSpark = training.trainer().run((r, c) -> sparkHistory.add(r));

            List<DesignBlock> blocks = new ArrayList<>(training.built().blocks().collect());
            blocks.sort(Comparator.comparing(b -> b.key));
            List<BlockSums> sums = blocks.stream().map(b -> new BlockSums(b.matrix(training.built().shape()),
                    plan.training())).toList();
            List<IterationRecord> localHistory = new ArrayList<>();
            TrainingOutcome inProcess = new Trainer(training.built().shape(), plan.training(),
                    TrainingSums.ofBlocks(sums)).run((r, c) -> localHistory.add(r));

            assertArrayEquals(inProcess.params(), onSpark.params());
            assertEquals(localHistory.size(), sparkHistory.size());
            for (int i = 0; i < localHistory.size(); i++) {
                assertEquals(localHistory.get(i).loss(), sparkHistory.get(i).loss());
                assertEquals(localHistory.get(i).validationLoss(), sparkHistory.get(i).validationLoss());
            }
            assertTrue(training.built().shape().validationRows() > 400 && training.built().shape().validationRows() < 800,
                    "about a fifth held out by key: " + training.built().shape().validationRows());
        }
    }

    @Test
    void theSameParquetWrittenTwiceGivesTheSameBits() {
        TrainingPlan plan = plan(ModelKind.LOGISTIC, "yes", Algorithm.LBFGS, 0.2, 15);
        Run a = onSpark(first, plan);
        Run b = onSpark(second, plan);
        assertArrayEquals(a.outcome().params(), b.outcome().params());
        assertEquals(a.history().stream().map(IterationRecord::loss).toList(),
                b.history().stream().map(IterationRecord::loss).toList());
        assertEquals(a.result().trainMetrics(), b.result().trainMetrics());
    }

    @Test
    void modelsAgreeWithTheLocalEngineOnTheSameRows() {
        Frame local = localFrame(rows);
        for (Object[] c : new Object[][] {{ModelKind.LINEAR, "y"}, {ModelKind.LOGISTIC, "yes"},
                {ModelKind.POISSON, "count"}, {ModelKind.HUBER, "y"}}) {
            ModelKind model = (ModelKind) c[0];
            TrainingPlan plan = plan(model, (String) c[1], model == ModelKind.HUBER ? Algorithm.LBFGS : Algorithm.NEWTON,
                    0.0, 100);
            plan = new TrainingPlan(plan.design(), plan.training().toBuilder().tolerance(1e-14).build());
            Run spark = onSpark(first, plan);
            DesignMatrix matrix = DesignMatrixBuilder.build(local, plan.design());
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(2);
            try {
                TrainingOutcome outcome = new Trainer(matrix, plan.training(), pool).run((r, k) -> true);
                FitResult expected = FitResult.of(matrix, plan.training(), outcome);
                assertEquals(expected.trainingRows(), spark.result().trainingRows());
                List<Coefficient> e = expected.coefficients();
                List<Coefficient> s = spark.result().coefficients();
                assertEquals(e.size(), s.size());
                for (int j = 0; j < e.size(); j++) {
                    assertEquals(e.get(j).name(), s.get(j).name());
                    assertEquals(e.get(j).value(), s.get(j).value(), 1e-9, model + " " + e.get(j).name());
                }
                assertEquals(expected.intercept().value(), spark.result().intercept().value(), 1e-9, model + " intercept");
                assertEquals(expected.finalLoss(), spark.result().finalLoss(), 1e-9, model + " loss");
            } finally {
                pool.shutdown();
            }
        }
    }

    static TrainingPlan plan(ModelKind model, String target, Algorithm algorithm, double holdout, int iterations,
            String weights, String offset) {
        TrainingPlan plain = plan(model, target, algorithm, holdout, iterations);
        DesignSpec d = plain.design();
        return new TrainingPlan(new DesignSpec(d.target(), d.features(), model, d.fitIntercept(), d.standardize(),
                d.missing(), d.holdout(), d.seed(), weights, offset), plain.training());
    }

    static TrainingPlan stochastic(TrainingPlan plan, int batch, ParallelMode mode, UpdateKind update) {
        return new TrainingPlan(plan.design(), plan.training().toBuilder().batchSize(batch).parallelMode(mode)
                .update(update).learningRate(update == UpdateKind.PLAIN ? 0.05 : 0.01).build());
    }

    /**
     * Trains on Spark and in this JVM over the same blocks (in key order, with the same weight totals): the
     * parameters, every loss point and the result must be the same bits.
     */
    static Run againstTheBlocks(Path data, TrainingPlan plan) {
        try (SparkTraining training = SparkTraining.prepare(spark, Source.parquet(data.toUri().toString()), Set.of(),
                plan)) {
            List<IterationRecord> sparkHistory = new ArrayList<>();
            long started = System.nanoTime();
            TrainingOutcome onSpark = training.trainer().run((r, c) -> sparkHistory.add(r));
            // a figure for the README, not a check: an iteration's Spark time in this run
            System.out.printf("%s %s %s batch %d: %.0f ms an iteration on Spark (%d training rows, %d blocks)%n",
                    plan.training().algorithm(), plan.training().parallelMode(), plan.design().model(),
                    plan.training().batchSize(), (System.nanoTime() - started) / 1e6 / Math.max(1, onSpark.iterations()),
                    training.built().shape().trainingRows(), training.built().blocks().count());
            FitResult sparkResult = training.result(onSpark);

            DesignShape shape = training.built().shape();
            List<DesignBlock> blocks = new ArrayList<>(training.built().blocks().collect());
            blocks.sort(Comparator.comparing(b -> b.key));
            List<DesignMatrix> matrices = blocks.stream().map(b -> b.matrix(shape)).toList();
            WeightTotals totals = null;
            for (DesignMatrix m : matrices) {
                WeightTotals t = WeightTotals.of(m);
                totals = totals == null ? t : totals.plus(t);
            }
            assertEquals(totals, training.built().totals());
            final WeightTotals w = totals;
            List<BlockSums> sums = matrices.stream().map(m -> new BlockSums(m, plan.training(), w)).toList();
            List<IterationRecord> localHistory = new ArrayList<>();
            TrainingOutcome inProcess = new Trainer(shape, plan.training(), TrainingSums.ofBlocks(sums),
                    StochasticSums.ofBlocks(sums)).run((r, c) -> localHistory.add(r));
            FitResult expected = FitResult.of(shape, plan.training(), inProcess, ResultSums.merge(matrices.stream()
                    .map(m -> ResultSums.of(m, plan.training(), inProcess.params(), w)).toList()));

            String what = plan.training().algorithm() + " " + plan.training().parallelMode() + " "
                    + plan.design().model();
            assertTrue(blocks.size() >= 3, "several blocks: " + blocks.size());
            assertEquals(inProcess.stopReason(), onSpark.stopReason(), what);
            assertEquals(plan.training().maxIterations(), onSpark.iterations(), what + " ran every iteration");
            assertArrayEquals(inProcess.params(), onSpark.params(), what);
            assertEquals(localHistory.size(), sparkHistory.size(), what);
            for (int i = 0; i < localHistory.size(); i++) {
                assertEquals(localHistory.get(i).loss(), sparkHistory.get(i).loss(), what);
                assertEquals(localHistory.get(i).validationLoss(), sparkHistory.get(i).validationLoss(), what);
            }
            assertTrue(sparkHistory.get(sparkHistory.size() - 1).loss() < sparkHistory.get(0).loss(),
                    what + " learns: " + sparkHistory.get(0).loss() + " -> "
                            + sparkHistory.get(sparkHistory.size() - 1).loss());
            assertSameResult(expected, sparkResult, what);
            return new Run(onSpark, sparkHistory, sparkResult);
        }
    }

    /** Every number of the results the same (records compare their confidence intervals' arrays by identity). */
    private static void assertSameResult(FitResult expected, FitResult actual, String what) {
        assertEquals(expected.stopReason(), actual.stopReason(), what);
        assertEquals(expected.finalLoss(), actual.finalLoss(), what);
        assertEquals(expected.trainMetrics(), actual.trainMetrics(), what);
        assertEquals(expected.validationMetrics(), actual.validationMetrics(), what);
        assertEquals(expected.statistic(), actual.statistic(), what);
        List<Coefficient> e = all(expected);
        List<Coefficient> a = all(actual);
        assertEquals(e.size(), a.size(), what);
        for (int j = 0; j < e.size(); j++) {
            Coefficient x = e.get(j);
            Coefficient y = a.get(j);
            assertEquals(x.name(), y.name(), what);
            assertEquals(x.value(), y.value(), what + " " + x.name());
            assertEquals(x.standardError(), y.standardError(), what + " " + x.name());
            assertEquals(x.pValue(), y.pValue(), what + " " + x.name());
            assertArrayEquals(x.ci95(), y.ci95(), what + " " + x.name());
        }
    }

    @Test
    void stochasticEpochsAreBitIdenticalToTheEngineOverTheSameBlocks() {
        TrainingPlan linear = plan(ModelKind.LINEAR, "y", Algorithm.MINIBATCH, 0.2, 3);
        TrainingPlan logistic = plan(ModelKind.LOGISTIC, "yes", Algorithm.MINIBATCH, 0.2, 3);
        // a step of every block's slice, one Spark job a step; with an L1 proximal step
        againstTheBlocks(first, new TrainingPlan(logistic.design(), stochastic(logistic, 300, ParallelMode.GRADIENT,
                UpdateKind.PLAIN).training().toBuilder().l1(0.001).build()));
        // every block its own epoch, then averaged with the update rule's state
        againstTheBlocks(first, stochastic(linear, 64, ParallelMode.MODEL_AVERAGING, UpdateKind.ADAM));
        TrainingPlan sgd = plan(ModelKind.LINEAR, "y", Algorithm.SGD, 0.2, 3);
        againstTheBlocks(first, stochastic(sgd, 1, ParallelMode.MODEL_AVERAGING, UpdateKind.MOMENTUM));
        TrainingPlan fewSgd = plan(ModelKind.LINEAR, "y", Algorithm.SGD, 0.0, 2);
        againstTheBlocks(small, stochastic(fewSgd, 1, ParallelMode.GRADIENT, UpdateKind.PLAIN));
    }

    @Test
    void weightsOffsetsAndMoreModelsAreBitIdenticalToTheEngineOverTheSameBlocks() {
        againstTheBlocks(first, plan(ModelKind.POISSON, "claims", Algorithm.LBFGS, 0.2, 8, "w", "lexp"));
        againstTheBlocks(first, plan(ModelKind.LINEAR, "y", Algorithm.NEWTON, 0.2, 3, "w", null));
        againstTheBlocks(first, stochastic(plan(ModelKind.LINEAR, "y", Algorithm.MINIBATCH, 0.2, 3, "w", "lexp"),
                100, ParallelMode.MODEL_AVERAGING, UpdateKind.PLAIN));
        againstTheBlocks(first, plan(ModelKind.MULTINOMIAL, "kind", Algorithm.LBFGS, 0.2, 8, "w", null));
        againstTheBlocks(first, plan(ModelKind.GAMMA, "amount", Algorithm.GD, 0.2, 10, "w", null));
    }

    @Test
    void weightedAndOffsetModelsAgreeWithTheLocalEngineAndWeightedLeastSquares() {
        Frame local = localFrame(rows);
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(2);
        try {
            for (Object[] c : new Object[][] {{ModelKind.LINEAR, "y", "w", null}, {ModelKind.POISSON, "claims", "w", "lexp"},
                    {ModelKind.MULTINOMIAL, "kind", null, null}, {ModelKind.GAMMA, "amount", "w", null}}) {
                ModelKind model = (ModelKind) c[0];
                TrainingPlan plan = plan(model, (String) c[1], Algorithm.NEWTON, 0.0, 100, (String) c[2], (String) c[3]);
                // tolerance 0: newton stops when a step no longer lowers the loss, at the minimum to rounding
                plan = new TrainingPlan(plan.design(), plan.training().toBuilder().tolerance(0).build());
                FitResult spark = onSpark(first, plan).result();
                DesignMatrix matrix = DesignMatrixBuilder.build(local, plan.design());
                TrainingOutcome outcome = new Trainer(matrix, plan.training(), pool).run((r, k) -> true);
                FitResult expected = FitResult.of(matrix, plan.training(), outcome);
                assertEquals(expected.trainingRows(), spark.trainingRows());
                assertEquals(expected.statistic(), spark.statistic(), model + " statistic");
                assertEquals(expected.weights(), spark.weights());
                assertEquals(expected.offset(), spark.offset());
                // Newton stops when a step no longer lowers the loss in floating point; a loss that flat leaves the
                // parameters within about √ε of the optimum along its flattest direction, which for the
                // multinomial and gamma fits here is 1e-9..1e-8 (linear is exact in one step, poisson lands closer)
                double tolerance = model == ModelKind.LINEAR || model == ModelKind.POISSON ? 1e-9 : 1e-7;
                List<Coefficient> e = all(expected);
                List<Coefficient> s = all(spark);
                assertEquals(e.size(), s.size());
                for (int j = 0; j < e.size(); j++) {
                    assertEquals(e.get(j).name(), s.get(j).name());
                    assertEquals(e.get(j).value(), s.get(j).value(), tolerance, model + " " + e.get(j).name());
                    assertEquals(e.get(j).standardError(), s.get(j).standardError(), tolerance,
                            model + " standard error of " + e.get(j).name());
                }
                assertEquals(expected.finalLoss(), spark.finalLoss(), 1e-12, model + " loss");
                if (model == ModelKind.LINEAR) {
                    double[] wls = weightedLeastSquares(rows);
                    for (int j = 0; j < wls.length; j++) {
                        assertEquals(wls[j], s.get(j).value(), 1e-9 * Math.max(1.0, Math.abs(wls[j])),
                                "weighted least squares, " + s.get(j).name());
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The intercept first (when there is one), then the coefficients; class by class for multinomial. */
    private static List<Coefficient> all(FitResult r) {
        List<Coefficient> out = new ArrayList<>();
        if (r.intercept() != null) {
            out.add(r.intercept());
        }
        out.addAll(r.coefficients());
        for (FitResult.ClassCoefficients k : r.classes()) {
            out.add(k.intercept());
            out.addAll(k.coefficients());
        }
        assertTrue(out.size() > 1, "a fit has coefficients");
        return out;
    }

    /** (XᵀWX)⁻¹XᵀWy of y on (1, a, b, region=north, region=south), by commons-math3's QR. */
    private static double[] weightedLeastSquares(List<Row> rows) {
        int n = rows.size();
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            double sw = Math.sqrt(r.getDouble(6));
            String region = r.getString(2);
            x[i] = new double[] {sw, sw * r.getDouble(0), sw * r.getDouble(1), region.equals("north") ? sw : 0.0,
                    region.equals("south") ? sw : 0.0};
            y[i] = sw * r.getDouble(3);
        }
        return new org.apache.commons.math3.linear.QRDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(x, false)).getSolver()
                .solve(new org.apache.commons.math3.linear.ArrayRealVector(y, false)).toArray();
    }

    @Test
    void aNegativeWeightFailsNamingTheColumnAndAMissingOneFollowsThePolicy() {
        TrainingPlan plan = plan(ModelKind.LINEAR, "y", Algorithm.GD, 0.0, 2, "w", null);
        // Spark rethrows a task's failure as its SparkException, with the task's exception as its cause
        Exception bad = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> onSpark(negative, plan));
        Throwable design = cause(bad, dev.estimator.engine.DesignException.class);
        assertTrue(design.getMessage().contains("weights column 'w' has a negative value"), design.getMessage());

        Exception missing = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> onSpark(gap, plan));
        Throwable m = cause(missing, dev.estimator.engine.MissingValuesException.class);
        assertTrue(m.getMessage().contains("column 'w'"), m.getMessage());

        DesignSpec d = plan.design();
        TrainingPlan skip = new TrainingPlan(new DesignSpec(d.target(), d.features(), d.model(), true, true,
                MissingPolicy.SKIP, d.holdout(), d.seed(), "w", null), plan.training());
        assertEquals(149, onSpark(gap, skip).result().trainingRows(), "the row without a weight skipped");
    }

    private static Throwable cause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + t, t);
    }

    /** The rows as an upload holds them: numbers, and the region's codes into its sorted levels. */
    static Frame localFrame(List<Row> rows) {
        int n = rows.size();
        List<String> levels = List.of("east", "north", "south");
        List<String> kinds = List.of("low", "mid", "top");
        double[][] v = new double[11][n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            v[0][i] = r.getDouble(0);
            v[1][i] = r.getDouble(1);
            v[2][i] = levels.indexOf(r.getString(2));
            v[3][i] = r.getDouble(3);
            v[4][i] = r.getDouble(4);
            v[5][i] = r.getDouble(5);
            v[6][i] = r.getDouble(6);
            v[7][i] = r.getDouble(7);
            v[8][i] = r.getDouble(8);
            v[9][i] = kinds.indexOf(r.getString(9));
            v[10][i] = r.getDouble(10);
        }
        return new Frame(n, List.of(Frame.Column.numeric("a", v[0]), Frame.Column.numeric("b", v[1]),
                new Frame.Column("region", ColumnType.CATEGORICAL, v[2], levels), Frame.Column.numeric("y", v[3]),
                Frame.Column.numeric("yes", v[4]), Frame.Column.numeric("count", v[5]), Frame.Column.numeric("w", v[6]),
                Frame.Column.numeric("lexp", v[7]), Frame.Column.numeric("claims", v[8]),
                new Frame.Column("kind", ColumnType.CATEGORICAL, v[9], kinds), Frame.Column.numeric("amount", v[10])));
    }
}
