package dev.estimator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Full-batch epoch cost per row and per margin of the models with more than one margin or per-row weights,
 * against logistic regression on the same matrix (a plain harness, not a test; run by
 * {@code ./mvnw -B -Pbench verify -DskipTests} after {@link EpochBenchmark}).
 *
 * <p>Each configuration runs the public {@link Trainer} for {@code bench.iterations} GD iterations (one
 * partitioned loss-and-gradient pass each, 8 partitions) on a dedicated pool, {@code bench.rounds} times, and
 * reports the median ms per iteration and ns per row and margin: a k-class multinomial row has k − 1 margins,
 * a logistic row one. System properties: {@code bench.shapes} ({@code 1000000x16}), {@code bench.threads}
 * ({@code 2}), {@code bench.iterations} (20), {@code bench.rounds} (5).
 */
public final class ModelBenchmark {

    private ModelBenchmark() {
    }

    public static void main(String[] args) {
        String[] shapes = System.getProperty("bench.shapes", "1000000x16").split(",");
        int[] threads = Arrays.stream(System.getProperty("bench.threads", "2").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int iterations = Integer.getInteger("bench.iterations", 20);
        int rounds = Integer.getInteger("bench.rounds", 5);
        System.out.printf(Locale.ROOT, "%-12s %7s  %-34s %7s %10s %18s%n", "shape", "threads", "model (kernel)",
                "margins", "ms/epoch", "ns per row·margin");
        for (String shape : shapes) {
            String[] parts = shape.trim().split("x");
            int rows = Integer.parseInt(parts[0]);
            int p = Integer.parseInt(parts[1]);
            Frame frame = frame(rows, p, 7);
            for (int t : threads) {
                ForkJoinPool pool = new ForkJoinPool(t);
                try {
                    run(frame, ModelKind.LOGISTIC, "binary", null, GradientKernel.best(), "logistic", pool, iterations, rounds);
                    run(frame, ModelKind.LOGISTIC, "binary", null, GradientKernel.scalar(), "logistic", pool, iterations, rounds);
                    run(frame, ModelKind.LOGISTIC, "binary", "w", null, "logistic, weighted", pool, iterations, rounds);
                    // the general scalar kernel (what a fit without the Vector API runs), then the SIMD rows
                    for (GradientKernel kernel : new GradientKernel[] {GradientKernel.scalar(), GradientKernel.best()}) {
                        run(frame, ModelKind.MULTINOMIAL, "three", null, kernel, "multinomial, 3 classes", pool,
                                iterations, rounds);
                        run(frame, ModelKind.MULTINOMIAL, "five", null, kernel, "multinomial, 5 classes", pool,
                                iterations, rounds);
                    }
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    private static void run(Frame frame, ModelKind model, String target, String weights, GradientKernel kernel,
            String label, ForkJoinPool pool, int iterations, int rounds) {
        List<String> features = new ArrayList<>();
        for (Frame.Column c : frame.columns()) {
            if (c.name().startsWith("x")) {
                features.add(c.name());
            }
        }
        DesignMatrix data = DesignMatrixBuilder.build(frame, new DesignSpec(target, features, model, true, true,
                MissingPolicy.ERROR, DesignSpec.Holdout.NONE, 1, weights, null));
        TrainingConfig config = TrainingConfig.builder(model).learningRate(0.1).tolerance(0).maxIterations(iterations)
                .partitions(8).build();
        double[] perIteration = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Trainer trainer = kernel == null ? new Trainer(data, config, pool) : new Trainer(data, config, pool, kernel);
            TrainingOutcome o = trainer.run(TrainingListener.NONE);
            perIteration[r] = o.elapsedNanos() / 1e6 / o.iterations();
        }
        Arrays.sort(perIteration);
        double ms = perIteration[rounds / 2];
        int margins = data.blocks();
        GradientKernel used = kernel == null ? GradientKernel.best() : kernel;
        String name = label + " (" + (data.plain() ? used.name() : new GlmKernel(data, config.loss()).rows(used).name())
                + ")";
        System.out.printf(Locale.ROOT, "%-12s %7d  %-34s %7d %10.1f %18.2f%n", frame.rows() + "x"
                + (frame.columns().size() - 4), pool.getParallelism(), name, margins, ms,
                ms * 1e6 / ((double) data.rows() * margins));
    }

    /** p standard normal features; a 0/1 target, 3- and 5-class targets from random softmax models; weights. */
    private static Frame frame(int rows, int p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[p][rows];
        double[] binary = new double[rows];
        double[] three = new double[rows];
        double[] five = new double[rows];
        double[] w = new double[rows];
        for (int i = 0; i < rows; i++) {
            double m = 0.0;
            for (int j = 0; j < p; j++) {
                x[j][i] = r.nextGaussian();
                m += x[j][i] * ((j % 3) - 1) * 0.3;
            }
            binary[i] = r.nextDouble() < 1.0 / (1.0 + Math.exp(-m)) ? 1.0 : 0.0;
            three[i] = Math.floorMod((int) Math.floor(m + r.nextGaussian()), 3);
            five[i] = Math.floorMod((int) Math.floor(2 * m + r.nextGaussian()), 5);
            w[i] = 0.5 + r.nextDouble();
        }
        List<Frame.Column> columns = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            columns.add(Frame.Column.numeric("x" + j, x[j]));
        }
        columns.add(Frame.Column.numeric("binary", binary));
        columns.add(Frame.Column.categorical("three", three, List.of("a", "b", "c")));
        columns.add(Frame.Column.categorical("five", five, List.of("a", "b", "c", "d", "e")));
        columns.add(Frame.Column.numeric("w", w));
        return new Frame(rows, columns);
    }
}
