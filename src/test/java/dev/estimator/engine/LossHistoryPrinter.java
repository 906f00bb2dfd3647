package dev.estimator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Run in a child JVM by {@link JitTierIndependenceTest}: fits a fixed set of models (every loss, the
 * kernels' row shapes, GD, SGD and mini-batch, several update rules) {@code repeats} times and prints,
 * per fit, the kernel's name and the bits of every loss point and of the final parameters. The first
 * repeat runs mostly interpreted; later ones, in a JVM that compiles, in compiled code.
 */
final class LossHistoryPrinter {

    private LossHistoryPrinter() {
    }

    public static void main(String[] args) {
        int repeats = Integer.parseInt(args[0]);
        ForkJoinPool pool = new ForkJoinPool(2);
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < repeats; r++) {
            out.setLength(0);
            out.append("kernel ").append(GradientKernel.best().name()).append('\n');
            for (Fit fit : fits()) {
                out.append(fit.name()).append(':').append(history(fit, pool)).append('\n');
            }
            System.out.print("repeat " + r + "\n" + out);
        }
        pool.shutdown();
    }

    record Fit(String name, Frame frame, DesignSpec spec, TrainingConfig config) {
    }

    static List<Fit> fits() {
        List<Fit> fits = new ArrayList<>();
        Frame linear = frame(ModelKind.LINEAR, 403, 17, 31);
        Frame logistic = frame(ModelKind.LOGISTIC, 301, 9, 37);
        Frame poisson = frame(ModelKind.POISSON, 257, 3, 41);
        Frame huber = frame(ModelKind.HUBER, 211, 6, 43);
        fits.add(new Fit("linear-gd-plain", linear, spec(ModelKind.LINEAR),
                config(ModelKind.LINEAR).algorithm(Algorithm.GD).maxIterations(12).build()));
        fits.add(new Fit("logistic-gd-adam-step", logistic, spec(ModelKind.LOGISTIC),
                config(ModelKind.LOGISTIC).algorithm(Algorithm.GD).update(UpdateKind.ADAM)
                        .schedule(ScheduleKind.STEP).l2(0.01).maxIterations(12).build()));
        fits.add(new Fit("poisson-minibatch-adagrad", poisson, spec(ModelKind.POISSON),
                config(ModelKind.POISSON).algorithm(Algorithm.MINIBATCH).update(UpdateKind.ADAGRAD).batchSize(50)
                        .learningRate(0.05).maxIterations(3).build()));
        fits.add(new Fit("huber-sgd-averaging-nesterov", huber, spec(ModelKind.HUBER),
                config(ModelKind.HUBER).algorithm(Algorithm.SGD).parallelMode(ParallelMode.MODEL_AVERAGING)
                        .update(UpdateKind.NESTEROV).schedule(ScheduleKind.INVERSE_SCALING).learningRate(0.01)
                        .l1(0.001).maxIterations(2).build()));
        // four classes over nine columns: the multinomial SIMD rows' two whole vectors and a scalar leftover
        Frame multinomial = frame(ModelKind.MULTINOMIAL, 233, 9, 47);
        fits.add(new Fit("multinomial-gd-plain", multinomial, spec(ModelKind.MULTINOMIAL),
                config(ModelKind.MULTINOMIAL).algorithm(Algorithm.GD).maxIterations(8).build()));
        fits.add(new Fit("multinomial-minibatch-adam", multinomial, spec(ModelKind.MULTINOMIAL),
                config(ModelKind.MULTINOMIAL).algorithm(Algorithm.MINIBATCH).update(UpdateKind.ADAM).batchSize(40)
                        .learningRate(0.05).maxIterations(2).build()));
        return fits;
    }

    /**
     * Seeded data generated with operations the Java specification fixes ({@link SplittableRandom},
     * {@link StrictMath}), so every JVM gets the same matrix.
     */
    private static Frame frame(ModelKind model, int n, int p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] cols = new double[p][n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double m = 0.2;
            for (int j = 0; j < p; j++) {
                cols[j][i] = (j + 1) * 0.5 + (1.0 + j % 3) * (r.nextDouble() - 0.5);
                m += ((j % 3 - 1) * 0.4 + 0.05 * j) * (cols[j][i] - (j + 1) * 0.5) / (1.0 + j % 3);
            }
            y[i] = switch (model) {
                case LOGISTIC -> r.nextDouble() < 1.0 / (1.0 + StrictMath.exp(-m)) ? 1.0 : 0.0;
                case POISSON -> Math.floor(StrictMath.exp(m) * 2.0 * r.nextDouble() * 2.0);
                case HUBER -> m + (r.nextDouble() < 0.1 ? 20.0 : 1.0) * (r.nextDouble() - 0.5);
                case MULTINOMIAL -> Math.floorMod((int) Math.floor(2.0 * m + 2.0 * (r.nextDouble() - 0.5)), 4);
                default -> m + 0.5 * (r.nextDouble() - 0.5);
            };
        }
        if (model == ModelKind.MULTINOMIAL) {
            List<Frame.Column> columns = new ArrayList<>();
            for (int j = 0; j < p; j++) {
                columns.add(Frame.Column.numeric("x" + j, cols[j]));
            }
            columns.add(Frame.Column.categorical("y", y, List.of("a", "b", "c", "d")));
            return new Frame(n, columns);
        }
        return Fixtures.frame(cols, "y", y);
    }

    private static DesignSpec spec(ModelKind model) {
        return new DesignSpec("y", List.of(), model, true, true, MissingPolicy.ERROR,
                DesignSpec.Holdout.fraction(0.2), 5);
    }

    private static TrainingConfig.Builder config(ModelKind model) {
        return TrainingConfig.builder(model).partitions(3).tolerance(0).patience(0).seed(7);
    }

    static String history(Fit fit, ForkJoinPool pool) {
        DesignMatrix data = DesignMatrixBuilder.build(fit.frame(), fit.spec());
        StringBuilder s = new StringBuilder();
        TrainingOutcome o = new Trainer(data, fit.config(), pool).run((record, checkpoint) -> {
            s.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(record.loss())))
                    .append('/').append(Long.toHexString(Double.doubleToRawLongBits(record.validationLoss())));
            return true;
        });
        s.append(" |");
        for (double v : o.params()) {
            s.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(v)));
        }
        return s.toString();
    }
}
