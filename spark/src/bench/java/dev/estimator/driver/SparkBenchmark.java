package dev.estimator.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.estimator.engine.Algorithm;
import dev.estimator.engine.BlockSums;
import dev.estimator.engine.DesignSpec;
import dev.estimator.engine.MissingPolicy;
import dev.estimator.engine.ModelKind;
import dev.estimator.engine.TrainingConfig;
import dev.estimator.engine.TrainingOutcome;
import dev.estimator.engine.TrainingPlan;
import dev.estimator.engine.TrainingSums;

/**
 * Not a test: {@code ../mvnw -Pbench verify -DskipTests} in spark/ (compiled by that profile only). On the same Parquet data and the same
 * {@code local[2]}: our GD iteration (one broadcast, one partial sum per block collected and added in key order)
 * against Spark's empty round trip over the same blocks plus our kernel's time in-process, Spark ML's
 * LinearRegression (L-BFGS) per iteration, and the time to a converged fit (our L-BFGS against Spark ML's).
 * Knobs: -Dbench.rows=1000000 -Dbench.p=16 -Dbench.files=8 -Dbench.iterations=30.
 */
public final class SparkBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int p = Integer.getInteger("bench.p", 16);
        int files = Integer.getInteger("bench.files", 8);
        int iterations = Integer.getInteger("bench.iterations", 30);
        Path dir = Files.createTempDirectory("estimator-bench");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("estimator-bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            Path parquet = dir.resolve("data");
            data(spark, rows, p).repartition(files).write().parquet(parquet.toString());
            List<String> features = new ArrayList<>();
            for (int j = 0; j < p; j++) {
                features.add("x" + j);
            }
            DesignSpec design = new DesignSpec("y", features, ModelKind.LINEAR, true, true, MissingPolicy.ERROR,
                    DesignSpec.Holdout.NONE, 1);
            TrainingConfig gd = TrainingConfig.builder(ModelKind.LINEAR).maxIterations(iterations).tolerance(0)
                    .learningRate(0.5).build();
            try (SparkTraining training = SparkTraining.prepare(spark, Source.parquet(parquet.toUri().toString()),
                    Set.of(), new TrainingPlan(design, gd))) {
                long blocks = training.built().blocks().count();
                // our GD iteration on Spark: the median time between iterations, like the round trip's median (the
                // first iterations also warm the executors' JIT up, which the mean would charge to the iteration)
                List<Long> stamps = new ArrayList<>();
                long t0 = System.nanoTime();
                training.trainer().run((r, c) -> stamps.add(System.nanoTime()));
                double oursMean = (System.nanoTime() - t0) / 1e6 / stamps.size();
                double[] between = new double[stamps.size() - 1];
                for (int i = 0; i < between.length; i++) {
                    between[i] = (stamps.get(i + 1) - stamps.get(i)) / 1e6;
                }
                double ours = median(between);
                // Spark's empty round trip over the same persisted blocks
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                double[] empty = new double[iterations];
                for (int i = 0; i < iterations; i++) {
                    long s = System.nanoTime();
                    training.built().blocks().map(b -> 0).collect();
                    empty[i] = (System.nanoTime() - s) / 1e6;
                }
                // our kernel over the same blocks in this JVM
                List<DesignBlock> local = new ArrayList<>(training.built().blocks().collect());
                local.sort(Comparator.comparing(b -> b.key));
                List<BlockSums> sums = local.stream().map(b -> new BlockSums(b.matrix(training.built().shape()), gd))
                        .toList();
                TrainingSums inProcess = TrainingSums.ofBlocks(sums);
                double[] params = new double[p + 1];
                double[] grad = new double[p + 1];
                inProcess.training(params, grad);
                long k0 = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    inProcess.training(params, grad);
                }
                double kernel = (System.nanoTime() - k0) / 1e6 / iterations;
                double roundTrip = median(empty);
                System.out.printf("rows %d, p %d, %d blocks, local[2]%n", rows, p, blocks);
                System.out.printf("our GD iteration on Spark:         %8.1f ms (median; mean with the first: %.1f ms)%n",
                        ours, oursMean);
                System.out.printf("Spark's empty round trip (median): %8.1f ms%n", roundTrip);
                System.out.printf("our kernel in-process (1 thread):  %8.1f ms%n", kernel);
                System.out.printf("ratio ours / (round trip + kernel/2): %.2f (goal <= 1.2)%n",
                        ours / (roundTrip + kernel / 2));

                // Spark ML LinearRegression (L-BFGS), per iteration and to convergence
                Dataset<Row> ml = new VectorAssembler().setInputCols(features.toArray(String[]::new))
                        .setOutputCol("features").transform(spark.read().parquet(parquet.toString())).cache();
                ml.count();
                long m0 = System.nanoTime();
                LinearRegressionModel fixed = new LinearRegression().setSolver("l-bfgs").setMaxIter(iterations)
                        .setTol(0).setStandardization(true).setLabelCol("y").fit(ml);
                double mlPer = (System.nanoTime() - m0) / 1e6 / Math.max(1, fixed.summary().totalIterations());
                System.out.printf("Spark ML LinearRegression per iteration: %8.1f ms (%d iterations)%n", mlPer,
                        fixed.summary().totalIterations());
                long c0 = System.nanoTime();
                LinearRegressionModel converged = new LinearRegression().setSolver("l-bfgs").setMaxIter(1000)
                        .setTol(1e-10).setLabelCol("y").fit(ml);
                double mlFit = (System.nanoTime() - c0) / 1e6;
                TrainingConfig lbfgs = gd.toBuilder().algorithm(Algorithm.LBFGS).maxIterations(1000).tolerance(1e-12)
                        .build();
                try (SparkTraining again = SparkTraining.prepare(spark, Source.parquet(parquet.toUri().toString()),
                        Set.of(), new TrainingPlan(design, lbfgs))) {
                    long o0 = System.nanoTime();
                    TrainingOutcome outcome = again.trainer().run((r, c) -> true);
                    double oursFit = (System.nanoTime() - o0) / 1e6;
                    System.out.printf("converged fit: ours (L-BFGS) %8.0f ms, %d iterations, loss %.12g; "
                            + "Spark ML %8.0f ms, %d iterations, objective %.12g%n", oursFit, outcome.iterations(),
                            outcome.lastLoss(), mlFit, converged.summary().totalIterations(),
                            converged.summary().objectiveHistory()[converged.summary().totalIterations() - 1]);
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** y = 1 + Σ (j mod 3 − 1)·x_j/2 + noise, x standard normal; each partition seeded by its first id. */
    private static Dataset<Row> data(SparkSession spark, int rows, int p) {
        StructType schema = new StructType();
        for (int j = 0; j < p; j++) {
            schema = schema.add("x" + j, DataTypes.DoubleType);
        }
        schema = schema.add("y", DataTypes.DoubleType);
        return spark.createDataFrame(spark.range(0, rows, 1, 8).javaRDD().mapPartitions(ids -> {
            List<Row> out = new ArrayList<>();
            Random r = null;
            while (ids.hasNext()) {
                long id = ids.next();
                if (r == null) {
                    r = new Random(id);
                }
                Object[] v = new Object[p + 1];
                double y = 1.0;
                for (int j = 0; j < p; j++) {
                    double x = r.nextGaussian();
                    v[j] = x;
                    y += (j % 3 - 1) * 0.5 * x;
                }
                v[p] = y + 0.3 * r.nextGaussian();
                out.add(RowFactory.create(v));
            }
            return out.iterator();
        }), schema);
    }
}
