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
import dev.estimator.engine.DesignSpec;
import dev.estimator.engine.FitResult;
import dev.estimator.engine.Frame;
import dev.estimator.engine.IterationRecord;
import dev.estimator.engine.MissingPolicy;
import dev.estimator.engine.ModelKind;
import dev.estimator.engine.Trainer;
import dev.estimator.engine.TrainingConfig;
import dev.estimator.engine.TrainingOutcome;
import dev.estimator.engine.TrainingPlan;
import dev.estimator.engine.TrainingSums;

/** Training on Spark in local[2] against the in-process engine, on Parquet written by the test. */
class SparkTrainingTest {

    private static final int ROWS = 3_000;
    private static SparkSession spark;
    @TempDir
    static Path dir;
    private static Path first;
    private static Path second;
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
            out.add(RowFactory.create(a, b, regions[region], y, yes, count));
        }
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
                .add("yes", DataTypes.DoubleType).add("count", DataTypes.DoubleType);
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

    /** The rows as an upload holds them: numbers, and the region's codes into its sorted levels. */
    static Frame localFrame(List<Row> rows) {
        int n = rows.size();
        List<String> levels = List.of("east", "north", "south");
        double[][] v = new double[6][n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            v[0][i] = r.getDouble(0);
            v[1][i] = r.getDouble(1);
            v[2][i] = levels.indexOf(r.getString(2));
            v[3][i] = r.getDouble(3);
            v[4][i] = r.getDouble(4);
            v[5][i] = r.getDouble(5);
        }
        return new Frame(n, List.of(Frame.Column.numeric("a", v[0]), Frame.Column.numeric("b", v[1]),
                new Frame.Column("region", ColumnType.CATEGORICAL, v[2], levels), Frame.Column.numeric("y", v[3]),
                Frame.Column.numeric("yes", v[4]), Frame.Column.numeric("count", v[5])));
    }
}
